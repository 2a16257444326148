"""Recording a guided session as it happens, and the follow-up when it ends."""

from dataclasses import dataclass, replace
from datetime import datetime

from spinecoach.domain.errors import Conflict, DomainError
from spinecoach.domain.exercises import CountRange
from spinecoach.domain.journal_records import SessionRecord
from spinecoach.domain.pain import Reach, check_pain
from spinecoach.domain.plans import Plan
from spinecoach.domain.session_rules import (
    PAUSE_LIFTED,
    PROGRAM_PAUSED,
    SHARP_STOPS_TO_PAUSE,
    FollowUp,
    Outcome,
    SessionResult,
    follow_up,
)
from spinecoach.services.session_events import session_of
from spinecoach.store.errors import Duplicate
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
        return pause_status_within(uow, patient_id)


def pause_status_within(uow: UnitOfWork, patient_id: int) -> PauseStatus:
    """`pause_status` inside an open unit of work."""
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
        uow.journal.add_clearance(patient_id, now, cleared_by, note.strip())
        uow.commit()


def suggested_reps(uow: UnitOfWork, patient_id: int, exercise_id: str) -> int | None:
    """Fewer reps when the last session of this exercise raised the pain, else None."""
    with uow:
        return suggested_reps_within(uow, patient_id, exercise_id)


def suggested_reps_within(uow: UnitOfWork, patient_id: int, exercise_id: str) -> int | None:
    """`suggested_reps` inside an open unit of work."""
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
    with uow:
        return start_session_within(uow, patient_id, plan, speed, pain, reach, now, client_id)


def start_session_within(
    uow: UnitOfWork,
    patient_id: int,
    plan: Plan,
    speed: float,
    pain: int,
    reach: Reach,
    now: datetime,
    client_id: str | None,
) -> Started:
    """`start_session` inside an open unit of work, which it commits: the pause check and the insert
    are one transaction."""
    check_pain(pain, "pain before the session")
    if pause_status_within(uow, patient_id).paused:
        raise ProgramPaused(f"{PROGRAM_PAUSED} {PAUSE_LIFTED}")
    if client_id is not None and (known := uow.journal.by_client_id(patient_id, client_id)):
        return Started(known.id, False)
    try:
        session_id = uow.journal.add_session(
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
        uow.commit()
    except Duplicate:  # the same start arrived twice at once: the other one stored it
        uow.rollback()
        known = uow.journal.by_client_id(patient_id, client_id or "")
        if known is None:
            raise
        return Started(known.id, False)
    return Started(session_id, True)


def exercise_of(uow: UnitOfWork, patient_id: int, session_id: int) -> str:
    with uow:
        return session_of(uow, patient_id, session_id).exercise_id


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
        row = session_of(uow, patient_id, session_id)
        if row.finished_at is not None:
            return _finished_again(row, outcome, pain_after, reach_after)
        previous = _since_last_clearance(uow, patient_id, session_id)
        result = SessionResult(row.planned_reps, reps_range, row.pain_before, pain_after, outcome)
        follow = follow_up(result, [Outcome(p.outcome) for p in previous])
        ended = replace(
            row,
            outcome=outcome.value,
            finished_at=now,
            pain_after=pain_after,
            reach_after=reach_after.value,
            next_reps=follow.next_reps,
            paused_program=follow.pause_program,
        )
        uow.journal.finish(ended)
        for kind, message in _alerts(ended, follow):
            uow.records.add_alert(patient_id, kind, message, now, session_id=row.id)
        uow.commit()
        return follow


def _finished_again(row: SessionRecord, outcome: Outcome, pain_after: int, reach_after: Reach) -> FollowUp:
    """A retried finish with the same answers gets the same follow-up; different answers conflict."""
    if (row.outcome, row.pain_after, row.reach_after) != (outcome.value, pain_after, reach_after.value):
        raise Conflict(f"session {row.id} was already finished as {row.outcome} with pain {row.pain_after}")
    return FollowUp(row.next_reps, row.next_reps is not None or row.paused_program, row.paused_program, ())


def _alerts(row: SessionRecord, follow: FollowUp) -> list[tuple[str, str]]:
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


def _since_last_clearance(uow: UnitOfWork, patient_id: int, session_id: int) -> list[SessionRecord]:
    """Earlier finished sessions that count towards a pause: none from before a doctor's clearance."""
    clearance = uow.journal.last_clearance(patient_id)
    previous = uow.journal.finished_before(patient_id, session_id, SHARP_STOPS_TO_PAUSE - 1)
    return [p for p in previous if clearance is None or p.started_at > clearance.cleared_at]
