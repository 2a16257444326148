"""The outcomes repository: questionnaire responses, schedules, calendar links and open alerts."""

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, update
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

    def add_feed(
        self, patient_id: int, token_hash: str, created_at: datetime, created_by: int | None
    ) -> None:
        row = CalendarFeedRow(
            patient_id=patient_id, token_hash=token_hash, created_at=created_at, created_by=created_by
        )
        add_row(self.session, row, _FEED)

    def revoke_feeds(self, patient_id: int, at: datetime) -> int:
        """Every live link of the patient stops working (the rows stay); how many there were."""
        columns = _FEEDS.c
        query = update(_FEEDS).where(columns.patient_id == patient_id, columns.revoked_at.is_(None))
        result = self.session.execute(query.values(revoked_at=at))
        return int(cast(CursorResult[Any], result).rowcount)

    def feed(self, token_hash: str) -> FeedRecord | None:
        """The link with this token, unless it was revoked."""
        columns = _FEEDS.c
        query = _FEED.select().where(columns.token_hash == token_hash, columns.revoked_at.is_(None))
        return _FEED.first(self.session, query)

    def live_feeds(self, patient_id: int) -> list[FeedRecord]:
        columns = _FEEDS.c
        query = _FEED.select().where(columns.patient_id == patient_id, columns.revoked_at.is_(None))
        return _FEED.all(self.session, query)

    def open_alert(self, patient_id: int, kind: str) -> AlertRecord | None:
        columns = _ALERTS.c
        query = _OPEN_ALERT.select().where(
            columns.patient_id == patient_id, columns.kind == kind, columns.acknowledged_at.is_(None)
        )
        return _OPEN_ALERT.first(self.session, query.limit(1))
