"""The journal repository: the only place that queries the journal's tables."""

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from spinecoach.store.tables import ClearanceRow, EventRow, SessionRow


class JournalRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: SessionRow | EventRow | ClearanceRow) -> None:
        self.session.add(row)
        self.session.flush()

    def get(self, session_id: int) -> SessionRow | None:
        return self.session.get(SessionRow, session_id)

    def sessions(self) -> Sequence[SessionRow]:
        return self.session.scalars(select(SessionRow).order_by(SessionRow.started_at, SessionRow.id)).all()

    def event_counts(self, kind: str) -> dict[int, int]:
        rows = self.session.execute(
            select(EventRow.session_id, func.count())
            .where(EventRow.kind == kind)
            .group_by(EventRow.session_id)
        )
        return {row[0]: row[1] for row in rows}

    def events(self, session_id: int) -> Sequence[EventRow]:
        query = select(EventRow).where(EventRow.session_id == session_id).order_by(EventRow.id)
        return self.session.scalars(query).all()

    def finished_before(self, session_id: int, limit: int) -> Sequence[SessionRow]:
        """Finished sessions that came before this one, newest first."""
        query = (
            select(SessionRow)
            .where(SessionRow.id < session_id, SessionRow.finished_at.is_not(None))
            .order_by(SessionRow.id.desc())
            .limit(limit)
        )
        return self.session.scalars(query).all()

    def last_finished_of(self, exercise_id: str) -> SessionRow | None:
        query = (
            select(SessionRow)
            .where(SessionRow.exercise_id == exercise_id, SessionRow.finished_at.is_not(None))
            .order_by(SessionRow.id.desc())
            .limit(1)
        )
        return self.session.scalars(query).first()

    def last_pause(self) -> SessionRow | None:
        query = select(SessionRow).where(SessionRow.paused_program).order_by(SessionRow.id.desc()).limit(1)
        return self.session.scalars(query).first()

    def last_clearance(self) -> ClearanceRow | None:
        return self.session.scalars(select(ClearanceRow).order_by(ClearanceRow.id.desc()).limit(1)).first()
