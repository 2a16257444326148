"""The instructor's desk: the patient list's three grouped queries, whatever each history's size."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from spinecoach.domain.account_records import DeskFigures, PatientOnList
from spinecoach.store.tables import AlertRow, PatientRow, SessionRow, UserRow


class DeskRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def figures(
        self,
        user_id: int,
        own_record: bool,
        week_since: datetime,
        stops_since: datetime,
        stops: Sequence[str],
    ) -> DeskFigures:
        """A patient's own line (`own_record`), or those of an instructor's patients: sessions since
        `week_since`, sessions ended by one of `stops` since `stops_since`, and the open alerts."""
        s = self.session
        if own_record:
            owners = select(PatientRow.id).where(PatientRow.user_id == user_id)
        else:
            owners = select(PatientRow.id).where(PatientRow.instructor_id == user_id)
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
            row[0]: (int(row[1] or 0), int(row[2] or 0))
            for row in s.execute(
                select(
                    SessionRow.patient_id,
                    func.sum(case((SessionRow.started_at >= week_since, 1), else_=0)),
                    func.sum(case((SessionRow.outcome.in_(stops), 1), else_=0)),
                )
                .where(SessionRow.patient_id.in_(owners), SessionRow.started_at >= stops_since)
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
        listed = [
            PatientOnList(p.id, u.id, u.display_name, u.email, p.instructor_id, last_at)
            for p, u, last_at in people
        ]
        return DeskFigures(listed, recent, alerts, counts)
