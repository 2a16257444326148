"""A prescription: one exercise with its reps, sets, breathing lengths and rest, checked.

Both the session plan and the program review go through `prescribe`, so a value that a plan
refuses is refused in a program in the same words.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from spinecoach.domain.errors import DomainError, OutOfRange
from spinecoach.domain.exercises import CountRange, Exercise, Phase
from spinecoach.domain.text import Text


@dataclass(frozen=True)
class TimedPhase:
    phase: Phase
    seconds: float
    text: Text


@dataclass(frozen=True)
class Prescription:
    exercise: Exercise
    reps: int
    sets: int
    cycle: tuple[TimedPhase, ...]
    rest: float


def prescribe(
    exercise: Exercise,
    reps: int | None = None,
    sets: int | None = None,
    breathing: Mapping[Phase, float] | None = None,
    rest: float | None = None,
) -> Prescription:
    """Fill in the exercise's defaults and refuse anything outside its declared ranges."""
    return Prescription(
        exercise=exercise,
        reps=_count(exercise.reps, reps, "reps", exercise.id),
        sets=_count(exercise.sets, sets, "sets", exercise.id),
        cycle=resolve_cycle(exercise, breathing or {}),
        rest=_rest(exercise, rest),
    )


def _count(allowed: CountRange, value: int | None, what: str, exercise_id: str) -> int:
    if value is None:
        return allowed.default
    if not allowed.holds(value):
        raise OutOfRange(f"{what} must be from {allowed.min} to {allowed.max} for {exercise_id}, got {value}")
    return value


def _rest(exercise: Exercise, value: float | None) -> float:
    if value is None:
        return exercise.rest.seconds
    r = exercise.rest
    if not r.min <= value <= r.max:
        raise OutOfRange(f"rest must be from {r.min:g} to {r.max:g} seconds for {exercise.id}, got {value:g}")
    return value


def resolve_cycle(exercise: Exercise, overrides: Mapping[Phase, float]) -> tuple[TimedPhase, ...]:
    """The breathing cycle with chosen lengths; fixed phases and tied phases cannot be set."""
    for phase, seconds in overrides.items():
        declared = exercise.phase(phase)
        if declared is None:
            names = ", ".join(p.phase.value for p in exercise.cycle)
            raise DomainError(f"{exercise.id} has no {phase.value} phase (its cycle is {names})")
        if declared.fixed:
            raise DomainError(
                f"the {phase.value} of {exercise.id} is fixed at {declared.seconds:g} s by its "
                "source and cannot be changed"
            )
        if declared.same_as is not None:
            raise DomainError(
                f"the {phase.value} of {exercise.id} lasts as long as the {declared.same_as.value}; "
                f"set the {declared.same_as.value} instead"
            )
        low, high = declared.min, declared.max
        assert low is not None and high is not None  # guaranteed by BreathPhase
        if not low <= seconds <= high:
            raise OutOfRange(
                f"the {phase.value} of {exercise.id} must last from {low:g} to {high:g} seconds, "
                f"got {seconds:g}"
            )
    chosen = {p.phase: overrides.get(p.phase, p.seconds) for p in exercise.cycle}
    return tuple(
        TimedPhase(p.phase, chosen[p.same_as] if p.same_as else chosen[p.phase], p.text)
        for p in exercise.cycle
    )
