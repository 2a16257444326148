"""Recording a guided session as it happens, and the follow-up when it ends."""

from dataclasses import dataclass
from datetime import datetime

from spinecoach.domain.errors import DomainError
from spinecoach.domain.exercises import CountRange
from spinecoach.domain.pain import Reach, check_pain
from spinecoach.domain.plans import Plan
from spinecoach.domain.session_rules import (
    SHARP_STOPS_TO_PAUSE,
    EventKind,
    FollowUp,
    Outcome,
    SessionResult,
    follow_up,
)
from spinecoach.store.tables import ClearanceRow, EventRow, SessionRow
from spinecoach.store.unit_of_work import UnitOfWork


class ProgramPaused(DomainError):
    """The program is paused until the person has seen a doctor."""


@dataclass(frozen=True)
class PauseStatus:
    paused: bool
    since: datetime | None


def pause_status(uow: UnitOfWork) -> PauseStatus:
    """Paused when the latest pause came after the latest doctor's clearance."""
    with uow:
        pause, clearance = uow.journal.last_pause(), uow.journal.last_clearance()
        if pause is None or pause.finished_at is None:
            return PauseStatus(False, None)
        if clearance is not None and clearance.cleared_at >= pause.finished_at:
            return PauseStatus(False, None)
        return PauseStatus(True, pause.finished_at)


def clear_pause(uow: UnitOfWork, note: str, now: datetime) -> None:
    """Record that a doctor has seen the person, which lifts a pause."""
    if not note.strip():
        raise DomainError("say in a few words when and whom you saw, e.g. --note 'Dr Ivanova, 2 Dec'")
    with uow:
        uow.journal.add(ClearanceRow(cleared_at=now, note=note.strip()))
        uow.commit()


def suggested_reps(uow: UnitOfWork, exercise_id: str) -> int | None:
    """Fewer reps when the last session of this exercise raised the pain, else None."""
    with uow:
        last = uow.journal.last_finished_of(exercise_id)
        return None if last is None else last.next_reps


def start_session(uow: UnitOfWork, plan: Plan, speed: float, pain: int, reach: Reach, now: datetime) -> int:
    """Write the session before the first step, as interrupted until it is finished."""
    if pause_status(uow).paused:
        raise ProgramPaused(
            "Your program is paused after two sessions stopped by sharp pain. Please see a doctor; "
            "then record it with `spinecoach clear-pause --note '...'`."
        )
    with uow:
        row = SessionRow(
            exercise_id=plan.exercise_id,
            started_at=now,
            planned_reps=plan.reps,
            planned_sets=plan.sets,
            reps_done=0,
            sets_done=0,
            outcome=Outcome.INTERRUPTED.value,
            pain_before=check_pain(pain, "pain before the session"),
            reach_before=reach.value,
            speed=speed,
            plan_total=plan.total,
            paused_program=False,
        )
        uow.journal.add(row)
        uow.commit()
        return row.id


def record_event(
    uow: UnitOfWork,
    session_id: int,
    kind: EventKind,
    plan_seconds: float,
    now: datetime,
    rep: int | None = None,
    set_: int | None = None,
    reach: Reach | None = None,
) -> None:
    with uow:
        uow.journal.add(
            EventRow(
                session_id=session_id,
                kind=kind.value,
                occurred_at=now,
                plan_seconds=plan_seconds,
                rep=rep,
                set=set_,
                reach=reach.value if reach else None,
            )
        )
        uow.commit()


def record_progress(uow: UnitOfWork, session_id: int, reps_done: int, sets_done: int) -> None:
    with uow:
        row = _session(uow, session_id)
        row.reps_done, row.sets_done = reps_done, sets_done
        uow.commit()


def finish_session(
    uow: UnitOfWork,
    session_id: int,
    outcome: Outcome,
    pain_after: int,
    reach_after: Reach,
    reps_range: CountRange,
    now: datetime,
) -> FollowUp:
    """Close the session and apply the after-session rules."""
    check_pain(pain_after, "pain after the session")
    with uow:
        row = _session(uow, session_id)
        previous = _since_last_clearance(uow, session_id)
        result = SessionResult(row.planned_reps, reps_range, row.pain_before, pain_after, outcome)
        follow = follow_up(result, [Outcome(p.outcome) for p in previous])
        row.outcome = outcome.value
        row.finished_at = now
        row.pain_after, row.reach_after = pain_after, reach_after.value
        row.next_reps = follow.next_reps
        row.paused_program = follow.pause_program
        uow.commit()
        return follow


def _since_last_clearance(uow: UnitOfWork, session_id: int) -> list[SessionRow]:
    """Earlier finished sessions that count towards a pause: none from before a doctor's clearance."""
    clearance = uow.journal.last_clearance()
    previous = uow.journal.finished_before(session_id, SHARP_STOPS_TO_PAUSE - 1)
    return [p for p in previous if clearance is None or p.started_at > clearance.cleared_at]


def _session(uow: UnitOfWork, session_id: int) -> SessionRow:
    row = uow.journal.get(session_id)
    if row is None:
        raise DomainError(f"there is no session {session_id} in the journal")
    return row
