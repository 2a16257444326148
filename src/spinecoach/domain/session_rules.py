"""What happens during and after a session: the stop rules and the follow-up (seed rule S8).

In a session, mild discomfort is allowed and logged; sharp pain stops at once; pain that reaches
further down the leg than before the session stops the exercise (peripheralisation; McKenzie).
After it, a rise in pain regresses the next session and two sharp-pain stops in a row pause the
program until a doctor has been seen.
"""

from dataclasses import dataclass
from enum import StrEnum

from spinecoach.domain.exercises import CountRange
from spinecoach.domain.pain import Reach


class EventKind(StrEnum):
    DISCOMFORT = "discomfort"
    SHARP_PAIN = "sharp-pain"
    PAIN_REACH = "pain-reach"  # the person says how far the pain reaches now
    PAUSE = "pause"
    RESUME = "resume"
    QUIT = "quit"


class Outcome(StrEnum):
    COMPLETED = "completed"
    STOPPED_SHARP_PAIN = "stopped-sharp-pain"
    STOPPED_PAIN_SPREAD = "stopped-pain-spread"
    QUIT = "quit"
    INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class EventReaction:
    stop: Outcome | None
    message: str

    @property
    def shows_exit(self) -> bool:
        return self.stop is not None


DISCOMFORT_NOTE = (
    "Noted. A little discomfort is allowed: it means working muscles. If it turns into sharp pain, "
    "stop at once."
)
SHARP_PAIN_STOP = "Stop now. Come out of the position slowly, as shown, and rest."
SPREAD_STOP = (
    "The pain now reaches further down the leg than before you started. Stop this exercise and come "
    "out of the position slowly. Tell your instructor or doctor."
)
CENTRALISING = "The pain has moved back towards the spine: that is a good sign. Go on gently."
SAME_REACH = "The pain reaches no further than before. Go on gently, and stop if it spreads."


def respond(kind: EventKind, reach_before: Reach, reach_now: Reach | None = None) -> EventReaction:
    """The rule for one event during a session."""
    if kind == EventKind.SHARP_PAIN:
        return EventReaction(Outcome.STOPPED_SHARP_PAIN, SHARP_PAIN_STOP)
    if kind == EventKind.QUIT:
        return EventReaction(Outcome.QUIT, "Session ended. Come out of the position slowly.")
    if kind == EventKind.PAIN_REACH:
        if reach_now is None:
            raise ValueError("a pain-reach event needs where the pain reaches now")
        if reach_now.further_than(reach_before):
            return EventReaction(Outcome.STOPPED_PAIN_SPREAD, SPREAD_STOP)
        if reach_before.further_than(reach_now):
            return EventReaction(None, CENTRALISING)
        return EventReaction(None, SAME_REACH)
    if kind == EventKind.DISCOMFORT:
        return EventReaction(None, DISCOMFORT_NOTE)
    return EventReaction(None, "")


# A rise of 2 points on the 0-10 scale is clinically important (Farrar, Pain 2001;94:149).
PAIN_RISE_THAT_MATTERS = 2
# How many reps fewer the next session gets after such a rise: the project's choice, kept within
# the prescribed range.
REGRESSION_REPS = 2
# Two sessions in a row stopped by sharp pain pause the program (seed rule S8 applied twice).
SHARP_STOPS_TO_PAUSE = 2
# What a pause means for the person, in the same words on every front end: after the second stop,
# and whenever a session is asked for while the pause lasts.
PROGRAM_PAUSED = (
    "Two sessions in a row were stopped by sharp pain. Your program is paused: please see a "
    "doctor before you exercise again."
)
# How a pause ends on a server (in the terminal the person records the visit themself).
PAUSE_LIFTED = "Your instructor lifts the pause once the doctor's visit is recorded."


@dataclass(frozen=True)
class SessionResult:
    reps: int  # reps per set that were planned
    reps_range: CountRange
    pain_before: int
    pain_after: int
    outcome: Outcome


@dataclass(frozen=True)
class FollowUp:
    next_reps: int | None  # fewer reps for the next session of this exercise, when regressed
    alert_instructor: bool
    pause_program: bool
    messages: tuple[str, ...]


def follow_up(result: SessionResult, previous_outcomes: list[Outcome]) -> FollowUp:
    """Apply the after-session rules. `previous_outcomes` lists earlier sessions, newest first."""
    messages: list[str] = []
    next_reps = None
    rise = result.pain_after - result.pain_before
    if rise >= PAIN_RISE_THAT_MATTERS:
        next_reps = max(result.reps_range.min, result.reps - REGRESSION_REPS)
        messages.append(
            f"Your pain went up by {rise} points. Next time this exercise is made easier "
            f"({next_reps} breaths or reps a set). Mention it to your instructor or doctor."
        )
    recent = [result.outcome, *previous_outcomes][:SHARP_STOPS_TO_PAUSE]
    pause = len(recent) == SHARP_STOPS_TO_PAUSE and all(o == Outcome.STOPPED_SHARP_PAIN for o in recent)
    if pause:
        messages.append(PROGRAM_PAUSED)
    return FollowUp(next_reps, next_reps is not None or pause, pause, tuple(messages))
