"""Pain, activity and treatment entries."""

from typing import Annotated

from fastapi import APIRouter, Depends

from spinecoach.domain.access import can_read_patient, can_record_for_patient
from spinecoach.domain.records import EVIDENCE_NOTES, ActivityEntry, PainEntry, TreatmentEntry, TreatmentKind
from spinecoach.services import records
from spinecoach.web.deps import CatalogDep, PatientAccess, UoW, now, patient_guard

router = APIRouter(tags=["records"])
Reader = Annotated[PatientAccess, Depends(patient_guard(can_read_patient))]
Recorder = Annotated[PatientAccess, Depends(patient_guard(can_record_for_patient))]


@router.get("/patients/{patient_id}/pain")
def pain(access: Reader, uow: UoW) -> list[dict[str, object]]:
    return [
        {"id": r.id, "recorded_at": r.recorded_at, "score": r.score, "reach": r.reach, "note": r.note}
        for r in records.pain_entries(uow, access.patient.patient_id)
    ]


@router.post("/patients/{patient_id}/pain", status_code=201)
def add_pain(body: PainEntry, access: Recorder, uow: UoW) -> dict[str, object]:
    row = records.add_pain(uow, access.patient.patient_id, body, now())
    return {"id": row.id, "recorded_at": row.recorded_at, "score": row.score, "reach": row.reach}


@router.get("/patients/{patient_id}/activities")
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


@router.post("/patients/{patient_id}/activities", status_code=201)
def add_activity(body: ActivityEntry, access: Recorder, uow: UoW, catalog: CatalogDep) -> dict[str, object]:
    row = records.add_activity(uow, catalog, access.patient.patient_id, body, now())
    advice = catalog.activities[row.activity_id].advice.value
    return {"id": row.id, "activity": row.activity_id, "minutes": row.minutes, "advice": advice}


@router.get("/patients/{patient_id}/treatments")
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


@router.post("/patients/{patient_id}/treatments", status_code=201)
def add_treatment(body: TreatmentEntry, access: Recorder, uow: UoW) -> dict[str, object]:
    row = records.add_treatment(uow, access.patient.patient_id, body, now())
    return {"id": row.id, "kind": row.kind, "evidence_note": EVIDENCE_NOTES.get(body.kind)}
