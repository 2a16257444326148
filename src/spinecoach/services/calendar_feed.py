"""The exercise schedule as an iCalendar feed, reached by a secret link that can be revoked.

The link's token is random (256 bits) and only its keyed hash is stored, like a login token. Events
are weekly repeats at the prescribed time in *floating* local time (no time zone): 08:30 means
08:30 wherever the person is, which is what a morning schedule means (seed rule S11).
"""

import math
from datetime import datetime, time, timedelta

from icalendar import Calendar, Event

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.errors import NotFound
from spinecoach.domain.plans import build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.programs import DEFAULT_TIME
from spinecoach.services.outcomes import repository
from spinecoach.services.tokens import new_token, token_hash
from spinecoach.store.tables.outcomes import CalendarFeedRow
from spinecoach.store.unit_of_work import UnitOfWork

BYDAY = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
EVERY_DAY = list(BYDAY)
NOTICE = (
    "Stop at once if you feel sharp pain. This schedule does not replace a doctor; it promises no "
    "result and no date for one."
)


def create_feed(uow: UnitOfWork, secret: str, patient_id: int, by: int | None, now: datetime) -> str:
    """A new secret link; any older link of the patient stops working. Returns the token (shown once)."""
    token = new_token()
    with uow:
        repo = repository(uow)
        for old in repo.live_feeds(patient_id):
            old.revoked_at = now
        repo.add(
            CalendarFeedRow(
                patient_id=patient_id, token_hash=token_hash(secret, token), created_at=now, created_by=by
            )
        )
        uow.commit()
    return token


def revoke_feeds(uow: UnitOfWork, patient_id: int, now: datetime) -> int:
    """Every live link of the patient stops working; returns how many there were."""
    with uow:
        live = repository(uow).live_feeds(patient_id)
        for row in live:
            row.revoked_at = now
        uow.commit()
        return len(live)


def patient_of_feed(uow: UnitOfWork, secret: str, token: str) -> int:
    with uow:
        row = repository(uow).feed(token_hash(secret, token))
        if row is None:
            raise NotFound("there is no such calendar link, or it was revoked")
        return row.patient_id


def calendar_ics(uow: UnitOfWork, catalog: Catalog, patient_id: int, now: datetime) -> bytes:
    """The active program's items, or the universal program every morning when there is none."""
    with uow:
        program = uow.records.active_program(patient_id)
        items = [] if program is None else list(uow.records.program_items(program.id))
        schedule: list[tuple[str, int | None, int | None, list[str], str, int]] = [
            (i.exercise_id, i.reps, i.sets, list(i.days), i.time_of_day, i.id) for i in items
        ]
        since = program.created_at if program else now
    if not schedule:
        schedule = [
            (e.id, None, None, EVERY_DAY, DEFAULT_TIME.strftime("%H:%M"), 0) for e in catalog.universal
        ]
    calendar = Calendar()
    calendar.add("prodid", "-//spinecoach//exercise schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "spinecoach exercises")
    for exercise_id, reps, sets, days, at, item_id in schedule:
        exercise = catalog.exercise(exercise_id)
        plan = build_plan(prescribe(exercise, reps, sets))
        start = datetime.combine(since.date(), time.fromisoformat(at))  # floating: no time zone
        event = Event()
        event.add("uid", f"spinecoach-{patient_id}-{item_id}-{exercise_id}@spinecoach")
        event.add("dtstamp", now)
        event.add("summary", exercise.name.en)
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=math.ceil(plan.total / 60)))
        event.add("rrule", {"freq": "weekly", "byday": [BYDAY[d] for d in days]})
        event.add("description", f"{plan.reps} x {plan.sets}. {exercise.summary.en}\n{NOTICE}")
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
