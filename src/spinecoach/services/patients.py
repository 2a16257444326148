"""Patients as an instructor sees them: a list with flags, and one patient's summary."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from spinecoach.domain.accounts import Actor, Role
from spinecoach.domain.session_rules import Outcome
from spinecoach.store.unit_of_work import UnitOfWork

# Flags on the instructor's list. The windows are the project's choice, shown in the docs.
NOT_EXERCISING_AFTER = timedelta(days=7)
RECENT_STOPS_WINDOW = timedelta(days=14)
STOPS = (Outcome.STOPPED_SHARP_PAIN.value, Outcome.STOPPED_PAIN_SPREAD.value)


@dataclass(frozen=True)
class PatientListing:
    id: int
    user_id: int
    name: str
    email: str
    instructor_id: int | None
    last_session_at: datetime | None
    sessions_last_7_days: int
    flags: list[str]  # red-flag, stopped-for-pain, pain-rising, not-exercising, program-paused
    open_alerts: int


def list_patients(uow: UnitOfWork, actor: Actor, now: datetime) -> list[PatientListing]:
    """An instructor's patients with flags, in three grouped queries whatever the history's size."""
    with uow:
        figures = uow.desk.figures(
            actor.user_id,
            own_record=actor.role == Role.PATIENT,
            week_since=now - NOT_EXERCISING_AFTER,
            stops_since=now - RECENT_STOPS_WINDOW,
            stops=STOPS,
        )
    listings = []
    for person in figures.people:
        week, stops = figures.recent.get(person.id, (0, 0))
        flags = _flags(figures.open_alert_kinds.get(person.id, set()), stops, person.last_session_at, now)
        listings.append(
            PatientListing(
                person.id,
                person.user_id,
                person.display_name,
                person.email,
                person.instructor_id,
                person.last_session_at,
                week,
                flags,
                figures.open_alerts.get(person.id, 0),
            )
        )
    return listings


def _flags(open_kinds: set[str], stops: int, last_at: datetime | None, now: datetime) -> list[str]:
    flags = []
    if "red-flag" in open_kinds:
        flags.append("red-flag")
    if stops or {"sharp-pain-stop", "pain-spread"} & open_kinds:
        flags.append("stopped-for-pain")
    if "pain-rise" in open_kinds:
        flags.append("pain-rising")
    if "program-paused" in open_kinds:
        flags.append("program-paused")
    if last_at is None or now - last_at > NOT_EXERCISING_AFTER:
        flags.append("not-exercising")
    return flags
