"""Questionnaires (ODI, STarT Back), when they are due, and a person's progress."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from spinecoach.catalog import CatalogError
from spinecoach.catalog.questionnaires import Forms, questionnaires
from spinecoach.domain.access import can_prescribe, can_read_patient, can_record_for_patient
from spinecoach.domain.odi import SECTIONS
from spinecoach.domain.outcome_schedule import MAX_INTERVAL_WEEKS, MIN_INTERVAL_WEEKS
from spinecoach.domain.startback import AGREE_ITEMS, Bother
from spinecoach.services import outcomes, progress
from spinecoach.web.deps import PatientAccess, SettingsDep, UoW, now, patient_guard

router = APIRouter(tags=["outcomes"])
Reader = Annotated[PatientAccess, Depends(patient_guard(can_read_patient))]
Recorder = Annotated[PatientAccess, Depends(patient_guard(can_record_for_patient))]
Instructor = Annotated[PatientAccess, Depends(patient_guard(can_prescribe))]


def get_forms(settings: SettingsDep) -> Forms:
    try:
        return questionnaires(settings.questionnaire_texts)
    except CatalogError as exc:  # a clinic's texts file that does not fit: say so, store nothing
        raise HTTPException(503, f"the questionnaire texts cannot be used: {exc}") from None


FormsDep = Annotated[Forms, Depends(get_forms)]


class OdiIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sections: list[int | list[int] | None] = Field(
        min_length=SECTIONS,
        max_length=SECTIONS,
        description="the ten sections in order: a level 0-5, two marked levels as a list, or null",
    )


class StartBackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[Literal["agree", "disagree"]] = Field(min_length=AGREE_ITEMS, max_length=AGREE_ITEMS)
    bother: Bother = Field(description="item 9")


class ScheduleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    interval_weeks: int = Field(ge=MIN_INTERVAL_WEEKS, le=MAX_INTERVAL_WEEKS)


@router.get("/patients/{patient_id}/questionnaires")
def forms_and_due(access: Reader, uow: UoW, forms: FormsDep) -> dict[str, object]:
    """The forms to show (with whether their wording is the validated one) and which are due."""
    return {
        "due": [d.as_dict() for d in outcomes.due(uow, access.patient.patient_id, now())],
        "forms": {name: form.model_dump(mode="json") for name, form in forms.items()},
    }


@router.post("/patients/{patient_id}/questionnaires/odi", status_code=201)
def answer_odi(body: OdiIn, access: Recorder, uow: UoW, forms: FormsDep) -> dict[str, object]:
    """Score and store an Oswestry Disability Index (at least 8 of the 10 sections answered)."""
    sections = [None if s is None else ((s,) if isinstance(s, int) else tuple(s)) for s in body.sections]
    wording = forms["odi"].validated_wording
    return outcomes.record_odi(
        uow, access.patient.patient_id, sections, wording, access.actor.user_id, now()
    ).as_dict()


@router.post("/patients/{patient_id}/questionnaires/startback", status_code=201)
def answer_startback(body: StartBackIn, access: Recorder, uow: UoW, forms: FormsDep) -> dict[str, object]:
    """Score and store a STarT Back (all nine items); a high risk alerts the instructor."""
    agree: list[bool | None] = [item == "agree" for item in body.items]
    wording = forms["startback"].validated_wording
    return outcomes.record_startback(
        uow, access.patient.patient_id, agree, body.bother, wording, access.actor.user_id, now()
    ).as_dict()


@router.get("/patients/{patient_id}/questionnaires/responses")
def responses(access: Reader, uow: UoW) -> list[dict[str, object]]:
    """Every answered questionnaire with its score, oldest first."""
    return [r.as_dict() for r in outcomes.responses(uow, access.patient.patient_id)]


@router.put("/patients/{patient_id}/questionnaires/schedule")
def schedule(body: ScheduleIn, access: Instructor, uow: UoW) -> dict[str, object]:
    """The instructor sets how often the questionnaires are asked (default every 4 weeks)."""
    pid = access.patient.patient_id
    outcomes.set_interval(uow, pid, body.interval_weeks, access.actor.user_id, now())
    return {
        "interval_weeks": body.interval_weeks,
        "due": [d.as_dict() for d in outcomes.due(uow, pid, now())],
    }


@router.get("/patients/{patient_id}/progress")
def patient_progress(access: Reader, uow: UoW) -> dict[str, object]:
    """Baseline and latest of each measure, the change and whether it matters, adherence per week."""
    return progress.progress(uow, access.patient.patient_id, now()).as_dict()
