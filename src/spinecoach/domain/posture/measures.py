"""Reading each `Measure` off a `Skeleton`, from the sides of the body that can be seen."""

import math
from collections.abc import Callable

from spinecoach.domain.posture import vectors as v
from spinecoach.domain.posture.geometry import Measure, Reading, Skeleton
from spinecoach.domain.posture.landmarks import LEFT, RIGHT, SIDES, Landmark, Side

SideAngle = Callable[[Skeleton, Side], float | None]


def _inner(joint: Callable[[Side], tuple[Landmark, Landmark, Landmark]]) -> SideAngle:
    def read(body: Skeleton, side: Side) -> float | None:
        a, b, c = (body.point(lm) for lm in joint(side))
        return v.angle(v.sub(a, b), v.sub(c, b))

    return read


def _from_vertical(start: Callable[[Side], Landmark], end: Callable[[Side], Landmark]) -> SideAngle:
    def read(body: Skeleton, side: Side) -> float | None:
        return v.angle(v.sub(body.point(end(side)), body.point(start(side))), body.down)

    return read


def _arm_forward(body: Skeleton, side: Side) -> float | None:
    forward = body.forward()
    if forward is None:
        return None
    arm = v.sub(body.point(side.wrist), body.point(side.shoulder))
    return math.degrees(math.atan2(v.dot(arm, forward), v.dot(arm, body.down)))


PER_SIDE: dict[Measure, tuple[Callable[[Side], tuple[Landmark, ...]], SideAngle]] = {
    Measure.HIP: (lambda s: (s.shoulder, s.hip, s.knee), _inner(lambda s: (s.shoulder, s.hip, s.knee))),
    Measure.KNEE: (lambda s: (s.hip, s.knee, s.ankle), _inner(lambda s: (s.hip, s.knee, s.ankle))),
    Measure.SHOULDER: (
        lambda s: (s.hip, s.shoulder, s.wrist),
        _inner(lambda s: (s.hip, s.shoulder, s.wrist)),
    ),
    Measure.ARM_TO_VERTICAL: (lambda s: (s.shoulder, s.hip, s.wrist), _arm_forward),
    Measure.THIGH_TO_VERTICAL: (lambda s: (s.hip, s.knee), _from_vertical(lambda s: s.hip, lambda s: s.knee)),
    Measure.LEG_TO_VERTICAL: (lambda s: (s.hip, s.ankle), _from_vertical(lambda s: s.hip, lambda s: s.ankle)),
}


def _per_side(body: Skeleton, measure: Measure) -> Reading:
    needs, read = PER_SIDE[measure]
    values: list[float] = []
    fewest_missing: tuple[Landmark, ...] | None = None
    for side in SIDES:
        missing = tuple(lm for lm in needs(side) if not body.frame.visible(lm))
        if missing:
            if fewest_missing is None or len(missing) < len(fewest_missing):
                fewest_missing = missing
            continue
        value = read(body, side)
        if value is not None:
            values.append(value)
    if values:
        return Reading(sum(values) / len(values))
    return Reading(None, fewest_missing or ())


def _any_seen(body: Skeleton, *groups: tuple[Landmark, Landmark]) -> tuple[Landmark, ...]:
    """The landmarks of each left/right pair of which neither side is seen."""
    return tuple(lm for pair in groups if not any(body.frame.visible(p) for p in pair) for lm in pair)


def _torso(body: Skeleton) -> Reading:
    missing = _any_seen(body, (LEFT.shoulder, RIGHT.shoulder), (LEFT.hip, RIGHT.hip))
    axis = body.torso_axis()
    if missing or axis is None:
        return Reading(None, missing)
    return Reading(math.degrees(math.asin(max(-1.0, min(1.0, v.dot(axis, body.up))))))


def _head(body: Skeleton) -> Reading:
    missing = _any_seen(body, (LEFT.shoulder, RIGHT.shoulder), (LEFT.hip, RIGHT.hip), (LEFT.ear, RIGHT.ear))
    axis = body.torso_axis()
    if missing or axis is None:
        return Reading(None, missing)
    shoulders = v.mean([body.point(s.shoulder) for s in SIDES if body.frame.visible(s.shoulder)])
    ears = v.mean([body.point(s.ear) for s in SIDES if body.frame.visible(s.ear)])
    head = v.sub(ears, shoulders)
    # The back of the body faces the ceiling in these postures, so "toward the back" is up, taken at
    # right angles to the torso; upright (standing) the body's left-right line gives it instead.
    back = v.unit(v.reject(body.up, axis))
    if back is None or v.norm(v.reject(body.up, axis)) < 0.3:
        across = v.sub(body.point(LEFT.shoulder), body.point(RIGHT.shoulder))
        back = v.unit(v.cross(axis, across))
    if back is None:
        return Reading(None)
    return Reading(math.degrees(math.atan2(v.dot(head, back), v.dot(head, axis))))


def _spacing(body: Skeleton, joint: Callable[[Side], Landmark]) -> Reading:
    needed = (joint(LEFT), joint(RIGHT), LEFT.shoulder, RIGHT.shoulder)
    missing = tuple(lm for lm in needed if not body.frame.visible(lm))
    if missing:
        return Reading(None, missing)
    pixel = body.frame.pixel
    width = v.norm(v.sub(pixel(LEFT.shoulder), pixel(RIGHT.shoulder)))
    if width < 1.0:
        return Reading(None)
    return Reading(v.norm(v.sub(pixel(joint(LEFT)), pixel(joint(RIGHT)))) / width)


def read(body: Skeleton, measure: Measure) -> Reading:
    """The value of one measure in this frame, or what kept it from being seen."""
    if measure in PER_SIDE:
        return _per_side(body, measure)
    if measure == Measure.TORSO_TO_HORIZONTAL:
        return _torso(body)
    if measure == Measure.HEAD_TO_TORSO:
        return _head(body)
    if measure == Measure.KNEE_SPACING:
        return _spacing(body, lambda s: s.knee)
    return _spacing(body, lambda s: s.wrist)
