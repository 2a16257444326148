"""The exercise library and the timed plan, as the public catalog routes answer them.

A full exercise and an activity are answered as the catalog's own models (domain/exercises.py,
domain/activities.py): the catalog file's schema is the answer's schema.
"""

from pydantic import Field

from spinecoach.domain.exercises import Movement, Position, Purpose
from spinecoach.domain.plans import StepKind
from spinecoach.domain.text import Text
from spinecoach.web.schemas.base import Public


class HealthPublic(Public):
    status: str = Field(description="`ok` while the process runs")


class ExerciseListed(Public):
    id: str
    name: Text
    position: Position
    purpose: list[Purpose]
    movements: list[Movement]
    universal: bool = Field(description="one of the two exercises allowed for everyone")
    safe_for_hernia: bool


class PlanStepPublic(Public):
    kind: StepKind
    start: float = Field(description="seconds from the start of the plan")
    duration: float = Field(description="seconds")
    rep: int | None
    set: int | None
    text: str = Field(description="in the plan's language")


class PlanPublic(Public):
    """The timed plan every player follows (the same as `spinecoach plan --json`)."""

    exercise: str
    reps: int
    sets: int
    steps: list[PlanStepPublic]
    total: float = Field(description="seconds: where the last step ends")
