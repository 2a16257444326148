"""Leaving the system: the PDF report, CSV/JSON/FHIR exports and the secret calendar link.

Every route here is audited by the audit middleware, the public calendar feed included (with the
patient the link belongs to).
"""

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from spinecoach.domain.access import can_export_own_patients, can_read_patient, can_record_for_patient
from spinecoach.domain.accounts import Actor
from spinecoach.reports import fhir, ical, journal_export, pdf
from spinecoach.reports.fonts import pick_font
from spinecoach.services import calendar_feed, exports
from spinecoach.web.deps import (
    CatalogDep,
    PatientAccess,
    SettingsDep,
    UoW,
    actor_guard,
    now,
    patient_guard,
    public,
)
from spinecoach.web.questionnaire_forms import FormsDep
from spinecoach.web.schemas.errors import ANY, GUARDED, WITH_BODY, errors
from spinecoach.web.schemas.exports import (
    CSV_FILE,
    FHIR,
    ICS,
    PDF,
    CalendarLinkPublic,
    JournalExport,
    RevokedPublic,
)

router = APIRouter(tags=["exports"])
Reader = Annotated[PatientAccess, Depends(patient_guard(can_read_patient))]
Recorder = Annotated[PatientAccess, Depends(patient_guard(can_record_for_patient))]
Exporter = Annotated[Actor, Depends(actor_guard(can_export_own_patients))]
Token = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{20,100}$", description="the secret of the link")]
CSV = "text/csv; charset=utf-8"


def attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get(
    "/patients/{patient_id}/report.pdf", response_class=Response, responses={**PDF, **errors(*GUARDED)}
)
def report(access: Reader, uow: UoW, settings: SettingsDep) -> Response:
    """The PDF report for the doctor."""
    record = exports.patient_record(uow, access.patient.patient_id, now())
    body = pdf.render_report(record, pick_font(settings.report_font))
    name = f"spinecoach-report-{record.patient_id}.pdf"
    return Response(body, media_type="application/pdf", headers=attachment(name))


@router.get("/patients/{patient_id}/export.json", response_model=JournalExport, responses=errors(*GUARDED))
def export_json(access: Reader, uow: UoW) -> dict[str, object]:
    """The person's whole journal as JSON (docs/outcomes.md lists the fields)."""
    return journal_export.journal_json(exports.patient_record(uow, access.patient.patient_id, now()))


@router.get(
    "/patients/{patient_id}/export.csv",
    response_class=Response,
    responses={**CSV_FILE, **errors(*GUARDED)},
)
def export_csv(access: Reader, uow: UoW) -> Response:
    """The person's journal as one CSV table, a row per record."""
    record = exports.patient_record(uow, access.patient.patient_id, now())
    name = f"spinecoach-journal-{record.patient_id}.csv"
    return Response(journal_export.journal_csv([record]), media_type=CSV, headers=attachment(name))


@router.get(
    "/patients/{patient_id}/export.fhir.json",
    response_class=Response,
    responses={**FHIR, **errors(*GUARDED, 503)},
)
def export_fhir(access: Reader, uow: UoW, forms: FormsDep) -> Response:
    """A FHIR R4 Bundle: Patient, Questionnaires, QuestionnaireResponses and Observations."""
    bundle = fhir.fhir_bundle(exports.patient_record(uow, access.patient.patient_id, now()), forms)
    return Response(json.dumps(bundle, ensure_ascii=False), media_type="application/fhir+json")


@router.get("/exports/patients.json", response_model=list[JournalExport], responses=errors(*GUARDED))
def all_patients_json(actor: Exporter, uow: UoW) -> list[dict[str, object]]:
    """The journals of every patient the instructor looks after."""
    return [journal_export.journal_json(r) for r in exports.instructor_records(uow, actor.user_id, now())]


@router.get("/exports/patients.csv", response_class=Response, responses={**CSV_FILE, **errors(*GUARDED)})
def all_patients_csv(actor: Exporter, uow: UoW) -> Response:
    records = exports.instructor_records(uow, actor.user_id, now())
    return Response(
        journal_export.journal_csv(records), media_type=CSV, headers=attachment("spinecoach-patients.csv")
    )


@router.post(
    "/patients/{patient_id}/calendar",
    status_code=201,
    response_model=CalendarLinkPublic,
    responses=errors(*GUARDED, *WITH_BODY),
)
def new_calendar_link(access: Recorder, uow: UoW, settings: SettingsDep) -> dict[str, str]:
    """A new secret calendar link (shown once); any older link stops working."""
    token = calendar_feed.create_feed(
        uow, settings.effective_secret, access.patient.patient_id, access.actor.user_id, now()
    )
    return {"url": f"/api/v1/calendar/{token}.ics", "token": token}


@router.delete("/patients/{patient_id}/calendar", response_model=RevokedPublic, responses=errors(*GUARDED))
def revoke_calendar_links(access: Recorder, uow: UoW) -> dict[str, int]:
    """Every calendar link of the person stops working."""
    return {"revoked": calendar_feed.revoke_feeds(uow, access.patient.patient_id, now())}


@router.get(
    "/calendar/{token}.ics",
    response_class=Response,
    dependencies=[Depends(public)],
    responses={**ICS, **errors(404, *ANY)},
)
def calendar(
    token: Token, request: Request, uow: UoW, settings: SettingsDep, catalog: CatalogDep
) -> Response:
    """The exercise schedule for a calendar app; the link is the key, no login."""
    patient_id = calendar_feed.patient_of_feed(uow, settings.effective_secret, token)
    request.state.audit_patient = patient_id
    body = ical.calendar_ics(calendar_feed.calendar_schedule(uow, catalog, patient_id, now()), catalog)
    return Response(body, media_type="text/calendar; charset=utf-8")
