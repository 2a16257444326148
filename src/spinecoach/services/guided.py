"""What the patient's pages need around a guided session: today's list, starting one, its plan.

The JSON API's start route does the same steps itself (web/routes/sessions.py); this module gives
the pages one function for them.
"""

from dataclasses import dataclass
from datetime import datetime

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.errors import DomainError
from spinecoach.domain.exercises import Exercise
from spinecoach.domain.plans import Plan, build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.programs import Weekday
from spinecoach.services import checks, programs, sessions
from spinecoach.services.journal import JournalEntry
from spinecoach.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class TodayItem:
    exercise: Exercise
    reps: int
    sets: int
    time: str | None  # the program's time of day, HH:MM; None for an exercise outside the program
    in_program: bool


def weekday_of(moment: datetime) -> Weekday:
    return list(Weekday)[moment.weekday()]


def todays_exercises(uow: UnitOfWork, catalog: Catalog, patient_id: int, now: datetime) -> list[TodayItem]:
    """The allowed exercises of the active program due today, then the other allowed exercises of
    the two universal ones (always offered unless a stop condition holds)."""
    allowed = checks.allowed_exercises(uow, catalog, patient_id)
    active = next((p for p in programs.list_programs(uow, patient_id) if p.active), None)
    today = weekday_of(now).value
    items: list[TodayItem] = []
    for item in active.items if active else []:
        if item.exercise in allowed and today in item.days:
            exercise = catalog.exercise(item.exercise)
            items.append(TodayItem(exercise, item.reps, item.sets, item.time, True))
    listed = {i.exercise.id for i in items}
    for exercise in catalog.universal:
        if exercise.id in allowed and exercise.id not in listed:
            items.append(TodayItem(exercise, exercise.reps.default, exercise.sets.default, None, False))
    return items


def start_guided_session(
    uow: UnitOfWork,
    catalog: Catalog,
    patient_id: int,
    exercise_id: str,
    check_id: int,
    now: datetime,
    client_id: str | None = None,
) -> int:
    """Start an allowed exercise after a check that said go: the program's reps and sets, fewer reps
    when the last session of it raised the pain. Returns the session id (the same one on a retry)."""
    exercise = catalog.exercise(exercise_id)
    choices = {i.exercise.id: i for i in todays_exercises(uow, catalog, patient_id, now)}
    if exercise.id not in checks.allowed_exercises(uow, catalog, patient_id):
        raise DomainError(f"exercise: {exercise.id} is not among the exercises allowed now")
    pain, reach = checks.baseline_from_check(uow, patient_id, check_id, now)
    chosen = choices.get(exercise.id)
    reps = sessions.suggested_reps(uow, patient_id, exercise.id) or (chosen.reps if chosen else None)
    plan = build_plan(prescribe(exercise, reps, chosen.sets if chosen else None))
    return sessions.start_session(uow, patient_id, plan, 1.0, pain, reach, now, client_id).session_id


def plan_of(catalog: Catalog, entry: JournalEntry) -> Plan:
    """The plan a stored session follows: rebuilt from its exercise, reps and sets, as at its start."""
    return build_plan(prescribe(catalog.exercise(entry.exercise), entry.planned_reps, entry.planned_sets))
