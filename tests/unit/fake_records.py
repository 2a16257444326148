"""The fake records repository of the service tests (see fake_uow.py), and the memory that every
fake repository keeps its records in."""

from dataclasses import fields, replace
from datetime import datetime
from typing import Any, Protocol, TypeVar

from spinecoach.domain.clinical_records import (
    ActivityRecord,
    AlertRecord,
    CheckRecord,
    PainRecord,
    ProgramItemRecord,
    ProgramRecord,
    ScreeningRecord,
    TreatmentRecord,
)

R = TypeVar("R")
Tables = dict[type[Any], list[Any]]


class Memory:
    """Every table as a list of records, the newest last."""

    def __init__(self) -> None:
        self.tables: Tables = {}

    def rows(self, table: type[R], /) -> list[R]:
        return self.tables.setdefault(table, [])

    def add(self, table: type[R], /, **values: Any) -> R:
        """A new record with the next id; fields not given take the table's defaults (None)."""
        rows = self.rows(table)
        given = {f.name: values.get(f.name) for f in fields(table)}  # type: ignore[arg-type]
        record = table(**{**given, "id": len(rows) + 1})
        rows.append(record)
        return record

    def change(self, table: type[Any], record_id: int, /, **values: Any) -> None:
        rows = self.rows(table)
        rows[:] = [replace(r, **values) if r.id == record_id else r for r in rows]

    def copy(self) -> Tables:
        return {table: list(rows) for table, rows in self.tables.items()}


class OfPatient(Protocol):
    @property
    def patient_id(self) -> int: ...


P = TypeVar("P", bound=OfPatient)


class FakeRecords:
    def __init__(self, memory: Memory) -> None:
        self.memory = memory
        self.instructors: dict[int, int] = {}  # patient id -> instructor's user id

    def _of(self, kind: type[P], patient_id: int) -> list[P]:
        return [r for r in self.memory.rows(kind) if r.patient_id == patient_id]

    def add_screening(self, **values: Any) -> ScreeningRecord:
        return self.memory.add(ScreeningRecord, **values)

    def add_check(self, **values: Any) -> CheckRecord:
        return self.memory.add(CheckRecord, **values)

    def add_pain(
        self, patient_id: int, recorded_at: datetime, score: int, reach: str, note: str
    ) -> PainRecord:
        return self.memory.add(
            PainRecord, patient_id=patient_id, recorded_at=recorded_at, score=score, reach=reach, note=note
        )

    def add_activity(
        self, patient_id: int, recorded_at: datetime, activity_id: str, minutes: int, note: str
    ) -> ActivityRecord:
        return self.memory.add(
            ActivityRecord,
            patient_id=patient_id,
            recorded_at=recorded_at,
            activity_id=activity_id,
            minutes=minutes,
            note=note,
        )

    def add_treatment(
        self, patient_id: int, recorded_at: datetime, kind: str, started_on: str | None, note: str
    ) -> TreatmentRecord:
        return self.memory.add(
            TreatmentRecord,
            patient_id=patient_id,
            recorded_at=recorded_at,
            kind=kind,
            started_on=started_on,
            note=note,
        )

    def add_alert(
        self, patient_id: int, kind: str, message: str, created_at: datetime, session_id: int | None = None
    ) -> AlertRecord:
        return self.memory.add(
            AlertRecord,
            patient_id=patient_id,
            session_id=session_id,
            kind=kind,
            message=message,
            created_at=created_at,
        )

    def add_program(self, patient_id: int, name: str, kind: str, created_by: int, now: datetime) -> int:
        program = self.memory.add(
            ProgramRecord,
            patient_id=patient_id,
            name=name,
            kind=kind,
            created_by=created_by,
            created_at=now,
            active=True,
        )
        return program.id

    def add_program_item(self, **values: Any) -> None:
        self.memory.add(ProgramItemRecord, **values)

    def deactivate_program(self, program_id: int) -> None:
        self.memory.change(ProgramRecord, program_id, active=False)

    def acknowledge_alert(self, alert_id: int, at: datetime, by: int) -> None:
        self.memory.change(AlertRecord, alert_id, acknowledged_at=at, acknowledged_by=by)

    def check(self, check_id: int) -> CheckRecord | None:
        return next((c for c in self.memory.rows(CheckRecord) if c.id == check_id), None)

    def screenings(self, patient_id: int) -> list[ScreeningRecord]:
        return self._of(ScreeningRecord, patient_id)

    def checks(self, patient_id: int) -> list[CheckRecord]:
        return self._of(CheckRecord, patient_id)

    def pain_entries(self, patient_id: int) -> list[PainRecord]:
        return self._of(PainRecord, patient_id)

    def activity_entries(self, patient_id: int) -> list[ActivityRecord]:
        return self._of(ActivityRecord, patient_id)

    def treatments(self, patient_id: int) -> list[TreatmentRecord]:
        return self._of(TreatmentRecord, patient_id)

    def first_pain(self, patient_id: int) -> PainRecord | None:
        return next(iter(self.pain_entries(patient_id)), None)

    def latest_screening(self, patient_id: int) -> ScreeningRecord | None:
        return next(reversed(self.screenings(patient_id)), None)

    def active_program(self, patient_id: int) -> ProgramRecord | None:
        return next((p for p in reversed(self.programs(patient_id)) if p.active), None)

    def programs(self, patient_id: int) -> list[ProgramRecord]:
        return self._of(ProgramRecord, patient_id)

    def program_items(self, program_id: int) -> list[ProgramItemRecord]:
        items = [i for i in self.memory.rows(ProgramItemRecord) if i.program_id == program_id]
        return sorted(items, key=lambda i: i.position)

    def alert(self, alert_id: int) -> AlertRecord | None:
        return next((a for a in self.memory.rows(AlertRecord) if a.id == alert_id), None)

    def alerts_of(self, patient_id: int) -> list[AlertRecord]:
        return sorted(self._of(AlertRecord, patient_id), key=lambda a: (a.created_at, a.id), reverse=True)

    def alerts_for_instructor(self, instructor_id: int, open_only: bool) -> list[AlertRecord]:
        found = [
            a
            for a in self.memory.rows(AlertRecord)
            if self.instructors.get(a.patient_id) == instructor_id and not (open_only and a.acknowledged_at)
        ]
        return sorted(found, key=lambda a: (a.created_at, a.id), reverse=True)
