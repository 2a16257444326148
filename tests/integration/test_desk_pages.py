"""The instructor's desk through the TestClient: the list with flags, a patient's page, acknowledging
alerts, the questionnaire interval and the outcomes, on a real database (the builder has its own module)."""

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from spinecoach.services import outcomes
from spinecoach.store.tables import AlertRow, ProgramRow
from tests.integration import desk_support
from tests.integration.api_support import Clinic, History
from tests.integration.desk_support import BREATHING, count, item, program_form
from tests.integration.test_pages import logged_in

clinic = desk_support.clinic  # the shared fixture: a clinic, and P's history


def test_the_list_shows_the_instructors_own_patients_with_flags_in_words(
    clinic: tuple[Clinic, History], make_client: Callable[[], TestClient]
) -> None:
    c, _ = clinic
    ivy, _token = logged_in(make_client, c, "I")
    page = ivy.get("/desk")
    assert page.status_code == 200
    assert "Pat Patient" in page.text and "Quinn" not in page.text
    assert 'class="badge warn">pain rising<' in page.text  # the open pain-rise alert of the history
    assert f'href="/desk/patients/{c.pid}"' in page.text
    assert "/api/v1/exports/patients.csv" in page.text
    jon, _token = logged_in(make_client, c, "J")
    assert "Pat Patient" not in jon.get("/desk").text
    ada, _token = logged_in(make_client, c, "A")
    admin_page = ada.get("/desk")
    assert admin_page.status_code == 200
    assert "You look after no patients" in admin_page.text
    assert "<table" not in admin_page.text
    pat, _token = logged_in(make_client, c, "P")
    assert pat.get("/desk").status_code == 403


def test_a_patient_page_shows_program_sessions_outcomes_alerts_and_reports(
    clinic: tuple[Clinic, History], make_client: Callable[[], TestClient]
) -> None:
    c, _ = clinic
    ivy, _token = logged_in(make_client, c, "I")
    page = ivy.get(f"/desk/patients/{c.pid}")
    assert page.status_code == 200
    text = page.text
    assert "Morning breathing" in text  # the program of the history
    assert "Pain rose after a session" in text and ">Acknowledge<" in text
    assert "2 → 4" in text  # the finished session: pain before and after
    assert f"/api/v1/patients/{c.pid}/report.pdf" in text
    assert f"/api/v1/patients/{c.pid}/export.fhir.json" in text
    assert "first 3, latest 3" in text  # one pain entry: its own baseline, no change to judge
    assert '<th scope="col">Correct posture</th>' in text  # the camera check's column (issue 6)
    assert re.search(r"2 → 4</td>\s*<td>–</td>", text)  # not used in that session


def test_another_instructors_patient_is_refused_everywhere_and_nothing_changes(
    clinic: tuple[Clinic, History], make_client: Callable[[], TestClient]
) -> None:
    c, history = clinic
    jon, token = logged_in(make_client, c, "J")
    for path in ("", "/program", f"/program/item?exercise={BREATHING}&index=1"):
        assert jon.get(f"/desk/patients/{c.pid}{path}").status_code == 403
    programs_before = count(c, ProgramRow)
    saved = jon.post(
        f"/desk/patients/{c.pid}/program",
        data=program_form(token, item(1, BREATHING)),
        follow_redirects=False,
    )
    assert saved.status_code == 403
    acknowledged = jon.post(
        f"/desk/patients/{c.pid}/alerts/{history.alert_id}/acknowledge",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert acknowledged.status_code == 403
    assert count(c, ProgramRow) == programs_before
    with c.sessions() as db:
        assert db.get(AlertRow, history.alert_id).acknowledged_at is None  # type: ignore[union-attr]


def test_acknowledging_an_alert_needs_the_forms_token_and_then_marks_it_seen(
    clinic: tuple[Clinic, History], make_client: Callable[[], TestClient]
) -> None:
    c, history = clinic
    ivy, token = logged_in(make_client, c, "I")
    path = f"/desk/patients/{c.pid}/alerts/{history.alert_id}/acknowledge"
    for sent in ({}, {"csrf_token": "0" * 64}):
        assert ivy.post(path, data=sent, follow_redirects=False).status_code == 403
    with c.sessions() as db:
        assert db.get(AlertRow, history.alert_id).acknowledged_at is None  # type: ignore[union-attr]
    done = ivy.post(path, data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == f"/desk/patients/{c.pid}?notice=alert-acknowledged#alerts"
    with c.sessions() as db:
        assert db.get(AlertRow, history.alert_id).acknowledged_at is not None  # type: ignore[union-attr]
    page = ivy.get(done.headers["location"])
    assert "The alert is marked as seen." in page.text
    assert "No open alerts." in page.text
    assert (
        ivy.post(f"/desk/patients/{c.pid}/alerts/999999/acknowledge", data={"csrf_token": token}).status_code
        == 404
    )


def test_the_questionnaire_interval_is_saved_and_a_bad_one_is_named(
    clinic: tuple[Clinic, History], make_client: Callable[[], TestClient]
) -> None:
    c, _ = clinic
    ivy, token = logged_in(make_client, c, "I")
    path = f"/desk/patients/{c.pid}/schedule"
    for bad in ("0", "53", "two", ""):
        refused = ivy.post(path, data={"csrf_token": token, "interval_weeks": bad})
        assert refused.status_code == 422
        assert "Questionnaire interval: write a whole number of weeks from 1 to 52." in refused.text
    assert outcomes.interval_weeks(c.uow(), c.pid) == 4
    saved = ivy.post(path, data={"csrf_token": token, "interval_weeks": "6"}, follow_redirects=False)
    assert saved.status_code == 303
    assert outcomes.interval_weeks(c.uow(), c.pid) == 6


def test_outcomes_show_the_odi_band_the_startback_risk_and_whether_a_change_matters(
    clinic: tuple[Clinic, History], make_client: Callable[[], TestClient]
) -> None:
    c, _ = clinic
    odi = f"/patients/{c.pid}/questionnaires/odi"
    c.ok("P", "POST", odi, {"sections": [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]})  # 40%: moderate
    c.ok("P", "POST", odi, {"sections": [3, 3, 3, 3, 3, 3, 3, 3, 3, None]})  # 60%: severe, +20 points
    agree = ["agree"] * 8
    c.ok("P", "POST", f"/patients/{c.pid}/questionnaires/startback", {"items": agree, "bother": "extremely"})
    ivy, _token = logged_in(make_client, c, "I")
    page = ivy.get(f"/desk/patients/{c.pid}")
    assert (
        "first 40% (moderate disability), latest 60% (severe disability) · Worse, by a change that matters."
        in page.text
    )
    assert "high risk (total 9 of 9, psychosocial 5 of 5" in page.text
    assert (
        "Oswestry Disability Index, percent, over time" in page.text
    )  # the chart of the person's own answers
    russian = ivy.get(f"/desk/patients/{c.pid}", headers={"Accept-Language": "ru"})
    assert russian.status_code == 200
    assert "первый 40% (умеренное ограничение), последний 60% (выраженное ограничение)" in russian.text
    builder = ivy.get(f"/desk/patients/{c.pid}/program", headers={"Accept-Language": "ru"})
    assert "Сохранить программу" in builder.text
