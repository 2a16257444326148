"""How long the camera watched a session, and how much of that time the posture was correct.

The live check (web/posture_socket.py) judges frames one at a time as they arrive. Each judged frame
stands for the time until the next one, so the seconds add up whatever the frame rate; a gap longer
than `MAX_FRAME_GAP_SECONDS` (the camera was off, the connection stalled, frames were dropped for a
while) counts only up to that limit, so that time nobody watched is never counted as watched.

Only the breathing steps count (`COUNTED_PHASES`): during the setup, the rests and the way out of the
position the person is moving on purpose, and counting that as "not correct" would be unfair.
The share is `correct / observed`, shown to the person and the instructor as a plain fact about
the session, never as a score against others.
"""

from dataclasses import dataclass

from spinecoach.domain.posture.geometry import Measure
from spinecoach.domain.posture.landmarks import LEFT, RIGHT, Landmark
from spinecoach.domain.posture.rules import CORRECT

# At 15 frames a second a frame stands for 0.07 s; half a second covers a few dropped frames and a
# hiccup of the network, and no more.
MAX_FRAME_GAP_SECONDS = 0.5
COUNTED_PHASES = frozenset({"inhale", "hold", "exhale", "pause"})  # the breathing steps of a plan


@dataclass(frozen=True)
class PostureSeconds:
    """Seconds the camera watched the exercise, and of those, seconds in a correct posture."""

    observed: float = 0.0
    correct: float = 0.0

    def __post_init__(self) -> None:
        if not (0 <= self.correct <= self.observed + 1e-9):
            raise ValueError(f"correct seconds ({self.correct}) must be 0 to the observed ({self.observed})")

    def __add__(self, other: "PostureSeconds") -> "PostureSeconds":
        return PostureSeconds(self.observed + other.observed, self.correct + other.correct)

    def __sub__(self, other: "PostureSeconds") -> "PostureSeconds":
        return PostureSeconds(
            max(0.0, self.observed - other.observed), max(0.0, self.correct - other.correct)
        )

    @property
    def share(self) -> float | None:
        """Correct seconds as a fraction of the observed ones, 0-1; None when nothing was observed."""
        return None if self.observed <= 0 else min(1.0, self.correct / self.observed)

    def as_dict(self) -> dict[str, float | None]:
        share = self.share
        return {
            "observed_s": round(self.observed, 1),
            "correct_s": round(min(self.correct, self.observed), 1),
            "share": None if share is None else round(share, 3),
        }


class PostureClock:
    """Adds up the seconds frame by frame: call `frame` with each judged frame's time (seconds, any
    monotonic clock), its shown posture and the plan's phase at that moment."""

    def __init__(self, max_gap: float = MAX_FRAME_GAP_SECONDS) -> None:
        self.max_gap = max_gap
        self._total = PostureSeconds()
        self._last: tuple[float, bool, bool] | None = None  # time, counted, correct

    def frame(self, time: float, posture: str, phase: str | None) -> None:
        self._close_interval(time)
        self._last = (time, phase in COUNTED_PHASES, posture == CORRECT)

    def stop(self, time: float) -> None:
        """The camera stopped (or the connection ended) at `time`: the last frame's time ends there."""
        self._close_interval(time)
        self._last = None

    def _close_interval(self, time: float) -> None:
        if self._last is None:
            return
        since, counted, correct = self._last
        if time < since:
            raise ValueError(f"frame time {time} comes before the previous one, {since}")
        if counted:
            span = min(time - since, self.max_gap)
            self._total = self._total + PostureSeconds(span, span if correct else 0.0)

    @property
    def total(self) -> PostureSeconds:
        return self._total


def _both(*parts: str) -> frozenset[Landmark]:
    return frozenset(getattr(side, part) for side in (LEFT, RIGHT) for part in parts)


# The landmarks each measure is read from, so that a page can mark what a failing check is about.
MEASURE_LANDMARKS: dict[Measure, frozenset[Landmark]] = {
    Measure.TORSO_TO_HORIZONTAL: _both("shoulder", "hip"),
    Measure.HIP: _both("shoulder", "hip", "knee"),
    Measure.KNEE: _both("hip", "knee", "ankle"),
    Measure.SHOULDER: _both("hip", "shoulder", "wrist"),
    Measure.HEAD_TO_TORSO: _both("shoulder", "ear"),
    Measure.ARM_TO_VERTICAL: _both("shoulder", "wrist"),
    Measure.THIGH_TO_VERTICAL: _both("hip", "knee"),
    Measure.LEG_TO_VERTICAL: _both("hip", "ankle"),
    Measure.KNEE_SPACING: _both("knee", "shoulder"),
    Measure.HAND_SPACING: _both("wrist", "shoulder"),
}


def landmarks_of(measures: list[Measure]) -> list[int]:
    """The landmark indices (MediaPipe's layout) the given measures are read from, in order."""
    found: set[Landmark] = set()
    for measure in measures:
        found |= MEASURE_LANDMARKS[measure]
    return sorted(int(lm) for lm in found)
