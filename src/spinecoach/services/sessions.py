"""Recording a guided session as it happens, and the follow-up when it ends."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from spinecoach.domain.errors import Conflict, DomainError, NotFound
from spinecoach.domain.exercises import CountRange
from spinecoach.domain.pain import Reach, check_pain
from spinecoach.domain.plans import Plan
from spinecoach.domain.session_rules import (
    PAUSE_LIFTED,
    PROGRAM_PAUSED,
    SHARP_STOPS_TO_PAUSE,
    EventKind,
    FollowUp,
    Outcome,
    SessionResult,
    follow_up,
)
from spinecoach.store.tables import AlertRow, ClearanceRow, SessionRow
from spinecoach.store.unit_of_work import UnitOfWork


class ProgramPaused(DomainError):
    """The program is paused until the person has seen a doctor."""


@dataclass(frozen=True)
class PauseStatus:
    paused: bool
    since: datetime | None


def pause_status(uow: UnitOfWork, patient_id: int) -> PauseStatus:
    """Paused when the latest pause came after the latest doctor's clearance."""
    with uow:
        pause = uow.journal.last_pause(patient_id)
        clearance = uow.journal.last_clearance(patient_id)
        if pause is None or pause.finished_at is None:
            return PauseStatus(False, None)
        if clearance is not None and clearance.cleared_at >= pause.finished_at:
            return PauseStatus(False, None)
        return PauseStatus(True, pause.finished_at)


def clear_pause(
    uow: UnitOfWork, patient_id: int, note: str, now: datetime, cleared_by: int | None = None
) -> None:
    """Record that a doctor has seen the person, which lifts a pause."""
    if not note.strip():
        raise DomainError("say in a few words when and whom the person saw, e.g. 'Dr Ivanova, 2 Dec'")
    with uow:
        uow.journal.add(
            ClearanceRow(patient_id=patient_id, cleared_at=now, cleared_by=cleared_by, note=note.strip())
        )
        uow.commit()


def suggested_reps(uow: UnitOfWork, patient_id: int, exercise_id: str) -> int | None:
    """Fewer reps when the last session of this exercise raised the pain, else None."""
    with uow:
        last = uow.journal.last_finished_of(patient_id, exercise_id)
        return None if last is None else last.next_reps


@dataclass(frozen=True)
class Started:
    session_id: int
    created: bool  # False when a retried start found the session already there


def start_session(
    uow: UnitOfWork,
    patient_id: int,
    plan: Plan,
    speed: float,
    pain: int,
    reach: Reach,
    now: datetime,
    client_id: str | None = None,
) -> Started:
    """Write the session before the first step, as interrupted until it is finished."""
    check_pain(pain, "pain before the session")
    if pause_status(uow, patient_id).paused:
        raise ProgramPaused(f"{PROGRAM_PAUSED} {PAUSE_LIFTED}")
    with uow:
        if client_id is not None and (known := uow.journal.by_client_id(patient_id, client_id)):
            return Started(known.id, False)
        row = SessionRow(
            patient_id=patient_id,
            client_id=client_id,
            exercise_id=plan.exercise_id,
            started_at=now,
            planned_reps=plan.reps,
            planned_sets=plan.sets,
            reps_done=0,
            sets_done=0,
            outcome=Outcome.INTERRUPTED.value,
            pain_before=pain,
            reach_before=reach.value,
            speed=speed,
            plan_total=plan.total,
            paused_program=False,
        )
        try:
            uow.journal.add(row)
            uow.commit()
        except IntegrityError:  # the same start arrived twice at once: the other one stored it
            uow.rollback()
            known = uow.journal.by_client_id(patient_id, client_id or "")
            if known is None:
                raise
            return Started(known.id, False)
        return Started(row.id, True)


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
        except IntegrityError:  # a retry: the unique (session, client id) index already has it
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
    raise _finished(session_id)


def record_progress(
    uow: UnitOfWork, patient_id: int, session_id: int, reps_done: int, sets_done: int
) -> None:
    with uow:
        row = _open_session(uow, patient_id, session_id)
        _check_progress(row.planned_reps, row.planned_sets, reps_done, sets_done)
        uow.journal.advance(session_id, reps_done, sets_done)
        uow.commit()


