"""What the patient's pages need around a guided session: today's list, starting one, its plan.

`start_after_check` is the one way a session starts, for the pages and the JSON API's start route
(web/routes/sessions.py) alike; they differ only in how the reps and sets are chosen.
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
from spinecoach.services.sessions import Started
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
    with uow:
        return todays_exercises_within(uow, catalog, patient_id, now)


def todays_exercises_within(
    uow: UnitOfWork, catalog: Catalog, patient_id: int, now: datetime
) -> list[TodayItem]:
    """`todays_exercises` inside an open unit of work."""
    allowed = checks.allowed_exercises_within(uow, catalog, patient_id)
    active = next((p for p in programs.list_programs_within(uow, patient_id) if p.active), None)
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


def start_after_check(
    uow: UnitOfWork,
    catalog: Catalog,
    patient_id: int,
    exercise_id: str,
    check_id: int,
    now: datetime,
    reps: int | None = None,
    sets: int | None = None,
    speed: float = 1.0,
    client_id: str | None = None,
) -> tuple[Started, Plan]:
    """Start an allowed exercise after a check that said go (within its hour), stored as interrupted
    until it is finished. Reps: as given, else fewer when the last session of it raised the pain, else
    the exercise's default; sets: as given, else the default. A retry with the same client id gets the
    same session."""
    with uow:
        return start_after_check_within(
            uow, catalog, patient_id, exercise_id, check_id, now, reps, sets, speed, client_id
        )


def start_after_check_within(
    uow: UnitOfWork,
    catalog: Catalog,
    patient_id: int,
    exercise_id: str,
    check_id: int,
    now: datetime,
    reps: int | None,
    sets: int | None,
    speed: float,
    client_id: str | None,
) -> tuple[Started, Plan]:
    """`start_after_check` inside an open unit of work, which it commits."""
    exercise = catalog.exercise(exercise_id)
    allowed = checks.allowed_exercises_within(uow, catalog, patient_id)
    if exercise.id not in allowed:
        raise DomainError(
            f"exercise: {exercise.id} is not among the exercises allowed now ({', '.join(allowed)})"
        )
    pain, reach = checks.baseline_from_check_within(uow, patient_id, check_id, now)
    if reps is None:
        reps = sessions.suggested_reps_within(uow, patient_id, exercise.id)
    plan = build_plan(prescribe(exercise, reps, sets))
    return sessions.start_session_within(uow, patient_id, plan, speed, pain, reach, now, client_id), plan


def start_guided_session(
    uow: UnitOfWork,
    catalog: Catalog,
    patient_id: int,
    exercise_id: str,
    check_id: int,
    now: datetime,
    client_id: str | None = None,
) -> int:
    """The pages' start: the program's reps and sets, fewer reps when the last session of it raised
    the pain. Returns the session id (the same one on a retry)."""
    with uow:
        today = todays_exercises_within(uow, catalog, patient_id, now)
        chosen = next((i for i in today if i.exercise.id == exercise_id), None)
        reps = sessions.suggested_reps_within(uow, patient_id, exercise_id) or (
            chosen.reps if chosen else None
        )
        sets = chosen.sets if chosen else None
        started, _ = start_after_check_within(
            uow, catalog, patient_id, exercise_id, check_id, now, reps, sets, 1.0, client_id
        )
    return started.session_id


def plan_of(catalog: Catalog, entry: JournalEntry) -> Plan:
    """The plan a stored session follows: rebuilt from its exercise, reps and sets, as at its start."""
    return build_plan(prescribe(catalog.exercise(entry.exercise), entry.planned_reps, entry.planned_sets))


def resume_point(plan: Plan, event_seconds: list[float], reps_done: int) -> float:
    """Where an unfinished session stood by the server's record, in plan seconds: its latest event,
    or the end of the last rep reported done, whichever is later (0: nothing done yet)."""
    latest = max(event_seconds, default=0.0)
    if reps_done <= 0:
        return latest
    rep_end = next((s.end for s in plan.steps if plan.progress_at(s.end)[0] >= reps_done), plan.total)
    return max(latest, rep_end)
