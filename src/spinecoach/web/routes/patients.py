"""Patients: the list with flags, one patient's summary, screening, checks and alerts."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from spinecoach.domain.access import (
    can_list_patients,
    can_manage_accounts,
    can_prescribe,
    can_read_patient,
    can_record_for_patient,
    can_see_alerts,
)
from spinecoach.domain.accounts import Actor
from spinecoach.domain.audit import AuditRecord
from spinecoach.domain.clinical_records import AlertRecord, ScreeningRecord
from spinecoach.domain.presession import PreSessionAnswers
from spinecoach.domain.screening import ScreeningAnswers
from spinecoach.services import accounts, checks, patients, records, sessions
from spinecoach.services.audit_trail import audit_trail
from spinecoach.services.screening_history import screening_history
from spinecoach.web.deps import (
    MAX_ID,
    CatalogDep,
    IdPath,
    PatientAccess,
    UoW,
    actor_guard,
    now,
    patient_guard,
)
from spinecoach.web.schemas.errors import GUARDED, WITH_BODY, errors
from spinecoach.web.schemas.patients import (
    AlertPublic,
    AuditEntryPublic,
    CheckPublic,
    ClearanceCreate,
    DecisionPublic,
    PatientPublic,
    PauseStatePublic,
    ScreeningPublic,
)

router = APIRouter(tags=["patients"], responses=errors(*GUARDED))
Reader = Annotated[PatientAccess, Depends(patient_guard(can_read_patient))]
Recorder = Annotated[PatientAccess, Depends(patient_guard(can_record_for_patient))]
Instructor = Annotated[PatientAccess, Depends(patient_guard(can_prescribe))]
Lister = Annotated[Actor, Depends(actor_guard(can_list_patients))]
AlertReader = Annotated[Actor, Depends(actor_guard(can_see_alerts))]
Admin = Annotated[Actor, Depends(actor_guard(can_manage_accounts))]


# The service's own record is the answer's schema here: FastAPI passes instances of the declared
# dataclass through unchanged, where a separate schema would copy each of an instructor's hundreds
# of rows (about 2.7 ms more for 500 patients, bench/api_load.py's patient list).
@router.get("/patients", response_model=list[patients.PatientListing])
def list_patients(actor: Lister, uow: UoW) -> list[patients.PatientListing]:
    """An instructor's patients with flags (a patient sees only themselves)."""
    return patients.list_patients(uow, actor, now())


@router.get("/patients/{patient_id}", response_model=PatientPublic)
def patient_summary(access: Reader, uow: UoW, catalog: CatalogDep) -> dict[str, Any]:
    """Who the patient is, what is safe for them now, and whether their program is paused."""
    pid = access.patient.patient_id
    user = accounts.user_info(uow, access.patient.user_id)
    decision = checks.latest_decision(uow, catalog, pid)
    pause = sessions.pause_status(uow, pid)
    return {
        "id": pid,
        "name": user.display_name,
        "email": user.email,
        "instructor_id": access.patient.instructor_id,
        "decision": decision.as_dict() if decision else None,
        "allowed": list(checks.allowed_exercises(uow, catalog, pid)),
        "program_paused": pause.paused,
        "paused_since": pause.since,
    }


@router.post(
    "/patients/{patient_id}/screenings",
    status_code=201,
    response_model=DecisionPublic,
    responses=errors(*WITH_BODY),
)
def screen(body: ScreeningAnswers, access: Recorder, uow: UoW, catalog: CatalogDep) -> dict[str, object]:
    """Answer the screening questions; the decision says what is safe and why."""
    return checks.record_screening(uow, catalog, access.patient.patient_id, body, now()).as_dict()


@router.get("/patients/{patient_id}/screenings", response_model=list[ScreeningPublic])
def screenings(access: Reader, uow: UoW) -> list[ScreeningRecord]:
    return screening_history(uow, access.patient.patient_id)


@router.post(
    "/patients/{patient_id}/checks", status_code=201, response_model=CheckPublic, responses=errors(*WITH_BODY)
)
def check(body: PreSessionAnswers, access: Recorder, uow: UoW) -> dict[str, object]:
    """The check before every session. `go` gives a check id to start a session with."""
    recorded = checks.record_check(uow, access.patient.patient_id, body, now())
    return {"id": recorded.id, "result": recorded.result.go.value, "message": recorded.result.message}


@router.post(
    "/patients/{patient_id}/clearances",
    status_code=201,
    response_model=PauseStatePublic,
    responses=errors(*WITH_BODY),
)
def clear(body: ClearanceCreate, access: Instructor, uow: UoW) -> dict[str, bool]:
    """The instructor records that a doctor has seen the patient, which lifts a paused program."""
    pid = access.patient.patient_id
    sessions.clear_pause(uow, pid, body.note, now(), cleared_by=access.actor.user_id)
    return {"program_paused": sessions.pause_status(uow, pid).paused}


@router.get("/patients/{patient_id}/alerts", response_model=list[AlertPublic])
def patient_alerts(access: Reader, uow: UoW) -> list[AlertRecord]:
    return records.alerts_of_patient(uow, access.patient.patient_id)


@router.post(
    "/patients/{patient_id}/alerts/{alert_id}/acknowledge",
    response_model=AlertPublic,
    responses=errors(404, *WITH_BODY),
)
def acknowledge(alert_id: IdPath, access: Instructor, uow: UoW) -> AlertRecord:
    return records.acknowledge(uow, access.patient.patient_id, alert_id, access.actor.user_id, now())


@router.get("/alerts", response_model=list[AlertPublic])
def inbox(actor: AlertReader, uow: UoW, open_only: bool = Query(True, alias="open")) -> list[AlertRecord]:
    """Alerts about the instructor's own patients, newest first."""
    return records.alerts_for_instructor(uow, actor.user_id, open_only)


@router.get("/audit", response_model=list[AuditEntryPublic])
def audit_log(
    actor: Admin,
    uow: UoW,
    patient_id: int | None = Query(None, ge=1, le=MAX_ID),
    limit: int = Query(200, ge=1, le=5000),
) -> list[AuditRecord]:
    """The audit trail (who touched which patient's data, and whether it was allowed)."""
    return audit_trail(uow, patient_id, limit)
