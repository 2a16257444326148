"""Body landmarks as a pose model reports them: MediaPipe's 33-point layout.

Two views of the same body come in per frame. `image` holds 33 points in normalised image coordinates
(x across and y down, 0-1 of the picture's width and height; z is depth relative to the hips, on the
scale of x) with the model's visibility, 0-1. `world` holds the same points in metres around the hips
(x right, y down, z away from the camera), which keeps its shape when the camera looks from an angle.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

from spinecoach.domain.errors import DomainError

LANDMARK_COUNT = 33

# Below this visibility a landmark is not trusted: the model is guessing where a hidden or
# out-of-picture joint is. 0.5 is MediaPipe's own default for drawing a landmark; on the rendered
# test set (shared/data/posture) the limbs on the far side score 0.1-0.4 in side views.
MIN_VISIBILITY = 0.5


class Landmark(IntEnum):
    """The index of each point in MediaPipe's pose layout ("left" is the person's own left)."""

    NOSE = 0
    LEFT_EYE_INNER = 1
    LEFT_EYE = 2
    LEFT_EYE_OUTER = 3
    RIGHT_EYE_INNER = 4
    RIGHT_EYE = 5
    RIGHT_EYE_OUTER = 6
    LEFT_EAR = 7
    RIGHT_EAR = 8
    MOUTH_LEFT = 9
    MOUTH_RIGHT = 10
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_ELBOW = 13
    RIGHT_ELBOW = 14
    LEFT_WRIST = 15
    RIGHT_WRIST = 16
    LEFT_PINKY = 17
    RIGHT_PINKY = 18
    LEFT_INDEX = 19
    RIGHT_INDEX = 20
    LEFT_THUMB = 21
    RIGHT_THUMB = 22
    LEFT_HIP = 23
    RIGHT_HIP = 24
    LEFT_KNEE = 25
    RIGHT_KNEE = 26
    LEFT_ANKLE = 27
    RIGHT_ANKLE = 28
    LEFT_HEEL = 29
    RIGHT_HEEL = 30
    LEFT_FOOT_INDEX = 31
    RIGHT_FOOT_INDEX = 32


class Side(NamedTuple):
    """The joints of one side of the body that the posture angles use."""

    shoulder: Landmark
    elbow: Landmark
    wrist: Landmark
    hip: Landmark
    knee: Landmark
    ankle: Landmark
    ear: Landmark


LEFT = Side(
    Landmark.LEFT_SHOULDER,
    Landmark.LEFT_ELBOW,
    Landmark.LEFT_WRIST,
    Landmark.LEFT_HIP,
    Landmark.LEFT_KNEE,
    Landmark.LEFT_ANKLE,
    Landmark.LEFT_EAR,
)
RIGHT = Side(
    Landmark.RIGHT_SHOULDER,
    Landmark.RIGHT_ELBOW,
    Landmark.RIGHT_WRIST,
    Landmark.RIGHT_HIP,
    Landmark.RIGHT_KNEE,
    Landmark.RIGHT_ANKLE,
    Landmark.RIGHT_EAR,
)
SIDES = (LEFT, RIGHT)

Vec = tuple[float, float, float]


class ImagePoint(NamedTuple):
    """One landmark in the picture: x, y in 0-1 of width and height, z depth, visibility 0-1."""

    x: float
    y: float
    z: float
    visibility: float


@dataclass(frozen=True)
class PoseFrame:
    """The landmarks of one person in one frame, as the pose model reported them.

    `width` and `height` are the picture's size in pixels, so that angles in the picture are
    measured with true proportions. `world` may be missing when a model reports no 3D points;
    the checks then work from the picture alone and trust it only in a side view.
    """

    image: tuple[ImagePoint, ...]
    world: tuple[Vec, ...] | None
    width: int
    height: int

    def __post_init__(self) -> None:
        if len(self.image) != LANDMARK_COUNT:
            raise DomainError(f"a pose needs {LANDMARK_COUNT} image landmarks, got {len(self.image)}")
        if self.world is not None and len(self.world) != LANDMARK_COUNT:
            raise DomainError(f"a pose needs {LANDMARK_COUNT} world landmarks, got {len(self.world)}")
        if self.width <= 0 or self.height <= 0:
            raise DomainError(f"the picture size must be positive, got {self.width}x{self.height}")

    @classmethod
    def of(
        cls,
        image: Sequence[Sequence[float]],
        world: Sequence[Sequence[float]] | None,
        width: int,
        height: int,
    ) -> "PoseFrame":
        """Build a frame from plain lists: image rows [x, y, z, visibility], world rows [x, y, z]."""
        for name, rows, size in (("image", image, 4), ("world", world or (), 3)):
            bad = next((i for i, row in enumerate(rows) if len(row) != size), None)
            if bad is not None:
                raise DomainError(f"{name} landmark {bad} needs {size} numbers, got {len(rows[bad])}")
        points = tuple(ImagePoint(*(float(v) for v in row)) for row in image)
        world_points = None if world is None else tuple((float(x), float(y), float(z)) for x, y, z in world)
        return cls(points, world_points, width, height)

    def visible(self, landmark: Landmark) -> bool:
        point = self.image[landmark]
        inside = -0.02 <= point.x <= 1.02 and -0.02 <= point.y <= 1.02
        return inside and point.visibility >= MIN_VISIBILITY

    def in_picture(self, landmark: Landmark) -> bool:
        point = self.image[landmark]
        return 0.0 <= point.x <= 1.0 and 0.0 <= point.y <= 1.0

    def pixel(self, landmark: Landmark) -> Vec:
        """The point in the picture in pixels (z 0): true proportions for angles seen side-on."""
        point = self.image[landmark]
        return (point.x * self.width, point.y * self.height, 0.0)
