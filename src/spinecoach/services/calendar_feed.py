"""The exercise schedule for a calendar app, reached by a secret link that can be revoked.

The link's token is random (256 bits) and only its keyed hash is stored, like a login token. The
schedule gathered here is written as iCalendar by `spinecoach.reports.ical`.
"""

from dataclasses import dataclass
from datetime import datetime

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.errors import NotFound
from spinecoach.domain.programs import DEFAULT_TIME, Weekday
from spinecoach.services.tokens import new_token, token_hash
from spinecoach.store.unit_of_work import UnitOfWork

EVERY_DAY = [day.value for day in Weekday]


@dataclass(frozen=True)
class ScheduledExercise:
    """One exercise repeated weekly; reps and sets are None for the exercise's own defaults."""

    item_id: int  # the program item, 0 for the universal program
    exercise_id: str
    reps: int | None
    sets: int | None
    days: list[str]  # "mon" ... "sun"
    time: str  # "HH:MM", local time wherever the person is


@dataclass(frozen=True)
class Schedule:
    patient_id: int
    since: datetime  # the repeats start on this day
    generated_at: datetime
    items: list[ScheduledExercise]


def create_feed(uow: UnitOfWork, secret: str, patient_id: int, by: int | None, now: datetime) -> str:
    """A new secret link; any older link of the patient stops working. Returns the token (shown once)."""
    token = new_token()
    with uow:
        uow.outcomes.revoke_feeds(patient_id, now)
        uow.outcomes.add_feed(patient_id, token_hash(secret, token), now, by)
        uow.commit()
    return token


def revoke_feeds(uow: UnitOfWork, patient_id: int, now: datetime) -> int:
    """Every live link of the patient stops working; returns how many there were."""
    with uow:
        revoked = uow.outcomes.revoke_feeds(patient_id, now)
        uow.commit()
        return revoked


def patient_of_feed(uow: UnitOfWork, secret: str, token: str) -> int:
    with uow:
        row = uow.outcomes.feed(token_hash(secret, token))
        if row is None:
            raise NotFound("there is no such calendar link, or it was revoked")
        return row.patient_id


def calendar_schedule(uow: UnitOfWork, catalog: Catalog, patient_id: int, now: datetime) -> Schedule:
    """The active program's items, or the universal program every morning when there is none."""
    with uow:
        program = uow.records.active_program(patient_id)
        rows = [] if program is None else list(uow.records.program_items(program.id))
        items = [
            ScheduledExercise(i.id, i.exercise_id, i.reps, i.sets, list(i.days), i.time_of_day) for i in rows
        ]
        since = program.created_at if program else now
    if not items:
        morning = DEFAULT_TIME.strftime("%H:%M")
        items = [ScheduledExercise(0, e.id, None, None, EVERY_DAY, morning) for e in catalog.universal]
    return Schedule(patient_id=patient_id, since=since, generated_at=now, items=items)
