"""The journal repository: queries on sessions, their events and clearances, per patient."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Row, Table, bindparam, case, func, insert, select, update
from sqlalchemy.orm import Session

from spinecoach.store.tables import ClearanceRow, EventRow, SessionRow


class JournalRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: SessionRow | EventRow | ClearanceRow) -> None:
        self.session.add(row)
        self.session.flush()

    def get(self, patient_id: int, session_id: int) -> SessionRow | None:
        row = self.session.get(SessionRow, session_id)
        return row if row is not None and row.patient_id == patient_id else None

    def open_state(self, patient_id: int, session_id: int) -> Row[datetime | None, int, int] | None:
        """(finished_at, planned_reps, planned_sets) of a patient's session: plain columns, read per event."""
        return self.session.execute(_OPEN_STATE, {"session_id": session_id, "patient_id": patient_id}).first()

    def insert_event_if_open(self, patient_id: int, values: dict[str, Any]) -> bool:
        """Add an event if its session is this patient's and not finished; True when added.

        One INSERT ... SELECT, no ORM object: this runs for every event of every session."""
        result = self.session.execute(_INSERT_EVENT_IF_OPEN, {**values, "patient_id": patient_id})
        return bool(cast(CursorResult[Any], result).rowcount)

    def advance(self, session_id: int, reps_done: int, sets_done: int) -> None:
        """Raise the progress counters to these values; never lower them (a late retry is older news)."""
        reps, sets = SessionRow.reps_done, SessionRow.sets_done
        self.session.execute(
            update(SessionRow)
            .where(SessionRow.id == session_id)
            .values(
                reps_done=case((reps < reps_done, reps_done), else_=reps),
                sets_done=case((sets < sets_done, sets_done), else_=sets),
            )
            .execution_options(synchronize_session=False)  # blocks read rows afresh (unit_of_work.py)
        )

    def by_client_id(self, patient_id: int, client_id: str) -> SessionRow | None:
        query = select(SessionRow).where(
            SessionRow.patient_id == patient_id, SessionRow.client_id == client_id
        )
        return self.session.scalars(query).first()

    def event_by_client_id(self, session_id: int, client_id: str) -> EventRow | None:
        query = select(EventRow).where(EventRow.session_id == session_id, EventRow.client_id == client_id)
        return self.session.scalars(query).first()

    def sessions(self, patient_id: int) -> Sequence[SessionRow]:
        query = (
            select(SessionRow)
            .where(SessionRow.patient_id == patient_id)
            .order_by(SessionRow.started_at, SessionRow.id)
        )
        return self.session.scalars(query).all()

    def event_counts(self, patient_id: int, kind: str) -> dict[int, int]:
        rows = self.session.execute(
            select(EventRow.session_id, func.count())
            .join(SessionRow, SessionRow.id == EventRow.session_id)
            .where(SessionRow.patient_id == patient_id, EventRow.kind == kind)
            .group_by(EventRow.session_id)
        )
        return {row[0]: row[1] for row in rows}

    def events(self, session_id: int) -> Sequence[EventRow]:
        query = select(EventRow).where(EventRow.session_id == session_id).order_by(EventRow.id)
        return self.session.scalars(query).all()

    def finished_before(self, patient_id: int, session_id: int, limit: int) -> Sequence[SessionRow]:
        """The patient's finished sessions that came before this one, newest first."""
        query = (
            select(SessionRow)
            .where(
                SessionRow.patient_id == patient_id,
                SessionRow.id < session_id,
                SessionRow.finished_at.is_not(None),
            )
            .order_by(SessionRow.id.desc())
            .limit(limit)
        )
        return self.session.scalars(query).all()

    def last_finished_of(self, patient_id: int, exercise_id: str) -> SessionRow | None:
        query = (
            select(SessionRow)
            .where(
                SessionRow.patient_id == patient_id,
                SessionRow.exercise_id == exercise_id,
                SessionRow.finished_at.is_not(None),
            )
            .order_by(SessionRow.id.desc())
            .limit(1)
        )
        return self.session.scalars(query).first()

    def last_pause(self, patient_id: int) -> SessionRow | None:
        query = (
            select(SessionRow)
            .where(SessionRow.patient_id == patient_id, SessionRow.paused_program)
            .order_by(SessionRow.id.desc())
            .limit(1)
        )
        return self.session.scalars(query).first()

    def last_clearance(self, patient_id: int) -> ClearanceRow | None:
        query = (
            select(ClearanceRow)
            .where(ClearanceRow.patient_id == patient_id)
            .order_by(ClearanceRow.id.desc())
            .limit(1)
        )
        return self.session.scalars(query).first()


# Built once (a statement object keeps its cache key between uses) and on the tables, not the
# mapped classes: a plain Core statement skips the ORM's compile and bulk-insert steps.
_SESSIONS, _EVENTS = cast(Table, SessionRow.__table__), cast(Table, EventRow.__table__)
_OPEN_STATE = select(_SESSIONS.c.finished_at, _SESSIONS.c.planned_reps, _SESSIONS.c.planned_sets).where(
    _SESSIONS.c.id == bindparam("session_id"), _SESSIONS.c.patient_id == bindparam("patient_id")
)
_EVENT_VALUES = ("client_id", "kind", "occurred_at", "plan_seconds", "rep", "set", "reach")
_INSERT_EVENT_IF_OPEN = (
    insert(_EVENTS)
    .from_select(
        ["session_id", *_EVENT_VALUES],
        select(
            _SESSIONS.c.id, *(bindparam(name, type_=_EVENTS.c[name].type) for name in _EVENT_VALUES)
        ).where(
            _SESSIONS.c.id == bindparam("session_id"),
            _SESSIONS.c.patient_id == bindparam("patient_id"),
            _SESSIONS.c.finished_at.is_(None),
        ),
    )
    .execution_options(preserve_rowcount=True)
)  # SQLAlchemy keeps an INSERT's count only when asked
