"""Pain, activity and treatment entries, and the instructor's alerts."""

from dataclasses import dataclass
from datetime import datetime

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.errors import DomainError, NotFound
from spinecoach.domain.records import ActivityEntry, PainEntry, TreatmentEntry
from spinecoach.services.outcomes import alert_on_pain
from spinecoach.store.tables import ActivityEntryRow, AlertRow, PainEntryRow, TreatmentRow
from spinecoach.store.unit_of_work import UnitOfWork


def add_pain(uow: UnitOfWork, patient_id: int, entry: PainEntry, now: datetime) -> PainEntryRow:
    with uow:
        row = PainEntryRow(
            patient_id=patient_id,
            recorded_at=now,
            score=entry.score,
            reach=entry.reach.value,
            note=entry.note,
        )
        uow.records.add(row)
        alert_on_pain(uow, patient_id, entry.score, now)  # pain worse than the first entry (issue 5)
        uow.commit()
        return row


def add_activity(
    uow: UnitOfWork, catalog: Catalog, patient_id: int, entry: ActivityEntry, now: datetime
) -> ActivityEntryRow:
    if entry.activity not in catalog.activities:
        known = ", ".join(catalog.activities)
        raise DomainError(f"activity: there is no activity {entry.activity!r}; choose one of {known}")
    with uow:
        row = ActivityEntryRow(
            patient_id=patient_id,
            recorded_at=now,
            activity_id=entry.activity,
            minutes=entry.minutes,
            note=entry.note,
        )
        uow.records.add(row)
        uow.commit()
        return row


def add_treatment(uow: UnitOfWork, patient_id: int, entry: TreatmentEntry, now: datetime) -> TreatmentRow:
    with uow:
        row = TreatmentRow(
            patient_id=patient_id,
            recorded_at=now,
            kind=entry.kind.value,
            started_on=entry.started_on,
            note=entry.note,
        )
        uow.records.add(row)
        uow.commit()
        return row


def pain_entries(uow: UnitOfWork, patient_id: int) -> list[PainEntryRow]:
    with uow:
        return list(uow.records.entries(PainEntryRow, patient_id))


def activity_entries(uow: UnitOfWork, patient_id: int) -> list[ActivityEntryRow]:
    with uow:
        return list(uow.records.entries(ActivityEntryRow, patient_id))


def treatments(uow: UnitOfWork, patient_id: int) -> list[TreatmentRow]:
    with uow:
        return list(uow.records.entries(TreatmentRow, patient_id))


@dataclass(frozen=True)
class Alert:
    id: int
    patient_id: int
    session_id: int | None
    kind: str
    message: str
    created_at: datetime
    acknowledged_at: datetime | None


def _alert(row: AlertRow) -> Alert:
    return Alert(
        row.id, row.patient_id, row.session_id, row.kind, row.message, row.created_at, row.acknowledged_at
    )


def alerts_for_instructor(uow: UnitOfWork, instructor_id: int, open_only: bool) -> list[Alert]:
    with uow:
        return [_alert(r) for r in uow.records.alerts_for_instructor(instructor_id, open_only)]


def alerts_of_patient(uow: UnitOfWork, patient_id: int) -> list[Alert]:
    with uow:
        return [_alert(r) for r in uow.records.alerts_of(patient_id)]


def acknowledge(uow: UnitOfWork, patient_id: int, alert_id: int, by: int, now: datetime) -> Alert:
    with uow:
        row = uow.records.alert(alert_id)
        if row is None or row.patient_id != patient_id:
            raise NotFound(f"there is no alert {alert_id} for this patient")
        if row.acknowledged_at is None:
            row.acknowledged_at, row.acknowledged_by = now, by
            uow.commit()
        return _alert(row)
