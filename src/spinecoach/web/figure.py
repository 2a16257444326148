"""The animated figure of a guided session: joint positions computed from the catalog's key postures.

Each key posture gives joint angles (domain/exercises.py `Joint`); from them this module lays out a
side-view stick figure, hip at the origin, by walking the body's segments: torso from the hip, head
and arms from the shoulder, thigh and shin from the hip. The page draws the points as SVG lines and
moves between poses during the breathing phases. No image is drawn by hand or taken from elsewhere.
"""

import math
from dataclasses import dataclass

from spinecoach.domain.exercises import Exercise, Joint, KeyPosture, Position

# Segment lengths in figure units, in rough proportion to an adult body (torso = 50).
TORSO, THIGH, SHIN, UPPER_ARM, FOREARM, NECK = 50.0, 42.0, 40.0, 30.0, 27.0, 15.0
HEAD_RADIUS = 8.5
# Angles a posture may leave out: a relaxed default for each (degrees, as in `Joint`).
DEFAULTS = {Joint.HIP: 180.0, Joint.KNEE: 180.0, Joint.SHOULDER: 12.0, Joint.ELBOW: 170.0, Joint.NECK: 175.0}
UPRIGHT = {Position.STANDING, Position.SITTING, Position.KNEELING}
BREATHING = ("inhale", "hold", "exhale", "pause")

Point = tuple[float, float]
Pose = dict[str, Point]


def _toward(origin: Point, degrees: float, length: float) -> Point:
    rad = math.radians(degrees)
    return (origin[0] + length * math.cos(rad), origin[1] + length * math.sin(rad))


def _angle(posture: KeyPosture, joint: Joint) -> float | None:
    target = posture.angles.get(joint)
    return None if target is None else target.degrees


def pose_of(posture: KeyPosture, position: Position) -> Pose:
    """Joint positions (y up, hip at 0,0), the figure facing right.

    The body's front turns the limbs: hips and shoulders flex toward the front. Lying on the back the
    front faces up, so limbs turn the other way round (`front = -1`).
    """
    front = -1.0 if position == Position.LYING_ON_BACK else 1.0
    default_torso = 90.0 if position in UPRIGHT else 0.0
    torso = _angle(posture, Joint.TORSO_TO_HORIZONTAL)
    torso_dir = default_torso if torso is None else torso
    back = torso_dir + 180.0  # from the shoulder toward the hip

    hip = _angle(posture, Joint.HIP)
    thigh_to_vertical = _angle(posture, Joint.THIGH_TO_VERTICAL)
    if hip is None and thigh_to_vertical is not None:
        thigh_dir = 270.0 + front * thigh_to_vertical
    else:
        thigh_dir = back + front * (180.0 - (hip if hip is not None else DEFAULTS[Joint.HIP]))
    knee = _angle(posture, Joint.KNEE)
    shin_to_vertical = _angle(posture, Joint.SHIN_TO_VERTICAL)
    if knee is None and shin_to_vertical is not None:
        shin_dir = 270.0 - front * shin_to_vertical
    else:
        shin_dir = thigh_dir - front * (180.0 - (knee if knee is not None else DEFAULTS[Joint.KNEE]))
    shoulder_angle = _angle(posture, Joint.SHOULDER)
    arm_dir = back + front * (shoulder_angle if shoulder_angle is not None else DEFAULTS[Joint.SHOULDER])
    elbow = _angle(posture, Joint.ELBOW)
    forearm_dir = arm_dir + front * (180.0 - (elbow if elbow is not None else DEFAULTS[Joint.ELBOW]))
    neck = _angle(posture, Joint.NECK)
    head_dir = back + front * (neck if neck is not None else DEFAULTS[Joint.NECK])

    pose: Pose = {"hip": (0.0, 0.0)}
    pose["shoulder"] = _toward(pose["hip"], torso_dir, TORSO)
    pose["head"] = _toward(pose["shoulder"], head_dir, NECK)
    pose["elbow"] = _toward(pose["shoulder"], arm_dir, UPPER_ARM)
    pose["wrist"] = _toward(pose["elbow"], forearm_dir, FOREARM)
    pose["knee"] = _toward(pose["hip"], thigh_dir, THIGH)
    pose["ankle"] = _toward(pose["knee"], shin_dir, SHIN)
    return pose


def on_the_floor(pose: Pose) -> Pose:
    """SVG coordinates (y down): the lowest point of the body on the floor line y = 0."""
    lowest = min(y - (HEAD_RADIUS if name == "head" else 0.0) for name, (_, y) in pose.items())
    return {name: (round(x, 2), round(-(y - lowest), 2)) for name, (x, y) in pose.items()}


@dataclass(frozen=True)
class Figure:
    """The pose the body should reach at the end of each kind of step, and the frame that holds all."""

    poses: dict[str, Pose]  # by step kind: setup, inhale, hold, exhale, pause
    view_box: tuple[float, float, float, float]

    def as_dict(self) -> dict[str, object]:
        return {"poses": self.poses, "viewBox": " ".join(str(v) for v in self.view_box)}


def figure_of(exercise: Exercise) -> Figure:
    """The setup posture, and for each breathing phase the posture named for it; a phase without
    one keeps the pose it follows (a hold keeps the inhale's, a pause the exhale's)."""
    named = {p.at: on_the_floor(pose_of(p, exercise.position)) for p in exercise.key_postures}
    setup = named.get("setup") or next(iter(named.values()))
    poses = {"setup": setup}
    poses["inhale"] = named.get("inhale") or named.get("hold") or setup
    poses["hold"] = named.get("hold") or poses["inhale"]
    poses["exhale"] = named.get("exhale") or setup
    poses["pause"] = named.get("pause") or poses["exhale"]
    xs = [x for pose in poses.values() for x, _ in pose.values()]
    ys = [y for pose in poses.values() for _, y in pose.values()]
    margin = HEAD_RADIUS + 6
    left, top = min(xs) - margin, min(ys) - margin
    width, height = max(xs) - min(xs) + 2 * margin, max(0.0, max(ys)) - min(ys) + 2 * margin
    return Figure(poses, (round(left, 2), round(top, 2), round(width, 2), round(height, 2)))
