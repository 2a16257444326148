"""The journal repository: queries on sessions, their events and clearances, per patient."""

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, bindparam, case, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from spinecoach.domain.journal_records import ClearanceRecord, EventRecord, SessionRecord
from spinecoach.store.errors import Duplicate
from spinecoach.store.ports import OpenState
from spinecoach.store.reading import Reader, add_row
from spinecoach.store.tables import ClearanceRow, EventRow, SessionRow


class JournalRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_session(self, **values: Any) -> int:
        """Store a new session (the fields of `SessionRecord` but its id); its id.

        Raises `Duplicate` when the patient already has a session with this client id."""
        return add_row(self.session, SessionRow(**values), _SESSION).id

    def add_clearance(self, patient_id: int, cleared_at: datetime, cleared_by: int | None, note: str) -> int:
        row = ClearanceRow(patient_id=patient_id, cleared_at=cleared_at, cleared_by=cleared_by, note=note)
        return add_row(self.session, row, _CLEARANCE).id

    def get(self, patient_id: int, session_id: int) -> SessionRecord | None:
        query = _SESSION.select().where(_SESSIONS.c.id == session_id, _SESSIONS.c.patient_id == patient_id)
        return _SESSION.first(self.session, query)

    def open_state(self, patient_id: int, session_id: int) -> OpenState | None:
        """(finished_at, planned_reps, planned_sets) of a patient's session: plain columns, read per event."""
        return self.session.execute(_OPEN_STATE, {"session_id": session_id, "patient_id": patient_id}).first()

    def insert_event_if_open(self, patient_id: int, values: dict[str, Any]) -> bool:
        """Add an event if its session is this patient's and not finished; True when added.

        One INSERT ... SELECT, no ORM object: this runs for every event of every session. Raises
        `Duplicate` when the session already has an event with this client id."""
        try:
            result = self.session.execute(_INSERT_EVENT_IF_OPEN, {**values, "patient_id": patient_id})
        except IntegrityError as error:
            raise Duplicate(str(error.orig)) from error
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

    def finish(self, ended: SessionRecord) -> None:
        """Store how a session ended: its outcome, finished_at, pain and reach after, next_reps and
        paused_program."""
        self.session.execute(
            update(_SESSIONS)
            .where(_SESSIONS.c.id == ended.id)
            .values(
                outcome=ended.outcome,
                finished_at=ended.finished_at,
                pain_after=ended.pain_after,
                reach_after=ended.reach_after,
                next_reps=ended.next_reps,
                paused_program=ended.paused_program,
            )
        )

    def add_posture_seconds(self, session_id: int, observed: float, correct: float) -> None:
        """Add a camera connection's seconds to the session's; NULL (never watched) counts as 0."""
        columns = _SESSIONS.c
        self.session.execute(
            update(_SESSIONS)
            .where(columns.id == session_id)
            .values(
                posture_observed_s=func.coalesce(columns.posture_observed_s, 0.0) + observed,
                posture_correct_s=func.coalesce(columns.posture_correct_s, 0.0) + correct,
            )
        )

    def by_client_id(self, patient_id: int, client_id: str) -> SessionRecord | None:
        query = _SESSION.select().where(
            _SESSIONS.c.patient_id == patient_id, _SESSIONS.c.client_id == client_id
        )
        return _SESSION.first(self.session, query)

    def event_by_client_id(self, session_id: int, client_id: str) -> EventRecord | None:
        query = _EVENT.select().where(_EVENTS.c.session_id == session_id, _EVENTS.c.client_id == client_id)
        return _EVENT.first(self.session, query)

    def sessions(self, patient_id: int) -> list[SessionRecord]:
        query = (
            _SESSION.select()
            .where(_SESSIONS.c.patient_id == patient_id)
            .order_by(_SESSIONS.c.started_at, _SESSIONS.c.id)
        )
        return _SESSION.all(self.session, query)

    def event_counts(self, patient_id: int, kind: str) -> dict[int, int]:
        rows = self.session.execute(
            select(EventRow.session_id, func.count())
            .join(SessionRow, SessionRow.id == EventRow.session_id)
            .where(SessionRow.patient_id == patient_id, EventRow.kind == kind)
            .group_by(EventRow.session_id)
        )
        return {row[0]: row[1] for row in rows}

    def event_count(self, session_id: int, kind: str) -> int:
        query = select(func.count()).where(EventRow.session_id == session_id, EventRow.kind == kind)
        return int(self.session.execute(query).scalar_one())

    def events(self, session_id: int) -> list[EventRecord]:
        query = _EVENT.select().where(_EVENTS.c.session_id == session_id).order_by(_EVENTS.c.id)
        return _EVENT.all(self.session, query)

    def finished_before(self, patient_id: int, session_id: int, limit: int) -> list[SessionRecord]:
        """The patient's finished sessions that came before this one, newest first."""
        columns = _SESSIONS.c
        query = (
            _SESSION.select()
            .where(
                columns.patient_id == patient_id, columns.id < session_id, columns.finished_at.is_not(None)
            )
            .order_by(columns.id.desc())
            .limit(limit)
        )
        return _SESSION.all(self.session, query)

    def last_finished_of(self, patient_id: int, exercise_id: str) -> SessionRecord | None:
        columns = _SESSIONS.c
        query = (
            _SESSION.select()
            .where(
                columns.patient_id == patient_id,
                columns.exercise_id == exercise_id,
                columns.finished_at.is_not(None),
            )
            .order_by(columns.id.desc())
            .limit(1)
        )
        return _SESSION.first(self.session, query)

    def last_pause(self, patient_id: int) -> SessionRecord | None:
        columns = _SESSIONS.c
        query = (
            _SESSION.select()
            .where(columns.patient_id == patient_id, columns.paused_program)
            .order_by(columns.id.desc())
            .limit(1)
        )
        return _SESSION.first(self.session, query)

    def last_clearance(self, patient_id: int) -> ClearanceRecord | None:
        columns = _CLEARANCES.c
        query = (
            _CLEARANCE.select().where(columns.patient_id == patient_id).order_by(columns.id.desc()).limit(1)
        )
        return _CLEARANCE.first(self.session, query)


# Built once (a statement object keeps its cache key between uses) and on the tables, not the
# mapped classes: a plain Core statement skips the ORM's compile and bulk-insert steps.
_SESSIONS, _EVENTS = cast(Table, SessionRow.__table__), cast(Table, EventRow.__table__)
_CLEARANCES = cast(Table, ClearanceRow.__table__)
_SESSION, _EVENT = Reader(SessionRecord, SessionRow), Reader(EventRecord, EventRow)
_CLEARANCE = Reader(ClearanceRecord, ClearanceRow)
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
