"""Leaving the system: the PDF report read back as text and page images, FHIR validated with
fhir.resources (its R4B models), CSV and JSON parsed back, and the calendar parsed with icalendar.
On SQLite and PostgreSQL, through the API; the Cyrillic report through the services."""

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import icalendar
import pypdfium2
import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from spinecoach.domain.accounts import Role
from spinecoach.domain.errors import DomainError
from spinecoach.domain.records import PainEntry
from spinecoach.reports import journal_export, pdf
from spinecoach.reports.chart import LINE
from spinecoach.reports.fonts import pick_font
from spinecoach.services import accounts, exports, records
from spinecoach.services.progress import Progress
from spinecoach.store.tables import AuditRow
from spinecoach.store.unit_of_work import UnitOfWork
from tests.integration.api_support import PROGRAM, RED_FLAG_CHECK, Clinic, build_clinic, give_history

HIGH_RISK = {
    "items": ["agree", "disagree", "disagree", "disagree", "agree", "agree", "agree", "disagree"],
    "bother": "very-much",
}


@pytest.fixture
def clinic(make_client: Callable[[], TestClient]) -> Clinic:
    clinic = build_clinic(make_client())
    give_history(clinic)  # screening, program, sessions (one raised the pain), pain, activity, treatment
    pid = clinic.pid
    clinic.ok("P", "POST", f"/patients/{pid}/checks", RED_FLAG_CHECK)
    for score, reach in ((6, "below-knee"), (4, "thigh")):
        clinic.ok("P", "POST", f"/patients/{pid}/pain", {"score": score, "reach": reach})
    clinic.ok(
        "P", "POST", f"/patients/{pid}/questionnaires/odi", {"sections": [1, 2, 2, 2, 2, 0, 0, 0, None, None]}
    )
    clinic.ok("P", "POST", f"/patients/{pid}/questionnaires/startback", HIGH_RISK)
    return clinic


def pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def blue_pixels(body: bytes) -> int:
    """Pixels of the pain line's colour on any page, rendered at 100 dpi."""
    found = 0
    document = pypdfium2.PdfDocument(body)
    for page in document:
        image = page.render(scale=100 / 72).to_pil().convert("RGB")
        colours = image.getcolors(maxcolors=1 << 24) or []
        found += sum(n for n, rgb in colours if all(abs(a - b) < 40 for a, b in zip(rgb, LINE, strict=True)))
    return found


def test_the_report_says_what_happened_and_what_the_software_is_not(clinic: Clinic) -> None:
    answer = clinic.call("I", "GET", f"/patients/{clinic.pid}/report.pdf")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    text = " ".join(pdf_text(answer.content).split())
    for expected in (
        "Pat Patient",
        "Morning breathing",  # the program
        "hands-knees-breathing",
        "Sessions and adherence",
        "stopped for pain",
        "Oswestry (ODI 2.1a) 23% moderate",  # 22.5 shown rounded half up
        "STarT Back 5/9, psychosocial 4/5 high risk",
        "saddle-numbness",  # the red flag reported
        "physiotherapy since 2026-10-01",
        "does not diagnose",
        "does not replace a doctor",
        "promises no result",
        "First 3, latest 4",  # pain against the person's own first value
    ):
        assert expected in text, expected
    for never in ("average patient", "than other", "guarantee", "will be cured"):
        assert never not in text.lower()


def test_the_report_has_the_pain_chart_drawn_on_a_page(clinic: Clinic) -> None:
    body = clinic.call("P", "GET", f"/patients/{clinic.pid}/report.pdf").content
    assert blue_pixels(body) > 200  # the pain line and its dots
    with_no_pain = pdf.render_report(_empty_record(), None)
    assert blue_pixels(with_no_pain) == 0 and "No pain recorded." in pdf_text(with_no_pain)


def _empty_record() -> exports.PatientRecord:
    return exports.PatientRecord(
        1, "Nobody Yet", "n@example.org", datetime(2026, 11, 23, tzinfo=UTC), None, None, [], [], [], [], [], [],
        Progress([], [], [], [], [], []),
    )  # fmt: skip


