"""Reading the journal back: one entry per session, as the person and the doctor see it."""

from dataclasses import dataclass
from datetime import datetime

from spinecoach.domain.errors import NotFound
from spinecoach.domain.journal_records import EventRecord, SessionRecord
from spinecoach.domain.posture.observed import PostureSeconds
from spinecoach.domain.session_rules import EventKind
from spinecoach.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class JournalEntry:
    id: int
    exercise: str
    started_at: datetime
    finished_at: datetime | None
    planned_reps: int
    planned_sets: int
    reps_done: int
    sets_done: int
    outcome: str
    pain_before: int
    reach_before: str
    pain_after: int | None
    reach_after: str | None
    discomfort: int
    speed: float
    posture: PostureSeconds | None = None  # None: the camera posture check was not used

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "exercise": self.exercise,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "planned": {"reps": self.planned_reps, "sets": self.planned_sets},
            "done": {"reps": self.reps_done, "sets": self.sets_done},
            "outcome": self.outcome,
            "pain_before": self.pain_before,
            "reach_before": self.reach_before,
            "pain_after": self.pain_after,
            "reach_after": self.reach_after,
            "discomfort": self.discomfort,
            "speed": self.speed,
            "posture": None if self.posture is None else self.posture.as_dict(),
        }


def list_journal(uow: UnitOfWork, patient_id: int) -> list[JournalEntry]:
    """A patient's sessions, oldest first, with how often discomfort was reported."""
    with uow:
        return list_journal_within(uow, patient_id)


def list_journal_within(uow: UnitOfWork, patient_id: int) -> list[JournalEntry]:
    """`list_journal` inside an open unit of work."""
    discomfort = uow.journal.event_counts(patient_id, EventKind.DISCOMFORT.value)
    return [_entry(r, discomfort.get(r.id, 0)) for r in uow.journal.sessions(patient_id)]


def _entry(r: SessionRecord, discomfort: int) -> JournalEntry:
    return JournalEntry(
        id=r.id,
        exercise=r.exercise_id,
        started_at=r.started_at,
        finished_at=r.finished_at,
        planned_reps=r.planned_reps,
        planned_sets=r.planned_sets,
        reps_done=r.reps_done,
        sets_done=r.sets_done,
        outcome=r.outcome,
        pain_before=r.pain_before,
        reach_before=r.reach_before,
        pain_after=r.pain_after,
        reach_after=r.reach_after,
        discomfort=discomfort,
        speed=r.speed,
        posture=posture_of(r.posture_observed_s, r.posture_correct_s),
    )


def posture_of(observed: float | None, correct: float | None) -> PostureSeconds | None:
    """The stored camera seconds of a session, or None when the camera was not used."""
    if observed is None:
        return None
    return PostureSeconds(observed, min(correct or 0.0, observed))


def session_with_events(
    uow: UnitOfWork, patient_id: int, session_id: int
) -> tuple[JournalEntry, list[EventRecord]]:
    """One session as the journal shows it, and its events in the order they were stored."""
    with uow:
        row = uow.journal.get(patient_id, session_id)
        if row is None:
            raise NotFound(f"there is no session {session_id} for this patient")
        discomfort = uow.journal.event_count(session_id, EventKind.DISCOMFORT.value)
        return _entry(row, discomfort), uow.journal.events(session_id)


def session_detail(uow: UnitOfWork, patient_id: int, session_id: int) -> dict[str, object]:
    """One session with every event, as the journal shows it."""
    entry, events = session_with_events(uow, patient_id, session_id)
    return {**entry.as_dict(), "events": [_event(e) for e in events]}


def _event(e: EventRecord) -> dict[str, object]:
    return {
        "client_id": e.client_id,
        "kind": e.kind,
        "occurred_at": e.occurred_at.isoformat(),
        "plan_seconds": e.plan_seconds,
        "rep": e.rep,
        "set": e.set,
        "reach": e.reach,
    }
