"""Pain, activity and treatment entries, and the instructor's alerts."""

from dataclasses import replace
from datetime import datetime

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.clinical_records import ActivityRecord, AlertRecord, PainRecord, TreatmentRecord
from spinecoach.domain.errors import DomainError, NotFound
from spinecoach.domain.records import ActivityEntry, PainEntry, TreatmentEntry
from spinecoach.services.outcomes import alert_on_pain
from spinecoach.store.unit_of_work import UnitOfWork


def add_pain(uow: UnitOfWork, patient_id: int, entry: PainEntry, now: datetime) -> PainRecord:
    """Store a pain entry; pain worse than the first entry alerts the instructor."""
    with uow:
        row = uow.records.add_pain(patient_id, now, entry.score, entry.reach.value, entry.note)
        alert_on_pain(uow, patient_id, entry.score, now)  # pain worse than the first entry (issue 5)
        uow.commit()
        return row


def add_activity(
    uow: UnitOfWork, catalog: Catalog, patient_id: int, entry: ActivityEntry, now: datetime
) -> ActivityRecord:
    """Store an activity of the catalog's list."""
    if entry.activity not in catalog.activities:
        known = ", ".join(catalog.activities)
        raise DomainError(f"activity: there is no activity {entry.activity!r}; choose one of {known}")
    with uow:
        row = uow.records.add_activity(patient_id, now, entry.activity, entry.minutes, entry.note)
        uow.commit()
        return row


def add_treatment(uow: UnitOfWork, patient_id: int, entry: TreatmentEntry, now: datetime) -> TreatmentRecord:
    """Store another treatment the person receives."""
    with uow:
        row = uow.records.add_treatment(patient_id, now, entry.kind.value, entry.started_on, entry.note)
        uow.commit()
        return row


def pain_entries(uow: UnitOfWork, patient_id: int) -> list[PainRecord]:
    with uow:
        return uow.records.pain_entries(patient_id)


def activity_entries(uow: UnitOfWork, patient_id: int) -> list[ActivityRecord]:
    with uow:
        return uow.records.activity_entries(patient_id)


def treatments(uow: UnitOfWork, patient_id: int) -> list[TreatmentRecord]:
    with uow:
        return uow.records.treatments(patient_id)


def alerts_for_instructor(uow: UnitOfWork, instructor_id: int, open_only: bool) -> list[AlertRecord]:
    with uow:
        return uow.records.alerts_for_instructor(instructor_id, open_only)


def alerts_of_patient(uow: UnitOfWork, patient_id: int) -> list[AlertRecord]:
    with uow:
        return uow.records.alerts_of(patient_id)


def acknowledge(uow: UnitOfWork, patient_id: int, alert_id: int, by: int, now: datetime) -> AlertRecord:
    with uow:
        row = uow.records.alert(alert_id)
        if row is None or row.patient_id != patient_id:
            raise NotFound(f"there is no alert {alert_id} for this patient")
        if row.acknowledged_at is None:
            uow.records.acknowledge_alert(alert_id, now, by)
            uow.commit()
            row = replace(row, acknowledged_at=now, acknowledged_by=by)
        return row
