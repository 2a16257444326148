"""Questionnaires (ODI, STarT Back), when they are due, and a person's progress."""

from typing import Annotated

from fastapi import APIRouter, Depends

from spinecoach.domain.access import can_prescribe, can_read_patient, can_record_for_patient
from spinecoach.services import outcomes, progress
from spinecoach.web.deps import PatientAccess, UoW, now, patient_guard
from spinecoach.web.questionnaire_forms import FormsDep
from spinecoach.web.schemas.errors import GUARDED, WITH_BODY, errors
from spinecoach.web.schemas.outcomes import (
    AnsweredPublic,
    FormsAndDuePublic,
    OdiCreate,
    SchedulePublic,
    ScheduleUpdate,
    StartBackCreate,
)
from spinecoach.web.schemas.progress import ProgressPublic

router = APIRouter(tags=["outcomes"], responses=errors(*GUARDED))
Reader = Annotated[PatientAccess, Depends(patient_guard(can_read_patient))]
Recorder = Annotated[PatientAccess, Depends(patient_guard(can_record_for_patient))]
Instructor = Annotated[PatientAccess, Depends(patient_guard(can_prescribe))]
ANSWER_ERRORS = errors(*WITH_BODY, 503)


@router.get("/patients/{patient_id}/questionnaires", response_model=FormsAndDuePublic, responses=errors(503))
def forms_and_due(access: Reader, uow: UoW, forms: FormsDep) -> dict[str, object]:
    """The forms to show (with whether their wording is the validated one) and which are due."""
    return {
        "due": [d.as_dict() for d in outcomes.due(uow, access.patient.patient_id, now())],
        "forms": forms,
    }


@router.post(
    "/patients/{patient_id}/questionnaires/odi",
    status_code=201,
    response_model=AnsweredPublic,
    responses=ANSWER_ERRORS,
)
def answer_odi(body: OdiCreate, access: Recorder, uow: UoW, forms: FormsDep) -> dict[str, object]:
    """Score and store an Oswestry Disability Index (at least 8 of the 10 sections answered)."""
    sections = [None if s is None else ((s,) if isinstance(s, int) else tuple(s)) for s in body.sections]
    wording = forms["odi"].validated_wording
    return outcomes.record_odi(
        uow, access.patient.patient_id, sections, wording, access.actor.user_id, now()
    ).as_dict()


@router.post(
    "/patients/{patient_id}/questionnaires/startback",
    status_code=201,
    response_model=AnsweredPublic,
    responses=ANSWER_ERRORS,
)
def answer_startback(body: StartBackCreate, access: Recorder, uow: UoW, forms: FormsDep) -> dict[str, object]:
    """Score and store a STarT Back (all nine items); a high risk alerts the instructor."""
    agree: list[bool | None] = [item == "agree" for item in body.items]
    wording = forms["startback"].validated_wording
    return outcomes.record_startback(
        uow, access.patient.patient_id, agree, body.bother, wording, access.actor.user_id, now()
    ).as_dict()


@router.get("/patients/{patient_id}/questionnaires/responses", response_model=list[AnsweredPublic])
def responses(access: Reader, uow: UoW) -> list[dict[str, object]]:
    """Every answered questionnaire with its score, oldest first."""
    return [r.as_dict() for r in outcomes.responses(uow, access.patient.patient_id)]


@router.put(
    "/patients/{patient_id}/questionnaires/schedule",
    response_model=SchedulePublic,
    responses=errors(*WITH_BODY),
)
def schedule(body: ScheduleUpdate, access: Instructor, uow: UoW) -> dict[str, object]:
    """The instructor sets how often the questionnaires are asked (default every 4 weeks)."""
    pid = access.patient.patient_id
    outcomes.set_interval(uow, pid, body.interval_weeks, access.actor.user_id, now())
    return {
        "interval_weeks": body.interval_weeks,
        "due": [d.as_dict() for d in outcomes.due(uow, pid, now())],
    }


@router.get("/patients/{patient_id}/progress", response_model=ProgressPublic)
def patient_progress(access: Reader, uow: UoW) -> dict[str, object]:
    """Baseline and latest of each measure, the change and whether it matters, adherence per week."""
    return progress.progress(uow, access.patient.patient_id, now()).as_dict()
