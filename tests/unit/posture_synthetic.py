"""Synthetic landmarks for the posture tests: a stick body built from the angles it should show.

The body is built in the room (X toward the head, Y up, Z toward the person's left), turned by `yaw`
(0: the camera sees the left side; 90: the camera sees the top of the head... of a body lying
along X, i.e. the camera stands at the head end) and tilted by the camera's `pitch`, then projected
to a 640x480 picture without perspective (3 m across), so that angles in the picture equal the
true ones seen side-on.
"""

import math
from dataclasses import dataclass, field, replace

from spinecoach.domain.posture.landmarks import LANDMARK_COUNT, LEFT, RIGHT, Landmark, PoseFrame, Vec

WIDTH, HEIGHT = 640, 480
METRES_ACROSS = 3.0
THIGH, SHIN, TORSO, NECK, SHOULDER_WIDTH = 0.45, 0.42, 0.55, 0.22, 0.38


@dataclass(frozen=True)
class Body:
    """A posture by its angles, in degrees (see docs/posture.md for each definition).

    `thigh` and `shin` are measured from straight down, + toward the feet (backward); `arm` from
    straight down, + toward the head; `head` from the torso line, + raised. `floor_hands` makes the
    arms exactly long enough for the wrists to reach the knees' height (hands on the floor).
    """

    torso: float = 10.0
    thigh: float = 0.0
    shin: float = 90.0
    arm: float = 0.0
    head: float = -12.0
    knee_spacing: float = 1.0
    hand_spacing: float = 1.0
    floor_hands: bool = True
    arm_length: float = 0.6
    yaw: float = 0.0
    pitch: float = 0.0
    visibility: dict[Landmark, float] = field(default_factory=dict)
    far_side_visibility: float = 0.3
    shift: tuple[float, float] = (0.0, 0.0)  # move the picture, metres right and down

    def frame(self, world: bool = True) -> PoseFrame:
        room = self._room_points()
        camera = {lm: self._to_camera(p) for lm, p in room.items()}
        hips = _mid(camera[LEFT.hip], camera[RIGHT.hip])
        image, world_points = [], []
        for lm in Landmark:
            x, y, z = camera[lm]
            image.append(
                (
                    0.5 + (x + self.shift[0]) / METRES_ACROSS,
                    0.5 + (y + self.shift[1]) / (METRES_ACROSS * HEIGHT / WIDTH),
                    z / METRES_ACROSS,
                    self._visibility(lm),
                )
            )
            world_points.append((x - hips[0], y - hips[1], z - hips[2]))
        assert len(image) == LANDMARK_COUNT
        return PoseFrame.of(image, world_points if world else None, WIDTH, HEIGHT)

    def _visibility(self, lm: Landmark) -> float:
        if lm in self.visibility:
            return self.visibility[lm]
        far_is_right = math.cos(math.radians(self.yaw)) > 0.85  # side-on from the left: right side hidden
        return self.far_side_visibility if far_is_right and "RIGHT" in lm.name else 0.99

    def _to_camera(self, p: Vec) -> Vec:
        yaw, pitch = math.radians(self.yaw), math.radians(self.pitch)
        x, y, z = p
        x, z = x * math.cos(yaw) - z * math.sin(yaw), x * math.sin(yaw) + z * math.cos(yaw)
        cx, cy, cz = x, -y, -z  # camera: x right, y down, z away (the camera is on the left: +Z)
        # Looking down by `pitch`: points further away appear higher.
        cy, cz = cy * math.cos(pitch) - cz * math.sin(pitch), cy * math.sin(pitch) + cz * math.cos(pitch)
        return (cx, cy, cz)

    def _room_points(self) -> dict[Landmark, Vec]:
        t, th, sh, a = (math.radians(d) for d in (self.torso, self.thigh, self.shin, self.arm))
        knee_y = 0.1
        hip = (THIGH * math.sin(th), knee_y + THIGH * math.cos(th))
        shoulder = (hip[0] + TORSO * math.cos(t), hip[1] + TORSO * math.sin(t))
        knee = (0.0, knee_y)
        ankle = (knee[0] - SHIN * math.sin(sh), knee[1] - SHIN * math.cos(sh))
        arm = (shoulder[1] - knee_y) / math.cos(a) if self.floor_hands else self.arm_length
        wrist = (shoulder[0] + arm * math.sin(a), shoulder[1] - arm * math.cos(a))
        head_dir = t + math.radians(self.head)
        ear = (shoulder[0] + NECK * math.cos(head_dir), shoulder[1] + NECK * math.sin(head_dir))
        half = SHOULDER_WIDTH / 2
        points: dict[Landmark, Vec] = {}
        for side, sign in ((LEFT, 1.0), (RIGHT, -1.0)):
            z = sign * half
            points[side.shoulder] = (*shoulder, z)
            points[side.hip] = (*hip, z)
            points[side.knee] = (*knee, z * self.knee_spacing)
            points[side.ankle] = (*ankle, z * self.knee_spacing)
            points[side.wrist] = (*wrist, z * self.hand_spacing)
            points[side.elbow] = _mid(points[side.shoulder], points[side.wrist])
            points[side.ear] = (*ear, sign * 0.07)
        for lm in Landmark:
            if lm not in points:  # face, hands and feet: near the joint they belong to
                points[lm] = _nearest_joint(lm, points)
        return points


def _mid(a: Vec, b: Vec) -> Vec:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2)


def _nearest_joint(lm: Landmark, points: dict[Landmark, Vec]) -> Vec:
    name = lm.name
    side = RIGHT if name.startswith("RIGHT") else LEFT
    if any(part in name for part in ("PINKY", "INDEX", "THUMB")) and "FOOT" not in name:
        base = points[side.wrist]
    elif any(part in name for part in ("HEEL", "FOOT")):
        base = points[side.ankle]
    else:
        base = _mid(points[LEFT.ear], points[RIGHT.ear])
    return (base[0] + 0.03, base[1] - 0.02, base[2])


def hands_and_knees(**changes: object) -> Body:
    """A correct hands-and-knees posture (torso 10 degrees up, as with arms longer than thighs)."""
    return replace(Body(), **changes)  # type: ignore[arg-type]


def chest_on_table(**changes: object) -> Body:
    """A correct chest-on-table posture: torso level, legs hanging straight down."""
    base = Body(torso=0.0, thigh=0.0, shin=0.0, arm=60.0, head=-5.0, floor_hands=False)
    return replace(base, **changes)  # type: ignore[arg-type]
