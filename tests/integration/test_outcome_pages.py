"""The outcome pages through the TestClient: the questionnaire forms, their errors (with nothing
stored), the reminder on Today, who may open them, and CSRF. The journal's outcome section and the
way out (report, exports, calendar link) are in test_journal_outcome_pages.py."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from spinecoach.settings import Settings
from spinecoach.store.tables.outcomes import CalendarFeedRow, QuestionnaireResponseRow
from spinecoach.web.app import create_app
from tests.integration.api_support import Clinic, build_clinic
from tests.integration.test_pages import logged_in

REMINDER = "Your questionnaires are due"
# Sections 1-7 and 9 answered (8 of 10), 9 points: 9 / 40 x 100 = 22.5, shown as 23 (half up), moderate.
ODI_HALF = {f"odi-{i}": "1" for i in (2, 3, 4, 5, 6, 7, 9)} | {"odi-1": "2", "odi-8": "-"}
STARTBACK_HIGH = {f"sbt-{i}": "agree" for i in range(1, 9)} | {"sbt-9": "extremely"}


@pytest.fixture
def clinic(make_client: Callable[[], TestClient]) -> Clinic:
    return build_clinic(make_client())


def responses(clinic: Clinic) -> list[QuestionnaireResponseRow]:
    with clinic.sessions() as db:
        return db.query(QuestionnaireResponseRow).order_by(QuestionnaireResponseRow.id).all()


def checked(page: Any, name: str, value: str) -> bool:
    return re.search(rf'name="{name}" value="{re.escape(value)}"\s+checked', page.text) is not None


def test_the_reminder_shows_on_today_until_both_questionnaires_are_answered(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, token = logged_in(make_client, clinic, "P")
    today = browser.get(f"/patients/{clinic.pid}/today")
    assert REMINDER in today.text
    assert f'href="/patients/{clinic.pid}/questionnaires/odi"' in today.text
    assert f'href="/patients/{clinic.pid}/questionnaires/startback"' in today.text
    assert "They are optional" in today.text  # no pressure: it can be skipped

    odi = browser.post(f"/patients/{clinic.pid}/questionnaires/odi", data={**ODI_HALF, "csrf_token": token})
    assert odi.status_code == 200
    today = browser.get(f"/patients/{clinic.pid}/today")
    assert REMINDER in today.text
    assert f'href="/patients/{clinic.pid}/questionnaires/odi"' not in today.text

    sbt = browser.post(
        f"/patients/{clinic.pid}/questionnaires/startback", data={**STARTBACK_HIGH, "csrf_token": token}
    )
    assert sbt.status_code == 200
    assert REMINDER not in browser.get(f"/patients/{clinic.pid}/today").text


def test_the_odi_form_has_ten_sections_and_says_its_wording_is_not_the_validated_one(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, _ = logged_in(make_client, clinic, "P")
    page = browser.get(f"/patients/{clinic.pid}/questionnaires/odi")
    assert page.status_code == 200
    assert len(re.findall(r"<legend>", page.text)) == 10
    assert "Pain intensity" in page.text and "Travelling" in page.text
    for section in range(1, 11):
        assert len(re.findall(rf'name="odi-{section}" value="[0-5]"', page.text)) == 6
        assert f'name="odi-{section}" value="-"' in page.text  # a section may be left out
    assert "This is not the validated wording" in page.text
    assert "not a diagnosis" in page.text


def test_too_few_odi_sections_show_the_form_again_naming_the_missing_ones_and_store_nothing(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, token = logged_in(make_client, clinic, "P")
    seven = {f"odi-{i}": "2" for i in range(1, 8)} | {"odi-8": "-"}
    page = browser.post(f"/patients/{clinic.pid}/questionnaires/odi", data={**seven, "csrf_token": token})
    assert page.status_code == 422
    assert "Please answer at least 8 of the 10 sections; 7 are answered." in page.text
    assert "Not answered yet: Sex life (if it applies), Social life, Travelling." in page.text
    assert all(checked(page, f"odi-{i}", "2") for i in range(1, 8))  # the answers are kept
    assert checked(page, "odi-8", "-")
    assert responses(clinic) == []


def test_an_odi_level_out_of_range_is_named_and_nothing_is_stored(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, token = logged_in(make_client, clinic, "P")
    answers = {**ODI_HALF, "odi-3": "7"}
    page = browser.post(f"/patients/{clinic.pid}/questionnaires/odi", data={**answers, "csrf_token": token})
    assert page.status_code == 422
    assert 'id="odi-3-error">Choose one of the levels from 0 to 5' in page.text
    assert "Traceback" not in page.text
    assert responses(clinic) == []


def test_the_odi_result_is_rounded_half_up_with_its_band_and_is_stored_exactly(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, token = logged_in(make_client, clinic, "P")
    page = browser.post(f"/patients/{clinic.pid}/questionnaires/odi", data={**ODI_HALF, "csrf_token": token})
    assert page.status_code == 200
    assert '<p class="score" id="odi-score">23%</p>' in page.text  # 22.5 rounds up, not to the even 22
    assert "Band: moderate (over 20 to 40%)" in page.text
    assert "It is not a diagnosis" in page.text
    (row,) = responses(clinic)
    assert (row.instrument, row.points, row.maximum, row.answered) == ("odi", 9, 40, 8)
    assert row.answers["odi-8"] is None and row.answers["odi-1"] == [2]
    assert row.recorded_by == clinic["P"].user_id and row.validated_wording is False
    assert f'href="/patients/{clinic.pid}/questionnaires/startback"' in page.text  # the other is still due


def test_a_startback_with_open_questions_names_them_keeps_the_answers_and_stores_nothing(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, token = logged_in(make_client, clinic, "P")
    form = browser.get(f"/patients/{clinic.pid}/questionnaires/startback")
    assert "not the validated wording" in form.text
    partial = {k: v for k, v in STARTBACK_HIGH.items() if k not in ("sbt-3", "sbt-9")}
    page = browser.post(
        f"/patients/{clinic.pid}/questionnaires/startback", data={**partial, "csrf_token": token}
    )
    assert page.status_code == 422
    assert "scored only when all 9 questions are answered. Still open: question 3, 9." in page.text
    assert checked(page, "sbt-1", "agree") and not checked(page, "sbt-3", "agree")
    assert responses(clinic) == []


def test_the_startback_result_shows_the_risk_and_is_stored(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, token = logged_in(make_client, clinic, "P")
    low = {f"sbt-{i}": "disagree" for i in range(1, 9)} | {"sbt-9": "slightly"}
    page = browser.post(f"/patients/{clinic.pid}/questionnaires/startback", data={**low, "csrf_token": token})
    assert page.status_code == 200
    assert '<p class="score" id="startback-risk">low risk</p>' in page.text
    assert "Total 0 of 9" in page.text
    high = browser.post(
        f"/patients/{clinic.pid}/questionnaires/startback", data={**STARTBACK_HIGH, "csrf_token": token}
    )
    assert "high risk" in high.text and "Total 9 of 9; questions 5-9 (worry and mood): 5 of 5." in high.text
    assert [(r.points, r.subscore, r.band) for r in responses(clinic)] == [(0, 0, "low"), (9, 5, "high")]


def test_another_patient_may_not_open_or_answer_them_but_the_own_instructor_may(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    other, other_token = logged_in(make_client, clinic, "Q")
    for instrument in ("odi", "startback"):
        assert other.get(f"/patients/{clinic.pid}/questionnaires/{instrument}").status_code == 403
    refused = other.post(
        f"/patients/{clinic.pid}/questionnaires/odi", data={**ODI_HALF, "csrf_token": other_token}
    )
    assert refused.status_code == 403
    assert responses(clinic) == []
    instructor, token = logged_in(make_client, clinic, "I")
    assert instructor.get(f"/patients/{clinic.pid}/questionnaires/odi").status_code == 200
    page = instructor.post(
        f"/patients/{clinic.pid}/questionnaires/odi", data={**ODI_HALF, "csrf_token": token}
    )
    assert page.status_code == 200
    (row,) = responses(clinic)
    assert (row.patient_id, row.recorded_by) == (clinic.pid, clinic["I"].user_id)


def test_a_questionnaire_without_its_csrf_token_is_refused_and_stores_nothing(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, token = logged_in(make_client, clinic, "P")
    for sent in ({}, {"csrf_token": "0" * 64}):
        for instrument, answers in (("odi", ODI_HALF), ("startback", STARTBACK_HIGH)):
            refused = browser.post(
                f"/patients/{clinic.pid}/questionnaires/{instrument}", data={**answers, **sent}
            )
            assert refused.status_code == 403
    assert browser.post(f"/patients/{clinic.pid}/calendar", data={}).status_code == 403
    assert responses(clinic) == []
    with clinic.sessions() as db:
        assert db.query(CalendarFeedRow).count() == 0
    accepted = browser.post(
        f"/patients/{clinic.pid}/questionnaires/odi", data={**ODI_HALF, "csrf_token": token}
    )
    assert accepted.status_code == 200 and len(responses(clinic)) == 1


def test_a_clinics_licensed_wording_is_shown_and_recorded(database_url: str, tmp_path: Path) -> None:
    texts = tmp_path / "licensed.yaml"
    odi_items = "\n".join(
        f'    odi-{i}:\n      text: {{en: "Licensed heading {i}"}}\n      options:\n'
        + "".join(f'        - {{en: "Licensed statement {i}.{level}"}}\n' for level in range(6))
        for i in range(1, 11)
    )
    texts.write_text(f'odi:\n  source: "ODI 2.1a under a test licence"\n  items:\n{odi_items}\n')
    settings = Settings(
        database_url=database_url, environment="development", cookie_secure=False, questionnaire_texts=texts
    )
    app = create_app(settings)
    try:
        with TestClient(app, base_url="http://testserver") as client:
            clinic = build_clinic(client)
            browser, token = logged_in(lambda: TestClient(app, base_url="http://testserver"), clinic, "P")
            form = browser.get(f"/patients/{clinic.pid}/questionnaires/odi").text
            assert "Licensed heading 4" in form and "Licensed statement 4.3" in form
            assert "Wording: ODI 2.1a under a test licence." in form
            assert "not the validated wording" not in form
            sbt = browser.get(f"/patients/{clinic.pid}/questionnaires/startback").text
            assert "not the validated wording" in sbt  # only the ODI was loaded
            browser.post(f"/patients/{clinic.pid}/questionnaires/odi", data={**ODI_HALF, "csrf_token": token})
            (row,) = responses(clinic)
            assert row.validated_wording is True
    finally:
        app.state.sessions.kw["bind"].dispose()


def test_a_saved_answer_redirects_to_its_result_so_a_reload_stores_nothing_twice(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, token = logged_in(make_client, clinic, "P")
    path = f"/patients/{clinic.pid}/questionnaires/odi"
    posted = browser.post(path, data={**ODI_HALF, "csrf_token": token}, follow_redirects=False)
    (row,) = responses(clinic)
    assert posted.status_code == 303 and posted.headers["location"] == f"{path}?saved={row.id}"
    for _ in range(2):  # the result page, then a reload of it
        result = browser.get(posted.headers["location"])
        assert result.status_code == 200 and 'id="odi-score">23%<' in result.text
    assert len(responses(clinic)) == 1
    # the result of another questionnaire's answer, or another patient's, is not shown here
    assert browser.get(f"/patients/{clinic.pid}/questionnaires/startback?saved={row.id}").status_code == 404
    other, _ = logged_in(make_client, clinic, "Q")
    assert other.get(f"{path}?saved={row.id}").status_code == 403
    assert browser.get(f"{path}?saved=nonsense").status_code == 422
