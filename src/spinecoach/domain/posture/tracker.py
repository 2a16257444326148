"""The check over time: smoothed values, hysteresis, and "not yet in position".

Feed it one frame of landmarks at a time with its time in seconds (a video's frame time, or a live
camera's clock); it keeps just enough state to make the feedback steady:

- each measured value is smoothed with an exponential average whose time constant is
  `SMOOTHING_SECONDS`, so that a model's frame-to-frame jitter does not read as movement;
- a failing check stays failing until its value is back inside the tolerance by
  `HYSTERESIS_FRACTION` of it, so a value on the edge does not flicker between pass and fail;
- a new verdict is shown only after it has held for `SWITCH_SECONDS`;
- the person is "in position" after `SETTLE_SECONDS` of correct posture, and leaves it after
  `LEAVE_SECONDS` of anything else; only frames in position with a correct posture earn credit
  toward a rep or a hold.
"""

import math
from dataclasses import dataclass, field

from spinecoach.domain.posture.geometry import Reading
from spinecoach.domain.posture.landmarks import PoseFrame
from spinecoach.domain.posture.rules import (
    CORRECT,
    FrameResult,
    Measurements,
    Status,
    judge,
    measure_frame,
)
from spinecoach.domain.posture.targets import CameraPosture, Fault

# Tuned on the rendered clips (shared/data/posture/clips.json, 15 frames a second): together they
# keep the reported change of posture within 0.5 s of the labelled one, with no flicker.
SMOOTHING_SECONDS = 0.1
HYSTERESIS_FRACTION = 0.15
SWITCH_SECONDS = 0.1
SETTLE_SECONDS = 1.0
LEAVE_SECONDS = 1.0


@dataclass(frozen=True)
class TrackerSettings:
    smoothing_seconds: float = SMOOTHING_SECONDS
    hysteresis_fraction: float = HYSTERESIS_FRACTION
    switch_seconds: float = SWITCH_SECONDS
    settle_seconds: float = SETTLE_SECONDS
    leave_seconds: float = LEAVE_SECONDS


@dataclass(frozen=True)
class Tracked:
    """One frame's verdict as shown: `posture` is the steady one; `result` carries the checks."""

    time: float
    result: FrameResult
    posture: str
    changed: bool  # the shown posture changed with this frame (time to say the correction)
    in_position: bool
    credit: bool  # this frame counts toward a rep or a hold


@dataclass
class _State:
    values: dict[int, float] = field(default_factory=dict)
    failing: dict[int, Fault] = field(default_factory=dict)
    last_time: float | None = None
    shown: str | None = None
    candidate: str | None = None
    candidate_since: float = 0.0
    in_position: bool = False
    streak_since: float = 0.0  # since when the shown posture has been correct (or not correct)


class PostureTracker:
    """Stateful check of one key posture, one frame at a time (a video, or a live camera)."""

    def __init__(self, posture: CameraPosture, settings: TrackerSettings | None = None) -> None:
        self.posture = posture
        self.settings = settings or TrackerSettings()
        self._state = _State()

    def update(self, frame: PoseFrame | None, time: float) -> Tracked:
        state = self._state
        if state.last_time is not None and time < state.last_time:
            raise ValueError(f"frame time {time} comes before the previous one, {state.last_time}")
        measured = self._smooth(measure_frame(frame, self.posture), time)
        result = judge(measured, self.posture, state.failing, self.settings.hysteresis_fraction)
        state.failing = {
            n: r.fault for n, r in enumerate(result.checks) if r.status == Status.FAIL and r.fault is not None
        }
        state.last_time = time
        changed = self._debounce(result.posture, time)
        assert state.shown is not None
        self._follow_position(time)
        credit = state.in_position and state.shown == CORRECT
        return Tracked(time, result, state.shown, changed, state.in_position, credit)

    def _smooth(self, measured: Measurements, time: float) -> Measurements:
        state = self._state
        dt = 0.0 if state.last_time is None else time - state.last_time
        keep = math.exp(-dt / self.settings.smoothing_seconds) if self.settings.smoothing_seconds > 0 else 0.0
        readings = []
        for number, reading in enumerate(measured.readings):
            if reading.value is None:
                state.values.pop(number, None)
                readings.append(reading)
                continue
            previous = state.values.get(number)
            value = reading.value if previous is None else keep * previous + (1 - keep) * reading.value
            state.values[number] = value
            readings.append(Reading(value))
        if measured.frame is None:
            state.values.clear()
        return Measurements(measured.view, tuple(readings), measured.frame)

    def _debounce(self, posture: str, time: float) -> bool:
        state = self._state
        if state.shown is None:
            state.shown, state.candidate, state.candidate_since = posture, posture, time
            state.streak_since = time
            return True
        if posture == state.shown:
            state.candidate = posture
            return False
        if posture != state.candidate:
            state.candidate, state.candidate_since = posture, time
        if time - state.candidate_since >= self.settings.switch_seconds:
            was_correct = state.shown == CORRECT
            state.shown = posture
            if was_correct != (posture == CORRECT):
                state.streak_since = time
            return True
        return False

    def _follow_position(self, time: float) -> None:
        state = self._state
        held = time - state.streak_since
        if state.shown == CORRECT and not state.in_position and held >= self.settings.settle_seconds:
            state.in_position = True
        elif state.shown != CORRECT and state.in_position and held >= self.settings.leave_seconds:
            state.in_position = False
