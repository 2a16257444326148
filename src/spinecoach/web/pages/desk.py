"""The instructor's desk: the list of their patients with flags, and one patient's page (program,
sessions, charts, outcomes, the questionnaire interval, alerts to acknowledge, reports)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from spinecoach.domain.access import can_prescribe, can_see_alerts
from spinecoach.domain.accounts import Actor, Role
from spinecoach.domain.catalog import Catalog
from spinecoach.domain.outcome_schedule import MAX_INTERVAL_WEEKS, MIN_INTERVAL_WEEKS
from spinecoach.services import outcomes, patients, records
from spinecoach.web.deps import CatalogDep, IdPath, PatientAccess, UoW, actor_guard, now, patient_guard
from spinecoach.web.i18n import gettext_for
from spinecoach.web.pages.desk_patient import patient_context
from spinecoach.web.pages.desk_texts import flag_labels
from spinecoach.web.pages.rendering import render

router = APIRouter(include_in_schema=False)
# The desk is for the people who look after patients; a patient's own pages are Today and Journal.
DeskUser = Annotated[Actor, Depends(actor_guard(can_see_alerts))]
# A patient's desk page offers the instructor's actions, so it needs the patient's own instructor.
Instructor = Annotated[PatientAccess, Depends(patient_guard(can_prescribe))]
NOTICES = ("program-saved", "alert-acknowledged", "schedule-saved")


@router.get("/desk")
def desk(request: Request, actor: DeskUser, uow: UoW) -> Response:
    """The instructor's patients with flags in words, their last session and open alerts."""
    _ = gettext_for(request)
    context = {
        "patients": patients.list_patients(uow, actor, now()),
        "flags": flag_labels(_),
        "is_admin": actor.role == Role.ADMIN,
    }
    return render(request, "desk.html", context)


def patient_page(
    request: Request,
    access: PatientAccess,
    uow: UoW,
    catalog: Catalog,
    notice: str = "",
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    context = patient_context(request, uow, catalog, access.patient.patient_id, access.patient.user_id)
    context["notice"] = notice if notice in NOTICES else ""
    context["schedule_form"] = form or {}
    return render(request, "desk_patient.html", context, status_code=status_code)


@router.get("/desk/patients/{patient_id}")
def desk_patient(
    request: Request, access: Instructor, uow: UoW, catalog: CatalogDep, notice: str = ""
) -> Response:
    return patient_page(request, access, uow, catalog, notice)


@router.post("/desk/patients/{patient_id}/alerts/{alert_id}/acknowledge")
def acknowledge(alert_id: IdPath, access: Instructor, uow: UoW) -> Response:
    """Mark an alert as seen, then back to the patient's page."""
    pid = access.patient.patient_id
    records.acknowledge(uow, pid, alert_id, access.actor.user_id, now())
    return RedirectResponse(f"/desk/patients/{pid}?notice=alert-acknowledged#alerts", status_code=303)


@router.post("/desk/patients/{patient_id}/schedule")
def schedule(
    request: Request,
    access: Instructor,
    uow: UoW,
    catalog: CatalogDep,
    interval_weeks: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """How often the questionnaires are asked; a bad number re-renders the page saying why."""
    _ = gettext_for(request)
    pid = access.patient.patient_id
    value = interval_weeks.strip()
    if not (value.isdigit() and MIN_INTERVAL_WEEKS <= int(value) <= MAX_INTERVAL_WEEKS):
        error = _("Questionnaire interval: write a whole number of weeks from %(low)s to %(high)s.") % {
            "low": MIN_INTERVAL_WEEKS,
            "high": MAX_INTERVAL_WEEKS,
        }
        form = {"interval_weeks": interval_weeks, "error": error}
        return patient_page(request, access, uow, catalog, form=form, status_code=422)
    outcomes.set_interval(uow, pid, int(value), access.actor.user_id, now())
    return RedirectResponse(f"/desk/patients/{pid}?notice=schedule-saved#questionnaires", status_code=303)
