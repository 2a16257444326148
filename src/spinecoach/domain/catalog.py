"""The loaded library: exercises and activities by id, and the questions asked of them."""

from collections.abc import Iterable
from dataclasses import dataclass

from spinecoach.domain.activities import Activity
from spinecoach.domain.errors import DomainError, UnknownExercise
from spinecoach.domain.exercises import Exercise


@dataclass(frozen=True)
class Catalog:
    exercises: dict[str, Exercise]
    activities: dict[str, Activity]

    @classmethod
    def of(cls, exercises: Iterable[Exercise], activities: Iterable[Activity] = ()) -> "Catalog":
        by_id: dict[str, Exercise] = {}
        for exercise in exercises:
            if exercise.id in by_id:
                raise DomainError(f"exercise id {exercise.id!r} is declared twice")
            by_id[exercise.id] = exercise
        return cls(exercises=dict(sorted(by_id.items())), activities={a.id: a for a in activities})

    def exercise(self, exercise_id: str) -> Exercise:
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise UnknownExercise(
                f"there is no exercise {exercise_id!r}; the exercise list (`spinecoach exercises list`, "
                "or GET /api/v1/exercises) shows the ids you can use"
            ) from None

    @property
    def universal(self) -> list[Exercise]:
        return [e for e in self.exercises.values() if e.universal]
