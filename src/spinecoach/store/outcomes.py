"""The outcomes repository: questionnaire responses, schedules, calendar links and open alerts."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from spinecoach.store.tables import AlertRow, PatientRow, UserRow
from spinecoach.store.tables.outcomes import CalendarFeedRow, OutcomeScheduleRow, QuestionnaireResponseRow

Row = QuestionnaireResponseRow | OutcomeScheduleRow | CalendarFeedRow | AlertRow


class OutcomesRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: Row) -> None:
        self.session.add(row)
        self.session.flush()

    def responses(self, patient_id: int, instrument: str | None = None) -> Sequence[QuestionnaireResponseRow]:
        """Oldest first: the first one is the baseline."""
        table = QuestionnaireResponseRow
        query = select(table).where(table.patient_id == patient_id)
        if instrument is not None:
            query = query.where(table.instrument == instrument)
        return self.session.scalars(query.order_by(table.answered_at, table.id)).all()

    def first_response(self, patient_id: int, instrument: str) -> QuestionnaireResponseRow | None:
        table = QuestionnaireResponseRow
        query = (
            select(table)
            .where(table.patient_id == patient_id, table.instrument == instrument)
            .order_by(table.answered_at, table.id)
        )
        return self.session.scalars(query.limit(1)).first()

    def schedule(self, patient_id: int) -> OutcomeScheduleRow | None:
        query = select(OutcomeScheduleRow).where(OutcomeScheduleRow.patient_id == patient_id)
        return self.session.scalars(query).first()

    def feed(self, token_hash: str) -> CalendarFeedRow | None:
        """The link with this token, unless it was revoked."""
        query = select(CalendarFeedRow).where(
            CalendarFeedRow.token_hash == token_hash, CalendarFeedRow.revoked_at.is_(None)
        )
        return self.session.scalars(query).first()

    def live_feeds(self, patient_id: int) -> Sequence[CalendarFeedRow]:
        query = select(CalendarFeedRow).where(
            CalendarFeedRow.patient_id == patient_id, CalendarFeedRow.revoked_at.is_(None)
        )
        return self.session.scalars(query).all()

    def open_alert(self, patient_id: int, kind: str) -> AlertRow | None:
        query = select(AlertRow).where(
            AlertRow.patient_id == patient_id, AlertRow.kind == kind, AlertRow.acknowledged_at.is_(None)
        )
        return self.session.scalars(query.limit(1)).first()

    def patients_of(self, instructor_id: int) -> Sequence[tuple[PatientRow, UserRow]]:
        query = (
            select(PatientRow, UserRow)
            .join(UserRow, UserRow.id == PatientRow.user_id)
            .where(PatientRow.instructor_id == instructor_id)
            .order_by(PatientRow.id)
        )
        return [(p, u) for p, u in self.session.execute(query)]
