"""Patients as an instructor sees them: a list with flags, and one patient's summary."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select

from spinecoach.domain.accounts import Actor, Role
from spinecoach.domain.session_rules import Outcome
from spinecoach.store.tables import AlertRow, PatientRow, SessionRow, UserRow
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
        s = uow.records.session
        if actor.role == Role.PATIENT:
            owners = select(PatientRow.id).where(PatientRow.user_id == actor.user_id)
        else:
            owners = select(PatientRow.id).where(PatientRow.instructor_id == actor.user_id)
        # the newest session of each patient, read from the end of the (patient, started) index:
        # a group-by maximum would scan a year of sessions for every patient instead
        last_started = (
            select(func.max(SessionRow.started_at))
            .where(SessionRow.patient_id == PatientRow.id)
            .correlate(PatientRow)
            .scalar_subquery()
        )
        people = s.execute(
            select(PatientRow, UserRow, last_started)
            .join(UserRow, UserRow.id == PatientRow.user_id)
            .where(PatientRow.id.in_(owners))
            .order_by(UserRow.display_name, PatientRow.id)
        ).all()
        recent = {
            row[0]: (row[1], row[2])
            for row in s.execute(
                select(
                    SessionRow.patient_id,
                    func.sum(case((SessionRow.started_at >= now - NOT_EXERCISING_AFTER, 1), else_=0)),
                    func.sum(case((SessionRow.outcome.in_(STOPS), 1), else_=0)),
                )
                .where(SessionRow.patient_id.in_(owners), SessionRow.started_at >= now - RECENT_STOPS_WINDOW)
                .group_by(SessionRow.patient_id)
            )
        }
        alerts: dict[int, set[str]] = {}
        counts: dict[int, int] = {}
        for patient_id, kind, count in s.execute(
            select(AlertRow.patient_id, AlertRow.kind, func.count())
            .where(AlertRow.patient_id.in_(owners), AlertRow.acknowledged_at.is_(None))
            .group_by(AlertRow.patient_id, AlertRow.kind)
        ):
            alerts.setdefault(patient_id, set()).add(kind)
            counts[patient_id] = counts.get(patient_id, 0) + count
    listings = []
    for patient, user, last_at in people:
        week, stops = recent.get(patient.id, (0, 0))
        flags = _flags(alerts.get(patient.id, set()), stops, last_at, now)
        listings.append(
            PatientListing(
                patient.id,
                user.id,
                user.display_name,
                user.email,
                patient.instructor_id,
                last_at,
                int(week or 0),
                flags,
                counts.get(patient.id, 0),
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
