"""Programs: the instructor prescribes, the safety rules review, the patient reads."""

from typing import Annotated

from fastapi import APIRouter, Depends

from spinecoach.domain.access import can_prescribe, can_read_patient
from spinecoach.domain.programs import Program, review_program
from spinecoach.services import checks, programs
from spinecoach.web.deps import CatalogDep, PatientAccess, UoW, now, patient_guard
from spinecoach.web.schemas.errors import GUARDED, WITH_BODY, errors
from spinecoach.web.schemas.programs import PrescribedPublic, ProfiledReviewPublic, ProgramPublic

router = APIRouter(tags=["programs"], responses=errors(*GUARDED))
Reader = Annotated[PatientAccess, Depends(patient_guard(can_read_patient))]
Instructor = Annotated[PatientAccess, Depends(patient_guard(can_prescribe))]


@router.get("/patients/{patient_id}/programs", response_model=list[ProgramPublic])
def list_programs(access: Reader, uow: UoW) -> list[programs.StoredProgram]:
    """Every program prescribed to the patient; the active one is the newest."""
    return programs.list_programs(uow, access.patient.patient_id)


@router.post(
    "/patients/{patient_id}/programs/review",
    response_model=ProfiledReviewPublic,
    responses=errors(*WITH_BODY),
)
def review(body: Program, access: Instructor, uow: UoW, catalog: CatalogDep) -> dict[str, object]:
    """What the safety rules say about a draft program, without storing it."""
    profile = checks.profile_for(uow, access.patient.patient_id)
    return {"profile": profile.value, **review_program(body, profile, catalog).as_dict()}


@router.post(
    "/patients/{patient_id}/programs",
    status_code=201,
    response_model=PrescribedPublic,
    responses=errors(*WITH_BODY),
)
def prescribe(body: Program, access: Instructor, uow: UoW, catalog: CatalogDep) -> dict[str, object]:
    """Prescribe a program. Refused items give 422 with the reason; warnings need a written reason."""
    pid = access.patient.patient_id
    profile = checks.profile_for(uow, pid)
    stored, review_ = programs.prescribe_program(
        uow, catalog, pid, body, profile, access.actor.user_id, now()
    )
    return {"program": stored, "review": review_.as_dict()}
