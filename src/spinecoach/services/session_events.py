"""What happens during a guided session: its events and the progress the player reports.

The rest of a session's life (its start, its finish and the follow-up) is in `services/sessions.py`.
"""

from dataclasses import dataclass
from datetime import datetime

from spinecoach.domain.errors import Conflict, DomainError, NotFound
from spinecoach.domain.journal_records import SessionRecord
from spinecoach.domain.pain import Reach
from spinecoach.domain.session_rules import EventKind
from spinecoach.store.errors import Duplicate
from spinecoach.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Event:
    kind: EventKind
    plan_seconds: float
    rep: int | None = None
    set: int | None = None
    reach: Reach | None = None
    client_id: str | None = None


def record_event(
    uow: UnitOfWork,
    patient_id: int,
    session_id: int,
    event: Event,
    now: datetime,
    progress: tuple[int, int] | None = None,
) -> bool:
    """Store one event (and the progress it reports) in one transaction; a retried post with the
    same client id is stored once. True when new.

    The event is inserted only while its session is open, in the same statement that checks it, so
    the usual post (no progress) costs one statement; the reasons for storing nothing are looked
    up only when nothing was stored."""
    with uow:
        if progress is not None:
            state = uow.journal.open_state(patient_id, session_id)
            if state is None:
                raise NotFound(f"there is no session {session_id} for this patient")
            finished_at, planned_reps, planned_sets = state
            if finished_at is None:
                _check_progress(planned_reps, planned_sets, *progress)
                uow.journal.advance(session_id, *progress)
        values = {
            "session_id": session_id,
            "client_id": event.client_id,
            "kind": event.kind.value,
            "occurred_at": now,
            "plan_seconds": event.plan_seconds,
            "rep": event.rep,
            "set": event.set,
            "reach": event.reach.value if event.reach else None,
        }
        try:
            stored = uow.journal.insert_event_if_open(patient_id, values)
        except Duplicate:  # a retry: the unique (session, client id) index already has it
            uow.rollback()
            if event.client_id is None or uow.journal.event_by_client_id(session_id, event.client_id) is None:
                raise
            return False
        if not stored:
            return _not_stored(uow, patient_id, session_id, event.client_id)
        uow.commit()
        return True


def _not_stored(uow: UnitOfWork, patient_id: int, session_id: int, client_id: str | None) -> bool:
    """Why an event found no open session: none of this patient's, a retry of an event stored
    before the session finished (False), or a finished session (raised)."""
    state = uow.journal.open_state(patient_id, session_id)
    if state is None:
        raise NotFound(f"there is no session {session_id} for this patient")
    if client_id is not None and uow.journal.event_by_client_id(session_id, client_id) is not None:
        return False
    raise finished_conflict(session_id)


def record_progress(
    uow: UnitOfWork, patient_id: int, session_id: int, reps_done: int, sets_done: int
) -> None:
    with uow:
        row = open_session_of(uow, patient_id, session_id)
        _check_progress(row.planned_reps, row.planned_sets, reps_done, sets_done)
        uow.journal.advance(session_id, reps_done, sets_done)
        uow.commit()


def _check_progress(planned_reps: int, planned_sets: int, reps_done: int, sets_done: int) -> None:
    most = planned_reps * planned_sets
    if not (0 <= reps_done <= most and 0 <= sets_done <= planned_sets):
        raise DomainError(
            f"progress: reps_done must be 0-{most} and sets_done 0-{planned_sets} for this session"
        )


def session_of(uow: UnitOfWork, patient_id: int, session_id: int) -> SessionRecord:
    """The patient's session, inside an open unit of work."""
    row = uow.journal.get(patient_id, session_id)
    if row is None:
        raise NotFound(f"there is no session {session_id} for this patient")
    return row


def _still_open(row: SessionRecord) -> None:
    if row.finished_at is not None:
        raise finished_conflict(row.id)


def finished_conflict(session_id: int) -> Conflict:
    """The error for anything posted to a finished session."""
    return Conflict(f"session {session_id} is already finished; start a new one")


def open_session_of(uow: UnitOfWork, patient_id: int, session_id: int) -> SessionRecord:
    """`session_of`, refusing a finished session."""
    row = session_of(uow, patient_id, session_id)
    _still_open(row)
    return row
