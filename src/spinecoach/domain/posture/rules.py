"""One frame against a key posture: which checks pass, which fail and by how much, and what to say.

`measure_frame` reads the values; `judge` compares them with the targets. They are apart so that the
tracker (`tracker.py`) can smooth the values over frames and judge with hysteresis in between.
"""

from dataclasses import dataclass
from enum import StrEnum

from spinecoach.domain.posture.corrections import CORRECTIONS, NO_PERSON, TURN_SIDEWAYS, unseen_hint
from spinecoach.domain.posture.geometry import Reading, Skeleton, View, estimate_view
from spinecoach.domain.posture.landmarks import Landmark, PoseFrame
from spinecoach.domain.posture.measures import read
from spinecoach.domain.posture.targets import CameraCheck, CameraPosture, Fault
from spinecoach.domain.text import Text

CORRECT = "correct"
NOT_VISIBLE = "not-visible"


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNSEEN = "unseen"  # the landmarks it needs are hidden or out of the picture
    SKIPPED = "skipped"  # not trusted from this camera view


@dataclass(frozen=True)
class CheckResult:
    check: CameraCheck
    status: Status
    value: float | None = None
    fault: Fault | None = None
    excess: float = 0.0  # how far past the tolerance, in the measure's unit (0 unless failing)
    missing: tuple[Landmark, ...] = ()

    def as_dict(self) -> dict[str, object]:
        c = self.check
        return {
            "measure": c.measure.value,
            "status": self.status.value,
            "value": None if self.value is None else round(self.value, 2),
            "target": c.target,
            "tolerance": c.tolerance,
            "fault": None if self.fault is None else self.fault.value,
            "excess": round(self.excess, 2),
        }


@dataclass(frozen=True)
class Measurements:
    """What one frame shows: the camera view and a reading per check (None when no person)."""

    view: View | None
    readings: tuple[Reading, ...]
    frame: PoseFrame | None


@dataclass(frozen=True)
class FrameResult:
    """The verdict on one frame: `posture` is `correct`, a fault name or `not-visible`."""

    view: View | None
    checks: tuple[CheckResult, ...]
    posture: str
    hint: Text | None

    @property
    def failing(self) -> list[CheckResult]:
        return [c for c in self.checks if c.status == Status.FAIL]


def measure_frame(frame: PoseFrame | None, posture: CameraPosture) -> Measurements:
    if frame is None:
        return Measurements(None, (), None)
    view = estimate_view(frame)
    body = Skeleton(frame, view, posture.level)
    return Measurements(view, tuple(read(body, c.measure) for c in posture.checks), frame)


def judge_check(
    check: CameraCheck, value: float, failing: Fault | None = None, margin: float = 0.0
) -> CheckResult:
    """Pass or fail one value. A check already failing in one direction stays failing until the value
    is back inside the tolerance by `margin` (a fraction of it): the hysteresis against flicker."""
    deviation = value - check.target
    for fault, beyond in ((check.too_high, deviation), (check.too_low, -deviation)):
        if fault is None:
            continue
        limit = check.tolerance * (1 - margin) if failing == fault else check.tolerance
        if beyond > limit:
            return CheckResult(check, Status.FAIL, value, fault, max(0.0, beyond - check.tolerance))
    return CheckResult(check, Status.PASS, value)


def judge(
    measured: Measurements,
    posture: CameraPosture,
    failing: dict[int, Fault] | None = None,
    margin: float = 0.0,
) -> FrameResult:
    """The verdict on measured values; `failing` maps check numbers to the fault they showed last."""
    if measured.frame is None or measured.view is None:
        return FrameResult(None, (), NOT_VISIBLE, NO_PERSON)
    view = measured.view
    results = []
    for number, (check, reading) in enumerate(zip(posture.checks, measured.readings, strict=True)):
        if view not in check.trusted_views:
            results.append(CheckResult(check, Status.SKIPPED))
        elif reading.value is None:
            results.append(CheckResult(check, Status.UNSEEN, missing=reading.missing))
        else:
            results.append(judge_check(check, reading.value, (failing or {}).get(number), margin))
    return _verdict(view, tuple(results), measured.frame, view in posture.views)


def _verdict(view: View, results: tuple[CheckResult, ...], frame: PoseFrame, good_view: bool) -> FrameResult:
    first_fail = next((r for r in results if r.status == Status.FAIL), None)
    if first_fail is not None and first_fail.fault is not None:
        return FrameResult(view, results, first_fail.fault.value, CORRECTIONS[first_fail.fault])
    # From a view the posture does not name, a fault a check can still see (standing up, seen
    # from the front) is reported; anything else would be a guess.
    if not good_view:
        return FrameResult(view, results, NOT_VISIBLE, TURN_SIDEWAYS)
    unseen = next((r for r in results if r.status == Status.UNSEEN), None)
    if unseen is not None:
        outside = any(not frame.in_picture(lm) for lm in unseen.missing)
        return FrameResult(view, results, NOT_VISIBLE, unseen_hint(unseen.missing, outside))
    if all(r.status == Status.SKIPPED for r in results):
        return FrameResult(view, results, NOT_VISIBLE, TURN_SIDEWAYS)
    return FrameResult(view, results, CORRECT, None)


def evaluate(frame: PoseFrame | None, posture: CameraPosture) -> FrameResult:
    """The verdict on a single frame, with no smoothing (a still image)."""
    return judge(measure_frame(frame, posture), posture)
