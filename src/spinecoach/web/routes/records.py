"""Pain, activity and treatment entries."""

from typing import Annotated

from fastapi import APIRouter, Depends

from spinecoach.domain.access import can_read_patient, can_record_for_patient
from spinecoach.domain.clinical_records import PainRecord
from spinecoach.domain.records import EVIDENCE_NOTES, ActivityEntry, PainEntry, TreatmentEntry, TreatmentKind
from spinecoach.services import records
from spinecoach.web.deps import CatalogDep, PatientAccess, UoW, now, patient_guard
from spinecoach.web.schemas.errors import GUARDED, WITH_BODY, errors
from spinecoach.web.schemas.records import (
    ActivityCreated,
    ActivityPublic,
    PainCreated,
    PainPublic,
    TreatmentCreated,
    TreatmentPublic,
)

router = APIRouter(tags=["records"], responses=errors(*GUARDED))
WRITE_ERRORS = errors(*WITH_BODY)
Reader = Annotated[PatientAccess, Depends(patient_guard(can_read_patient))]
Recorder = Annotated[PatientAccess, Depends(patient_guard(can_record_for_patient))]


@router.get("/patients/{patient_id}/pain", response_model=list[PainPublic])
def pain(access: Reader, uow: UoW) -> list[PainRecord]:
    return records.pain_entries(uow, access.patient.patient_id)


@router.post(
    "/patients/{patient_id}/pain", status_code=201, response_model=PainCreated, responses=WRITE_ERRORS
)
def add_pain(body: PainEntry, access: Recorder, uow: UoW) -> PainRecord:
    return records.add_pain(uow, access.patient.patient_id, body, now())


@router.get("/patients/{patient_id}/activities", response_model=list[ActivityPublic])
def activities(access: Reader, uow: UoW) -> list[dict[str, object]]:
    return [
        {
            "id": r.id,
            "recorded_at": r.recorded_at,
            "activity": r.activity_id,
            "minutes": r.minutes,
            "note": r.note,
        }
        for r in records.activity_entries(uow, access.patient.patient_id)
    ]


@router.post(
    "/patients/{patient_id}/activities",
    status_code=201,
    response_model=ActivityCreated,
    responses=WRITE_ERRORS,
)
def add_activity(body: ActivityEntry, access: Recorder, uow: UoW, catalog: CatalogDep) -> dict[str, object]:
    row = records.add_activity(uow, catalog, access.patient.patient_id, body, now())
    advice = catalog.activities[row.activity_id].advice.value
    return {"id": row.id, "activity": row.activity_id, "minutes": row.minutes, "advice": advice}


@router.get("/patients/{patient_id}/treatments", response_model=list[TreatmentPublic])
def treatments(access: Reader, uow: UoW) -> list[dict[str, object]]:
    return [
        {
            "id": r.id,
            "recorded_at": r.recorded_at,
            "kind": r.kind,
            "started_on": r.started_on,
            "note": r.note,
            "evidence_note": EVIDENCE_NOTES.get(TreatmentKind(r.kind)),
        }
        for r in records.treatments(uow, access.patient.patient_id)
    ]


@router.post(
    "/patients/{patient_id}/treatments",
    status_code=201,
    response_model=TreatmentCreated,
    responses=WRITE_ERRORS,
)
def add_treatment(body: TreatmentEntry, access: Recorder, uow: UoW) -> dict[str, object]:
    row = records.add_treatment(uow, access.patient.patient_id, body, now())
    return {"id": row.id, "kind": row.kind, "evidence_note": EVIDENCE_NOTES.get(body.kind)}
