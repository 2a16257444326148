"""Session plans: the single source of timing for every player (terminal now, browser later).

A plan is a flat list of steps with exact start and duration in seconds. It is contiguous: each step
starts where the one before ended, the first at 0, and `total` is where the last one ends.
"""

from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from spinecoach.domain.exercises import Step
from spinecoach.domain.prescription import Prescription, TimedPhase
from spinecoach.domain.text import Language, Text


class StepKind(StrEnum):
    SETUP = "setup"
    INHALE = "inhale"
    HOLD = "hold"
    EXHALE = "exhale"
    PAUSE = "pause"
    REST = "rest"
    EXIT = "exit"


BREATHING_KINDS = frozenset({StepKind.INHALE, StepKind.HOLD, StepKind.EXHALE, StepKind.PAUSE})


@dataclass(frozen=True)
class PlanStep:
    kind: StepKind
    start: float
    duration: float
    rep: int | None
    set: int | None
    text: Text

    @property
    def end(self) -> float:
        return self.start + self.duration

    def as_dict(self, language: Language = "en") -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "start": self.start,
            "duration": self.duration,
            "rep": self.rep,
            "set": self.set,
            "text": self.text.in_(language),
        }


@dataclass(frozen=True)
class Plan:
    exercise_id: str
    reps: int
    sets: int
    steps: tuple[PlanStep, ...]

    @property
    def total(self) -> float:
        return self.steps[-1].end

    @cached_property
    def _starts(self) -> list[float]:
        return [s.start for s in self.steps]

    @cached_property
    def _rep_ends(self) -> list[tuple[float, int, int]]:
        """(end, set, rep) of every rep, in time order."""
        ends: dict[tuple[int, int], float] = {}
        for s in self.steps:
            if s.kind in BREATHING_KINDS and s.rep is not None and s.set is not None:
                ends[(s.set, s.rep)] = s.end
        return sorted((end, set_, rep) for (set_, rep), end in ends.items())

    def index_at(self, t: float) -> int:
        """The step that is current at plan time t (a boundary belongs to the step it starts)."""
        return max(0, min(bisect_right(self._starts, t) - 1, len(self.steps) - 1))

    def progress_at(self, t: float) -> tuple[int, int]:
        """(reps done across all sets, sets done) once plan time t has passed."""
        done = [(set_, rep) for end, set_, rep in self._rep_ends if end <= t]
        return len(done), sum(1 for _, rep in done if rep == self.reps)

    def as_dict(self, language: Language = "en") -> dict[str, object]:
        return {
            "exercise": self.exercise_id,
            "reps": self.reps,
            "sets": self.sets,
            "steps": [s.as_dict(language) for s in self.steps],
            "total": self.total,
        }


class _Builder:
    def __init__(self) -> None:
        self.steps: list[PlanStep] = []
        self.clock = 0.0

    def add(self, kind: StepKind, seconds: float, text: Text, rep: int | None, set_: int) -> None:
        self.steps.append(PlanStep(kind, self.clock, seconds, rep, set_, text))
        self.clock += seconds

    def instructions(self, kind: StepKind, steps: list[Step], set_: int) -> None:
        for step in steps:
            self.add(kind, step.seconds, step.text, None, set_)

    def breaths(self, cycle: tuple[TimedPhase, ...], reps: int, set_: int) -> None:
        for rep in range(1, reps + 1):
            for phase in cycle:
                self.add(StepKind(phase.phase.value), phase.seconds, phase.text, rep, set_)


def build_plan(prescription: Prescription) -> Plan:
    """Lay out setup, breathing phases per rep and set, rests and exit, one after another.

    When the exercise repeats its setup and exit with every set (universal exercise 1: lie down,
    breathe, get up), the rest falls between getting up and lying down again; otherwise the person
    gets into position once, rests in place between sets and comes out at the end.
    """
    exercise, b = prescription.exercise, _Builder()
    each_set = exercise.setup_exit_each_set
    for set_ in range(1, prescription.sets + 1):
        if each_set or set_ == 1:
            b.instructions(StepKind.SETUP, exercise.setup, set_)
        b.breaths(prescription.cycle, prescription.reps, set_)
        last = set_ == prescription.sets
        if each_set or last:
            b.instructions(StepKind.EXIT, exercise.exit, set_)
        if not last and prescription.rest > 0:
            b.add(StepKind.REST, prescription.rest, exercise.rest.text, None, set_)
    return Plan(exercise.id, prescription.reps, prescription.sets, tuple(b.steps))
