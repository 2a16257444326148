"""The records repository: a patient's screenings, checks, programs, entries and alerts."""

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

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

Entry = TypeVar("Entry", ScreeningRow, CheckRow, PainEntryRow, ActivityEntryRow, TreatmentRow)
ORDER = {
    ScreeningRow: ScreeningRow.answered_at,
    CheckRow: CheckRow.checked_at,
    PainEntryRow: PainEntryRow.recorded_at,
    ActivityEntryRow: ActivityEntryRow.recorded_at,
    TreatmentRow: TreatmentRow.recorded_at,
}


class RecordsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: object) -> None:
        self.session.add(row)
        self.session.flush()

    def check(self, check_id: int) -> CheckRow | None:
        return self.session.get(CheckRow, check_id)

    def entries(self, table: type[Entry], patient_id: int) -> Sequence[Entry]:
        query = select(table).where(table.patient_id == patient_id).order_by(ORDER[table], table.id)
        return self.session.scalars(query).all()

    def latest(self, table: type[Entry], patient_id: int) -> Entry | None:
        query = (
            select(table).where(table.patient_id == patient_id).order_by(ORDER[table].desc(), table.id.desc())
        )
        return self.session.scalars(query.limit(1)).first()

    def active_program(self, patient_id: int) -> ProgramRow | None:
        query = select(ProgramRow).where(ProgramRow.patient_id == patient_id, ProgramRow.active)
        return self.session.scalars(query.order_by(ProgramRow.id.desc()).limit(1)).first()

    def programs(self, patient_id: int) -> Sequence[ProgramRow]:
        query = select(ProgramRow).where(ProgramRow.patient_id == patient_id).order_by(ProgramRow.id)
        return self.session.scalars(query).all()

    def program_items(self, program_id: int) -> Sequence[ProgramItemRow]:
        query = select(ProgramItemRow).where(ProgramItemRow.program_id == program_id)
        return self.session.scalars(query.order_by(ProgramItemRow.position)).all()

    def alert(self, alert_id: int) -> AlertRow | None:
        return self.session.get(AlertRow, alert_id)

    def alerts_of(self, patient_id: int) -> Sequence[AlertRow]:
        query = select(AlertRow).where(AlertRow.patient_id == patient_id)
        return self.session.scalars(query.order_by(AlertRow.created_at.desc(), AlertRow.id.desc())).all()

    def alerts_for_instructor(self, instructor_id: int, open_only: bool) -> Sequence[AlertRow]:
        query = (
            select(AlertRow)
            .join(PatientRow, PatientRow.id == AlertRow.patient_id)
            .where(PatientRow.instructor_id == instructor_id)
        )
        if open_only:
            query = query.where(AlertRow.acknowledged_at.is_(None))
        return self.session.scalars(query.order_by(AlertRow.created_at.desc(), AlertRow.id.desc())).all()
