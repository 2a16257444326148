"""The outcomes repository: questionnaire responses, schedules, calendar links and open alerts."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from spinecoach.domain.clinical_records import AlertRecord
from spinecoach.domain.outcome_records import FeedRecord, ResponseRecord, ScheduleRecord
from spinecoach.store.reading import Reader, add_row
from spinecoach.store.tables import AlertRow
from spinecoach.store.tables.outcomes import CalendarFeedRow, OutcomeScheduleRow, QuestionnaireResponseRow

_RESPONSE = Reader(ResponseRecord, QuestionnaireResponseRow)
_SCHEDULE, _FEED = Reader(ScheduleRecord, OutcomeScheduleRow), Reader(FeedRecord, CalendarFeedRow)
_OPEN_ALERT = Reader(AlertRecord, AlertRow)
_RESPONSES, _SCHEDULES, _FEEDS, _ALERTS = (
    cast(Table, row.__table__)
    for row in (QuestionnaireResponseRow, OutcomeScheduleRow, CalendarFeedRow, AlertRow)
)


class OutcomesRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: CalendarFeedRow) -> None:
        """Store a calendar link (kept for services/calendar_feed.py until it calls `add_feed`)."""
        self.session.add(row)
        self.session.flush()

    def add_response(self, **values: Any) -> ResponseRecord:
        """Store an answered questionnaire (the fields of `ResponseRecord` but its id)."""
        return add_row(self.session, QuestionnaireResponseRow(**values), _RESPONSE)

    def responses(self, patient_id: int, instrument: str | None = None) -> list[ResponseRecord]:
        """Oldest first: the first one is the baseline."""
        columns = _RESPONSES.c
        query = _RESPONSE.select().where(columns.patient_id == patient_id)
        if instrument is not None:
            query = query.where(columns.instrument == instrument)
        return _RESPONSE.all(self.session, query.order_by(columns.answered_at, columns.id))

    def first_response(self, patient_id: int, instrument: str) -> ResponseRecord | None:
        columns = _RESPONSES.c
        query = (
            _RESPONSE.select()
            .where(columns.patient_id == patient_id, columns.instrument == instrument)
            .order_by(columns.answered_at, columns.id)
        )
        return _RESPONSE.first(self.session, query.limit(1))

    def schedule(self, patient_id: int) -> ScheduleRecord | None:
        return _SCHEDULE.first(self.session, _SCHEDULE.select().where(_SCHEDULES.c.patient_id == patient_id))

    def set_schedule(
        self, patient_id: int, interval_weeks: int, set_by: int | None, set_at: datetime
    ) -> None:
        """The patient's interval, stored in place of any earlier one."""
        values = {"interval_weeks": interval_weeks, "set_by": set_by, "set_at": set_at}
        if self.schedule(patient_id) is None:
            add_row(self.session, OutcomeScheduleRow(patient_id=patient_id, **values), _SCHEDULE)
        else:
            query = update(_SCHEDULES).where(_SCHEDULES.c.patient_id == patient_id)
            self.session.execute(query.values(**values))

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

    def open_alert(self, patient_id: int, kind: str) -> AlertRecord | None:
        columns = _ALERTS.c
        query = _OPEN_ALERT.select().where(
            columns.patient_id == patient_id, columns.kind == kind, columns.acknowledged_at.is_(None)
        )
        return _OPEN_ALERT.first(self.session, query.limit(1))
