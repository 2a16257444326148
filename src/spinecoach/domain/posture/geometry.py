"""The angles and spacings the posture check reads from the landmarks, and the camera view.

All angles are in degrees. "Up" is straight up in the room: the camera's own up, turned so that a line
the posture declares level (knees to wrists on the floor, for hands and knees) is level, which takes
out most of a camera's tilt. Angles seen side-on are measured in the picture itself, where the model
is most precise; from an angle they are measured on the model's 3D (world) points. Spacings across
the body are measured in the picture and are only meaningful when the camera sees the body's width.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from spinecoach.domain.posture import vectors as v
from spinecoach.domain.posture.landmarks import SIDES, Landmark, PoseFrame, Side, Vec

UP: Vec = (0.0, -1.0, 0.0)  # image and world y both point down

# Views by the angle between the body's left-right line and the picture plane (0 = facing the
# camera, 90 = side-on). On the rendered test set side views measure 67-90 degrees, the 45-degree
# views 16-77 (the model's depth is uncertain), so the side view starts at 70.
SIDE_VIEW_MIN_DEGREES = 70.0
FRONT_VIEW_MAX_DEGREES = 20.0
# Without 3D points: the shoulders' width in the picture against the torso's length; side-on the
# shoulders overlap (0-0.23 on the test set).
SIDE_VIEW_MAX_SHOULDER_RATIO = 0.25
# A declared level line further than this from the camera's horizontal is not trusted to correct it.
MAX_LEVEL_CORRECTION_DEGREES = 30.0


class View(StrEnum):
    SIDE = "side"
    OBLIQUE = "oblique"
    FRONT = "front"


class Measure(StrEnum):
    """What a posture check measures (docs/posture.md defines each)."""

    TORSO_TO_HORIZONTAL = "torso_to_horizontal"  # hip-mid -> shoulder-mid above level; + shoulders higher
    HIP = "hip"  # shoulder-hip-knee, 0-180
    KNEE = "knee"  # hip-knee-ankle, 0-180
    SHOULDER = "shoulder"  # hip-shoulder-wrist, 0-180
    HEAD_TO_TORSO = "head_to_torso"  # shoulder-mid -> ear-mid against the torso line; + head raised
    ARM_TO_VERTICAL = "arm_to_vertical"  # shoulder -> wrist against straight down; + hands toward the head
    THIGH_TO_VERTICAL = "thigh_to_vertical"  # hip -> knee against straight down, 0-180
    LEG_TO_VERTICAL = "leg_to_vertical"  # hip -> ankle against straight down, 0-180
    KNEE_SPACING = "knee_spacing"  # knee distance / shoulder distance in the picture
    HAND_SPACING = "hand_spacing"  # wrist distance / shoulder distance in the picture


SPACINGS = frozenset({Measure.KNEE_SPACING, Measure.HAND_SPACING})

# Where each measure can be trusted: spacings need to see the body's width, angles its profile.
TRUSTED_VIEWS: dict[Measure, frozenset[View]] = {
    m: frozenset({View.FRONT, View.OBLIQUE} if m in SPACINGS else {View.SIDE, View.OBLIQUE}) for m in Measure
}
# Where a check may declare itself trusted: also an upright torso is plain from the front (standing
# where lying is asked for), so a check of it may opt in to the front view.
ALLOWED_VIEWS: dict[Measure, frozenset[View]] = {
    **TRUSTED_VIEWS,
    Measure.TORSO_TO_HORIZONTAL: frozenset(View),
}


class LevelPart(StrEnum):
    """Body parts a posture may declare to lie at one height (both on the floor)."""

    KNEES = "knees"
    WRISTS = "wrists"
    ANKLES = "ankles"
    HIPS = "hips"
    SHOULDERS = "shoulders"


LEVEL_JOINTS: dict[LevelPart, Callable[[Side], Landmark]] = {
    LevelPart.KNEES: lambda s: s.knee,
    LevelPart.WRISTS: lambda s: s.wrist,
    LevelPart.ANKLES: lambda s: s.ankle,
    LevelPart.HIPS: lambda s: s.hip,
    LevelPart.SHOULDERS: lambda s: s.shoulder,
}


@dataclass(frozen=True)
class Reading:
    """A measured value, or None with the landmarks that could not be seen."""

    value: float | None
    missing: tuple[Landmark, ...] = ()


def estimate_view(frame: PoseFrame) -> View:
    """From where the camera sees the body, judged by the left-right line of shoulders and hips."""
    shoulders = (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    hips = (Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    if frame.world is not None:
        w = frame.world
        across = v.add(v.sub(w[shoulders[0]], w[shoulders[1]]), v.sub(w[hips[0]], w[hips[1]]))
        yaw = math.degrees(math.atan2(abs(across[2]), abs(across[0]) + 1e-9))
        if yaw >= SIDE_VIEW_MIN_DEGREES:
            return View.SIDE
        return View.FRONT if yaw <= FRONT_VIEW_MAX_DEGREES else View.OBLIQUE
    width = v.norm(v.sub(frame.pixel(shoulders[0]), frame.pixel(shoulders[1])))
    mid_shoulder = v.mean([frame.pixel(s) for s in shoulders])
    torso = v.norm(v.sub(mid_shoulder, v.mean([frame.pixel(h) for h in hips])))
    return View.SIDE if width <= SIDE_VIEW_MAX_SHOULDER_RATIO * max(torso, 1e-9) else View.OBLIQUE


class Skeleton:
    """The points of one frame in the coordinates that suit the view, with the room's up."""

    def __init__(self, frame: PoseFrame, view: View, level: tuple[LevelPart, LevelPart] | None = None):
        self.frame = frame
        self.view = view
        world = frame.world
        use_world = world is not None and view != View.SIDE
        self._point: Callable[[Landmark], Vec] = (
            (lambda lm: world[lm]) if use_world and world is not None else frame.pixel
        )
        self.up = self._levelled_up(level) if level else UP
        self.down = v.scale(self.up, -1.0)

    def point(self, landmark: Landmark) -> Vec:
        return self._point(landmark)

    def seen(self, *landmarks: Landmark) -> bool:
        return all(self.frame.visible(lm) for lm in landmarks)

    def _mid(self, landmarks: list[Landmark]) -> Vec | None:
        seen = [lm for lm in landmarks if self.frame.visible(lm)]
        return v.mean([self.point(lm) for lm in seen]) if seen else None

    def _levelled_up(self, level: tuple[LevelPart, LevelPart]) -> Vec:
        start = self._mid([LEVEL_JOINTS[level[0]](s) for s in SIDES])
        end = self._mid([LEVEL_JOINTS[level[1]](s) for s in SIDES])
        line = None if start is None or end is None else v.unit(v.sub(end, start))
        if line is None or abs(v.dot(UP, line)) > math.sin(math.radians(MAX_LEVEL_CORRECTION_DEGREES)):
            return UP
        return v.unit(v.reject(UP, line)) or UP

    def torso_axis(self) -> Vec | None:
        """Unit vector from the hips' middle to the shoulders' middle."""
        shoulders = self._mid([s.shoulder for s in SIDES])
        hips = self._mid([s.hip for s in SIDES])
        return None if shoulders is None or hips is None else v.unit(v.sub(shoulders, hips))

    def forward(self) -> Vec | None:
        """The level direction the torso points in (toward the head)."""
        axis = self.torso_axis()
        return None if axis is None else v.unit(v.reject(axis, self.up))