def test_every_fhir_export_is_a_valid_bundle_with_loinc_codes_and_derived_from(clinic: Clinic) -> None:
    answer = clinic.call("I", "GET", f"/patients/{clinic.pid}/export.fhir.json")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/fhir+json")
    data = answer.json()
    Bundle.model_validate(data)
    for entry in data["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    by_url = {e["fullUrl"]: e["resource"] for e in data["entry"]}
    kinds = sorted({r["resourceType"] for r in by_url.values()})
    assert kinds == ["Observation", "Patient", "Questionnaire", "QuestionnaireResponse"]
    codes = {r["code"]["coding"][0]["code"]: r for r in by_url.values() if r["resourceType"] == "Observation"}
    assert {"72514-3", "97908-8", "97909-6", "91349-1", "91350-9", "91351-7", "91352-5"} <= set(codes)
    assert codes["97909-6"]["valueQuantity"]["value"] == 22.5
    assert codes["91351-7"]["valueInteger"] == 5 and codes["91350-9"]["valueInteger"] == 4
    assert codes["91352-5"]["valueCodeableConcept"]["coding"][0]["code"] == "LA9193-9"  # high
    for loinc in ("97909-6", "91351-7", "91352-5"):
        source = by_url[codes[loinc]["derivedFrom"][0]["reference"]]
        assert source["resourceType"] == "QuestionnaireResponse"
    assert all(by_url[m["reference"]] for m in codes["97908-8"]["hasMember"])


def test_fhir_for_a_patient_with_nothing_answered_is_valid_too(make_client: Callable[[], TestClient]) -> None:
    clinic = build_clinic(make_client())
    data = clinic.ok("P", "GET", f"/patients/{clinic.pid}/export.fhir.json")
    Bundle.model_validate(data)
    assert [e["resource"]["resourceType"] for e in data["entry"]] == [
        "Patient",
        "Questionnaire",
        "Questionnaire",
    ]


def test_csv_and_json_exports_parse_back(clinic: Clinic) -> None:
    answer = clinic.call("P", "GET", f"/patients/{clinic.pid}/export.csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert list(rows[0]) == list(journal_export.CSV_COLUMNS)
    kinds = {r["record"] for r in rows}
    assert {"session", "pain", "activity", "treatment", "questionnaire", "red-flag"} <= kinds
    odi = next(r for r in rows if r["item"] == "odi")
    assert (odi["value"], odi["detail"]) == ("22.5", "23% moderate")
    data = clinic.ok("P", "GET", f"/patients/{clinic.pid}/export.json")
    assert data["patient"]["name"] == "Pat Patient" and data["program"]["name"] == PROGRAM["name"]
    assert [q["instrument"] for q in data["questionnaires"]] == ["odi", "startback"]
    assert data["progress"]["pain"]["baseline"]["score"] == 3 and len(data["sessions"]) >= 2


def test_an_instructor_exports_all_of_their_patients_and_nobody_elses(clinic: Clinic) -> None:
    assert [p["patient"]["id"] for p in clinic.ok("I", "GET", "/exports/patients.json")] == [clinic.pid]
    others = [p["patient"]["id"] for p in clinic.ok("J", "GET", "/exports/patients.json")]
    assert others == [clinic["Q"].patient_id]
    rows = list(csv.DictReader(io.StringIO(clinic.call("I", "GET", "/exports/patients.csv").text)))
    assert rows and {r["patient_id"] for r in rows} == {str(clinic.pid)}
    assert clinic.call("P", "GET", "/exports/patients.json").status_code == 403


def test_every_export_is_audited_with_the_patient(clinic: Clinic) -> None:
    for path in ("report.pdf", "export.csv", "export.json", "export.fhir.json"):
        clinic.call("I", "GET", f"/patients/{clinic.pid}/{path}", headers={"X-Request-ID": f"exp-{path}"})
    with clinic.uow() as uow:
        rows = {r.request_id: r for r in uow.audit.rows(clinic.pid)}
    for path in ("report.pdf", "export.csv", "export.json", "export.fhir.json"):
        row: AuditRow = rows[f"exp-{path}"]
        assert (row.action, row.outcome, row.actor_id) == (
            f"GET /api/v1/patients/{{patient_id}}/{path}",
            "allowed",
            clinic["I"].user_id,
        )


def feed_events(body: bytes) -> list[Any]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def test_the_calendar_link_gives_the_schedule_without_login_and_can_be_revoked(clinic: Clinic) -> None:
    link = clinic.ok("P", "POST", f"/patients/{clinic.pid}/calendar")
    url = link["url"].removeprefix("/api/v1")
    answer = clinic.call(None, "GET", url, headers={"X-Request-ID": "feed-1"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
    (event,) = feed_events(answer.content)
    assert str(event["summary"]) and "replace a doctor" in str(event["description"])
    start = event.decoded("dtstart")
    assert start.tzinfo is None and start.time() == time(8, 30)  # floating local time, as prescribed
    assert event["rrule"]["FREQ"] == ["WEEKLY"] and event["rrule"]["BYDAY"] == ["MO", "WE", "FR"]
    with clinic.uow() as uow:
        (row,) = [r for r in uow.audit.rows(clinic.pid) if r.request_id == "feed-1"]
        assert (row.actor_role, row.outcome) == ("anonymous", "allowed")
        stored = {f.token_hash for f in uow.outcomes.live_feeds(clinic.pid)}
        assert len(stored) == 1 and link["token"] not in stored  # only a keyed hash is kept
    newer = clinic.ok("I", "POST", f"/patients/{clinic.pid}/calendar")["url"].removeprefix("/api/v1")
    assert clinic.call(None, "GET", url).status_code == 404  # a new link replaces the old one
    assert clinic.call(None, "GET", newer).status_code == 200
    assert clinic.ok("P", "DELETE", f"/patients/{clinic.pid}/calendar") == {"revoked": 1}
    assert clinic.call(None, "GET", newer).status_code == 404
    assert clinic.call(None, "GET", "/calendar/short.ics").status_code == 422


def test_without_a_program_the_calendar_has_the_universal_exercises_every_morning(
    make_client: Callable[[], TestClient],
) -> None:
    clinic = build_clinic(make_client())
    url = clinic.ok("P", "POST", f"/patients/{clinic.pid}/calendar")["url"].removeprefix("/api/v1")
    events = feed_events(clinic.call(None, "GET", url).content)
    assert len(events) == 2
    assert all(e.decoded("dtstart").time() == time(8, 0) and len(e["rrule"]["BYDAY"]) == 7 for e in events)


def cyrillic_record(uow: UnitOfWork) -> exports.PatientRecord:
    now = datetime(2026, 11, 23, 8, tzinfo=UTC)
    info = accounts.create_user(
        uow, "ivan@example.org", Role.PATIENT, "Иван Петров", "long-enough-password", now
    )
    assert info.patient_id is not None
    records.add_pain(uow, info.patient_id, PainEntry(score=5, reach="thigh", note="после работы"), now)
    return exports.patient_record(uow, info.patient_id, now)


def test_a_cyrillic_name_is_written_with_a_unicode_font(uow: UnitOfWork) -> None:
    font = pick_font(None)
    if font is None:
        pytest.skip("no Unicode system font on this machine (DejaVu, Liberation or Noto); see report_font")
    assert "Иван Петров" in pdf_text(pdf.render_report(cyrillic_record(uow), font))


def test_without_a_unicode_font_cyrillic_is_transliterated_and_the_report_says_so(uow: UnitOfWork) -> None:
    text = pdf_text(pdf.render_report(cyrillic_record(uow), None))
    assert "Ivan Petrov" in text and "transliterated" in text


def test_a_configured_font_that_is_missing_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match=r"report_font: .* is not a file"):
        pick_font(tmp_path / "nope.ttf")
