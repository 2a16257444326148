"""An in-memory unit of work for the service tests (cosmicpython's way): fake repositories with the
methods of the real ones (the protocols in store/ports.py), rows kept as records in lists, and a
commit that keeps what was written while leaving a block uncommitted throws it away."""

from datetime import datetime
from types import TracebackType
from typing import Any, Self

from spinecoach.domain.journal_records import ClearanceRecord, EventRecord, SessionRecord
from spinecoach.store.errors import Duplicate
from spinecoach.store.ports import OpenState
from spinecoach.store.unit_of_work import UnitOfWork
from tests.unit.fake_records import FakeRecords, Memory


class FakeJournal:
    def __init__(self, memory: Memory) -> None:
        self.memory = memory

    def _sessions(self, patient_id: int) -> list[SessionRecord]:
        return [s for s in self.memory.rows(SessionRecord) if s.patient_id == patient_id]

    def add_session(self, **values: Any) -> int:
        client_id, patient_id = values.get("client_id"), values["patient_id"]
        if client_id is not None and self.by_client_id(patient_id, client_id) is not None:
            raise Duplicate("sessions (patient_id, client_id)")
        return self.memory.add(SessionRecord, **values).id

    def add_clearance(self, patient_id: int, cleared_at: datetime, cleared_by: int | None, note: str) -> int:
        clearance = self.memory.add(
            ClearanceRecord, patient_id=patient_id, cleared_at=cleared_at, cleared_by=cleared_by, note=note
        )
        return clearance.id

    def get(self, patient_id: int, session_id: int) -> SessionRecord | None:
        return next((s for s in self._sessions(patient_id) if s.id == session_id), None)

    def open_state(self, patient_id: int, session_id: int) -> OpenState | None:
        found = self.get(patient_id, session_id)
        return None if found is None else (found.finished_at, found.planned_reps, found.planned_sets)

    def insert_event_if_open(self, patient_id: int, values: dict[str, Any]) -> bool:
        found = self.get(patient_id, values["session_id"])
        if found is None or found.finished_at is not None:
            return False
        client_id = values.get("client_id")
        if client_id is not None and self.event_by_client_id(found.id, client_id) is not None:
            raise Duplicate("session_events (session_id, client_id)")
        self.memory.add(EventRecord, **values)
        return True

    def advance(self, session_id: int, reps_done: int, sets_done: int) -> None:
        found = next(s for s in self.memory.rows(SessionRecord) if s.id == session_id)
        reps, sets = max(found.reps_done, reps_done), max(found.sets_done, sets_done)
        self.memory.change(SessionRecord, session_id, reps_done=reps, sets_done=sets)

    def finish(self, ended: SessionRecord) -> None:
        self.memory.change(
            SessionRecord,
            ended.id,
            outcome=ended.outcome,
            finished_at=ended.finished_at,
            pain_after=ended.pain_after,
            reach_after=ended.reach_after,
            next_reps=ended.next_reps,
            paused_program=ended.paused_program,
        )

    def add_posture_seconds(self, session_id: int, observed: float, correct: float) -> None:
        found = next(s for s in self.memory.rows(SessionRecord) if s.id == session_id)
        self.memory.change(
            SessionRecord,
            session_id,
            posture_observed_s=(found.posture_observed_s or 0.0) + observed,
            posture_correct_s=(found.posture_correct_s or 0.0) + correct,
        )

    def by_client_id(self, patient_id: int, client_id: str) -> SessionRecord | None:
        return next((s for s in self._sessions(patient_id) if s.client_id == client_id), None)

    def event_by_client_id(self, session_id: int, client_id: str) -> EventRecord | None:
        return next((e for e in self.events(session_id) if e.client_id == client_id), None)

    def sessions(self, patient_id: int) -> list[SessionRecord]:
        return sorted(self._sessions(patient_id), key=lambda s: (s.started_at, s.id))

    def event_counts(self, patient_id: int, kind: str) -> dict[int, int]:
        counts = {s.id: self.event_count(s.id, kind) for s in self._sessions(patient_id)}
        return {session_id: count for session_id, count in counts.items() if count}

    def event_count(self, session_id: int, kind: str) -> int:
        return sum(1 for e in self.events(session_id) if e.kind == kind)

    def events(self, session_id: int) -> list[EventRecord]:
        return [e for e in self.memory.rows(EventRecord) if e.session_id == session_id]

    def finished_before(self, patient_id: int, session_id: int, limit: int) -> list[SessionRecord]:
        found = [s for s in self._sessions(patient_id) if s.id < session_id and s.finished_at is not None]
        return sorted(found, key=lambda s: -s.id)[:limit]

    def last_finished_of(self, patient_id: int, exercise_id: str) -> SessionRecord | None:
        found = [s for s in self._sessions(patient_id) if s.exercise_id == exercise_id and s.finished_at]
        return found[-1] if found else None

    def last_pause(self, patient_id: int) -> SessionRecord | None:
        found = [s for s in self._sessions(patient_id) if s.paused_program]
        return found[-1] if found else None

    def last_clearance(self, patient_id: int) -> ClearanceRecord | None:
        found = [c for c in self.memory.rows(ClearanceRecord) if c.patient_id == patient_id]
        return found[-1] if found else None


class FakeUnitOfWork(UnitOfWork):
    """Holds what was committed; a block that ends without committing, or with an error, leaves
    nothing behind, as the real unit of work promises."""

    def __init__(self) -> None:
        self.memory = Memory()
        self.journal = FakeJournal(self.memory)
        self.records = FakeRecords(self.memory)
        self.commits = 0
        self._committed = self.memory.copy()

    @property
    def committed(self) -> bool:
        return self.commits > 0

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.rollback()

    def commit(self) -> None:
        self.commits += 1
        self._committed = self.memory.copy()

    def rollback(self) -> None:
        self.memory.tables = {table: list(rows) for table, rows in self._committed.items()}
