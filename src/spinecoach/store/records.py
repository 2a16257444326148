"""The records repository: a patient's screenings, checks, programs, entries and alerts."""

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, update
from sqlalchemy.orm import Session

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
from spinecoach.store.reading import R, Reader, add_row
from spinecoach.store.tables import (
    ActivityEntryRow,
    AlertRow,
    CheckRow,
    PainEntryRow,
    PatientRow,
    ProgramItemRow,
    ProgramRow,
    ScreeningRow,
    TreatmentRow,
)

_SCREENING, _CHECK = Reader(ScreeningRecord, ScreeningRow), Reader(CheckRecord, CheckRow)
_PAIN, _ACTIVITY = Reader(PainRecord, PainEntryRow), Reader(ActivityRecord, ActivityEntryRow)
_TREATMENT, _ALERT = Reader(TreatmentRecord, TreatmentRow), Reader(AlertRecord, AlertRow)
_PROGRAM, _ITEM = Reader(ProgramRecord, ProgramRow), Reader(ProgramItemRecord, ProgramItemRow)
_SCREENINGS, _CHECKS, _PROGRAMS, _ITEMS, _ALERTS, _PATIENTS = (
    cast(Table, row.__table__)
    for row in (ScreeningRow, CheckRow, ProgramRow, ProgramItemRow, AlertRow, PatientRow)
)


class RecordsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_screening(self, **values: Any) -> ScreeningRecord:
        """Store a screening (the fields of `ScreeningRecord` but its id)."""
        return add_row(self.session, ScreeningRow(**values), _SCREENING)

    def add_check(self, **values: Any) -> CheckRecord:
        """Store a check (the fields of `CheckRecord` but its id)."""
        return add_row(self.session, CheckRow(**values), _CHECK)

    def add_pain(
        self, patient_id: int, recorded_at: datetime, score: int, reach: str, note: str
    ) -> PainRecord:
        row = PainEntryRow(
            patient_id=patient_id, recorded_at=recorded_at, score=score, reach=reach, note=note
        )
        return add_row(self.session, row, _PAIN)

    def add_activity(
        self, patient_id: int, recorded_at: datetime, activity_id: str, minutes: int, note: str
    ) -> ActivityRecord:
        row = ActivityEntryRow(
            patient_id=patient_id,
            recorded_at=recorded_at,
            activity_id=activity_id,
            minutes=minutes,
            note=note,
        )
        return add_row(self.session, row, _ACTIVITY)

    def add_treatment(
        self, patient_id: int, recorded_at: datetime, kind: str, started_on: str | None, note: str
    ) -> TreatmentRecord:
        row = TreatmentRow(
            patient_id=patient_id, recorded_at=recorded_at, kind=kind, started_on=started_on, note=note
        )
        return add_row(self.session, row, _TREATMENT)

    def add_alert(
        self, patient_id: int, kind: str, message: str, created_at: datetime, session_id: int | None = None
    ) -> AlertRecord:
        row = AlertRow(
            patient_id=patient_id, session_id=session_id, kind=kind, message=message, created_at=created_at
        )
        return add_row(self.session, row, _ALERT)

    def add_program(self, patient_id: int, name: str, kind: str, created_by: int, now: datetime) -> int:
        """Store a new active program (its items follow with `add_program_item`); its id."""
        row = ProgramRow(
            patient_id=patient_id, name=name, kind=kind, created_by=created_by, created_at=now, active=True
        )
        return add_row(self.session, row, _PROGRAM).id

    def add_program_item(self, **values: Any) -> None:
        """Store one item of a program (the fields of `ProgramItemRecord` but its id)."""
        add_row(self.session, ProgramItemRow(**values), _ITEM)

    def deactivate_program(self, program_id: int) -> None:
        self.session.execute(update(_PROGRAMS).where(_PROGRAMS.c.id == program_id).values(active=False))

    def acknowledge_alert(self, alert_id: int, at: datetime, by: int) -> None:
        query = update(_ALERTS).where(_ALERTS.c.id == alert_id)
        self.session.execute(query.values(acknowledged_at=at, acknowledged_by=by))

    def check(self, check_id: int) -> CheckRecord | None:
        return _CHECK.first(self.session, _CHECK.select().where(_CHECKS.c.id == check_id))

    def screenings(self, patient_id: int) -> list[ScreeningRecord]:
        return self._entries(_SCREENING, patient_id)

    def checks(self, patient_id: int) -> list[CheckRecord]:
        return self._entries(_CHECK, patient_id)

    def pain_entries(self, patient_id: int) -> list[PainRecord]:
        return self._entries(_PAIN, patient_id)

    def activity_entries(self, patient_id: int) -> list[ActivityRecord]:
        return self._entries(_ACTIVITY, patient_id)

    def treatments(self, patient_id: int) -> list[TreatmentRecord]:
        return self._entries(_TREATMENT, patient_id)

    def first_pain(self, patient_id: int) -> PainRecord | None:
        return self._first(_PAIN, patient_id)

    def latest_screening(self, patient_id: int) -> ScreeningRecord | None:
        return self._first(_SCREENING, patient_id, newest=True)

    def active_program(self, patient_id: int) -> ProgramRecord | None:
        columns = _PROGRAMS.c
        query = _PROGRAM.select().where(columns.patient_id == patient_id, columns.active)
        return _PROGRAM.first(self.session, query.order_by(columns.id.desc()).limit(1))

    def programs(self, patient_id: int) -> list[ProgramRecord]:
        query = _PROGRAM.select().where(_PROGRAMS.c.patient_id == patient_id).order_by(_PROGRAMS.c.id)
        return _PROGRAM.all(self.session, query)

    def program_items(self, program_id: int) -> list[ProgramItemRecord]:
        query = _ITEM.select().where(_ITEMS.c.program_id == program_id)
        return _ITEM.all(self.session, query.order_by(_ITEMS.c.position))

    def alert(self, alert_id: int) -> AlertRecord | None:
        return _ALERT.first(self.session, _ALERT.select().where(_ALERTS.c.id == alert_id))

    def alerts_of(self, patient_id: int) -> list[AlertRecord]:
        query = _ALERT.select().where(_ALERTS.c.patient_id == patient_id)
        return _ALERT.all(self.session, query.order_by(_ALERTS.c.created_at.desc(), _ALERTS.c.id.desc()))

    def alerts_for_instructor(self, instructor_id: int, open_only: bool) -> list[AlertRecord]:
        query = (
            _ALERT.select()
            .join(_PATIENTS, _PATIENTS.c.id == _ALERTS.c.patient_id)
            .where(_PATIENTS.c.instructor_id == instructor_id)
        )
        if open_only:
            query = query.where(_ALERTS.c.acknowledged_at.is_(None))
        return _ALERT.all(self.session, query.order_by(_ALERTS.c.created_at.desc(), _ALERTS.c.id.desc()))

    def _entries(self, reader: Reader[R], patient_id: int) -> list[R]:
        """A patient's entries of one kind, oldest first."""
        table, moment = _TABLE_AND_MOMENT[reader]
        query = reader.select().where(table.c.patient_id == patient_id).order_by(moment, table.c.id)
        return reader.all(self.session, query)

    def _first(self, reader: Reader[R], patient_id: int, newest: bool = False) -> R | None:
        table, moment = _TABLE_AND_MOMENT[reader]
        order = (moment.desc(), table.c.id.desc()) if newest else (moment, table.c.id)
        query = reader.select().where(table.c.patient_id == patient_id).order_by(*order).limit(1)
        return reader.first(self.session, query)


def _by_moment(row: type[Any], moment: str) -> tuple[Table, Any]:
    table = cast(Table, row.__table__)
    return table, table.c[moment]


# each kind of entry in the order it was made
_TABLE_AND_MOMENT: dict[Reader[Any], tuple[Table, Any]] = {
    _SCREENING: _by_moment(ScreeningRow, "answered_at"),
    _CHECK: _by_moment(CheckRow, "checked_at"),
    _PAIN: _by_moment(PainEntryRow, "recorded_at"),
    _ACTIVITY: _by_moment(ActivityEntryRow, "recorded_at"),
    _TREATMENT: _by_moment(TreatmentRow, "recorded_at"),
}