def _check_progress(planned_reps: int, planned_sets: int, reps_done: int, sets_done: int) -> None:
    most = planned_reps * planned_sets
    if not (0 <= reps_done <= most and 0 <= sets_done <= planned_sets):
        raise DomainError(
            f"progress: reps_done must be 0-{most} and sets_done 0-{planned_sets} for this session"
        )


def exercise_of(uow: UnitOfWork, patient_id: int, session_id: int) -> str:
    with uow:
        return _session(uow, patient_id, session_id).exercise_id


def finish_session(
    uow: UnitOfWork,
    patient_id: int,
    session_id: int,
    outcome: Outcome,
    pain_after: int,
    reach_after: Reach,
    reps_range: CountRange,
    now: datetime,
) -> FollowUp:
    """Close the session, apply the after-session rules and raise alerts for the instructor."""
    check_pain(pain_after, "pain after the session")
    if outcome == Outcome.INTERRUPTED:
        raise DomainError("a session is finished as completed, stopped or quit; interrupted is never posted")
    with uow:
        row = _session(uow, patient_id, session_id)
        if row.finished_at is not None:
            return _finished_again(row, outcome, pain_after, reach_after)
        previous = _since_last_clearance(uow, patient_id, session_id)
        result = SessionResult(row.planned_reps, reps_range, row.pain_before, pain_after, outcome)
        follow = follow_up(result, [Outcome(p.outcome) for p in previous])
        row.outcome, row.finished_at = outcome.value, now
        row.pain_after, row.reach_after = pain_after, reach_after.value
        row.next_reps, row.paused_program = follow.next_reps, follow.pause_program
        for kind, message in _alerts(row, follow):
            uow.records.add(
                AlertRow(patient_id=patient_id, session_id=row.id, kind=kind, message=message, created_at=now)
            )
        uow.commit()
        return follow


def _finished_again(row: SessionRow, outcome: Outcome, pain_after: int, reach_after: Reach) -> FollowUp:
    """A retried finish with the same answers gets the same follow-up; different answers conflict."""
    if (row.outcome, row.pain_after, row.reach_after) != (outcome.value, pain_after, reach_after.value):
        raise Conflict(f"session {row.id} was already finished as {row.outcome} with pain {row.pain_after}")
    return FollowUp(row.next_reps, row.next_reps is not None or row.paused_program, row.paused_program, ())


def _alerts(row: SessionRow, follow: FollowUp) -> list[tuple[str, str]]:
    alerts = []
    if follow.next_reps is not None:
        rise = (row.pain_after or 0) - row.pain_before
        alerts.append(
            (
                "pain-rise",
                f"Pain rose by {rise} points in {row.exercise_id}; next time {follow.next_reps} reps.",
            )
        )
    if row.outcome == Outcome.STOPPED_SHARP_PAIN.value:
        alerts.append(("sharp-pain-stop", f"{row.exercise_id} was stopped for sharp pain."))
    if row.outcome == Outcome.STOPPED_PAIN_SPREAD.value:
        alerts.append(("pain-spread", f"Pain spread further down the leg during {row.exercise_id}."))
    if follow.pause_program:
        alerts.append(
            ("program-paused", "Two sessions in a row stopped by sharp pain: the program is paused.")
        )
    return alerts


def _since_last_clearance(uow: UnitOfWork, patient_id: int, session_id: int) -> list[SessionRow]:
    """Earlier finished sessions that count towards a pause: none from before a doctor's clearance."""
    clearance = uow.journal.last_clearance(patient_id)
    previous = uow.journal.finished_before(patient_id, session_id, SHARP_STOPS_TO_PAUSE - 1)
    return [p for p in previous if clearance is None or p.started_at > clearance.cleared_at]


def _session(uow: UnitOfWork, patient_id: int, session_id: int) -> SessionRow:
    row = uow.journal.get(patient_id, session_id)
    if row is None:
        raise NotFound(f"there is no session {session_id} for this patient")
    return row


def _still_open(row: SessionRow) -> None:
    if row.finished_at is not None:
        raise _finished(row.id)


def _finished(session_id: int) -> Conflict:
    return Conflict(f"session {session_id} is already finished; start a new one")


def _open_session(uow: UnitOfWork, patient_id: int, session_id: int) -> SessionRow:
    row = _session(uow, patient_id, session_id)
    _still_open(row)
    return row
