"""The instructor's desk through the TestClient: the list with flags, a patient's page, acknowledging
alerts, the questionnaire interval and the program builder's refusals, on a real database."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from spinecoach.catalog import default_catalog
from spinecoach.services import outcomes
from spinecoach.store.tables import AlertRow, ProgramItemRow, ProgramRow
from tests.integration.api_support import Clinic, History, build_clinic, give_history
from tests.integration.test_pages import logged_in

CATALOG = default_catalog()
TWIST = "russian-twist"  # tagged twisting: refused with a hernia (seed rule S4)
JOGGING = "jogging-on-the-spot"  # tagged running: kept only with a written reason (seed rule S5)
BREATHING = "hands-knees-breathing"


@pytest.fixture
def clinic(make_client: Callable[[], TestClient]) -> tuple[Clinic, History]:
    clinic = build_clinic(make_client())
    return clinic, give_history(clinic)


def item(n: int, exercise: str, **values: Any) -> dict[str, Any]:
    """An item's form fields: the exercise's defaults from the catalog, then the values given."""
    ex = CATALOG.exercise(exercise)
    fields: dict[str, Any] = {
        f"items-{n}-exercise": exercise,
        f"items-{n}-reps": str(ex.reps.default),
        f"items-{n}-sets": str(ex.sets.default),
        f"items-{n}-rest": f"{ex.rest.seconds:g}",
        f"items-{n}-days": ["mon", "wed", "fri"],
        f"items-{n}-time": "08:30",
        f"items-{n}-reason": "",
    }
    fields.update({f"items-{n}-{key}": value for key, value in values.items()})
    return fields


def program_form(token: str, *items: dict[str, Any], action: str = "save") -> dict[str, Any]:
    form: dict[str, Any] = {
        "csrf_token": token,
        "name": "Morning plan",
        "kind": "individual",
        "action": action,
    }
    for fields in items:
        form.update(fields)
    return form


def count(clinic: Clinic, table: type[Any]) -> int:
    with clinic.sessions() as db:
        return db.query(table).count()


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


def test_the_builder_refuses_a_refused_item_and_stores_nothing(
    clinic: tuple[Clinic, History], make_client: Callable[[], TestClient]
) -> None:
    c, _ = clinic
    ivy, token = logged_in(make_client, c, "I")
    before = (count(c, ProgramRow), count(c, ProgramItemRow))
    form = program_form(token, item(1, BREATHING), item(2, TWIST, reps="10", reason="she insists"))
    refused = ivy.post(f"/desk/patients/{c.pid}/program", data=form, follow_redirects=False)
    assert refused.status_code == 422
    assert "The program was not saved." in refused.text
    assert "Item 2, Russian twist: involves twisting, which is refused with a disc hernia" in refused.text
    assert re.search(r'<button[^>]*value="save"[^>]*id="save"[^>]*disabled', refused.text)
    assert (
        'name="items-2-reps" type="number" min="8" max="20" step="1"\n             value="10"' in refused.text
    )
    assert (count(c, ProgramRow), count(c, ProgramItemRow)) == before


def test_the_builder_refuses_a_warning_without_a_reason_naming_the_item(
    clinic: tuple[Clinic, History], make_client: Callable[[], TestClient]
) -> None:
    c, _ = clinic
    ivy, token = logged_in(make_client, c, "I")
    before = count(c, ProgramRow)
    form = program_form(token, item(1, BREATHING), item(2, JOGGING, reps="20", reason="   "))
    refused = ivy.post(f"/desk/patients/{c.pid}/program", data=form, follow_redirects=False)
    assert refused.status_code == 422
    assert "Item 2, Jogging on the spot: write the reason for keeping it before saving." in refused.text
    assert "which is undesirable with a disc hernia" in refused.text
    assert 'value="20"' in refused.text  # what was typed comes back
    assert count(c, ProgramRow) == before


def test_a_wrong_value_is_named_with_its_item_and_field_and_stores_nothing(
    clinic: tuple[Clinic, History], make_client: Callable[[], TestClient]
) -> None:
    c, _ = clinic
    ivy, token = logged_in(make_client, c, "I")
    before = count(c, ProgramRow)
    form = program_form(token, item(1, BREATHING, reps="99", time="25:00", days=[]))
    form["name"] = ""
    refused = ivy.post(f"/desk/patients/{c.pid}/program", data=form, follow_redirects=False)
    assert refused.status_code == 422
    name = "On hands and knees, belly breathing"
    assert f"Item 1, {name}: repetitions: write a whole number from 7 to 8." in refused.text
    assert f"Item 1, {name}: time of day: write it as hours and minutes" in refused.text
    assert f"Item 1, {name}: days: tick at least one day of the week." in refused.text
    assert "Program name: write a name" in refused.text
    assert 'value="99"' in refused.text
    assert count(c, ProgramRow) == before


def test_a_valid_program_is_saved_with_its_reasons_and_shown_on_the_patient_page(
    clinic: tuple[Clinic, History], make_client: Callable[[], TestClient]
) -> None:
    c, _ = clinic
    ivy, token = logged_in(make_client, c, "I")
    reason = "Cleared by her surgeon for light jogging; watch the reach of the pain."
    breathing = item(1, BREATHING, reps="7", sets="3", **{"breath-inhale": "5"})
    form = program_form(token, breathing, item(2, JOGGING, reps="20", reason=reason))
    saved = ivy.post(f"/desk/patients/{c.pid}/program", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:3000]
    assert saved.headers["location"] == f"/desk/patients/{c.pid}?notice=program-saved#program"
    with c.sessions() as db:
        program = db.query(ProgramRow).filter_by(patient_id=c.pid, active=True).one()
        items = (
            db.query(ProgramItemRow).filter_by(program_id=program.id).order_by(ProgramItemRow.position).all()
        )
        assert program.name == "Morning plan"
        assert [(i.exercise_id, i.reps, i.sets, i.days, i.time_of_day) for i in items] == [
            (BREATHING, 7, 3, ["mon", "wed", "fri"], "08:30"),
            (JOGGING, 20, 2, ["mon", "wed", "fri"], "08:30"),
        ]
        assert items[0].breathing == {"inhale": 5.0}
        assert items[1].reason == reason
        assert {w["code"] for w in items[1].warnings} == {"running", "impact"}
    page = ivy.get(saved.headers["location"])
    assert "The program is saved." in page.text
    assert reason in page.text
    assert "Jogging on the spot" in page.text


def test_without_javascript_add_and_remove_come_back_with_the_findings(
    clinic: tuple[Clinic, History], make_client: Callable[[], TestClient]
) -> None:
    c, _ = clinic
    ivy, token = logged_in(make_client, c, "I")
    form = program_form(token, item(4, BREATHING, reps="7"), action="")
    form["add"] = TWIST
    added = ivy.post(f"/desk/patients/{c.pid}/program", data=form)
    assert added.status_code == 200
    assert 'name="items-5-exercise" value="russian-twist"' in added.text
    assert 'value="7"' in added.text  # the first row as typed
    assert "Item 2, Russian twist: involves twisting" in added.text
    assert re.search(r'id="save"[^>]*disabled', added.text)
    form = {**form, **item(5, TWIST)}
    del form["add"]
    form["remove"] = "5"
    removed = ivy.post(f"/desk/patients/{c.pid}/program", data=form)
    assert "russian-twist" not in removed.text.split('id="library"')[0]
    assert not re.search(r'id="save"[^>]*disabled', removed.text)


def test_the_script_gets_a_new_row_with_the_exercises_defaults(
    clinic: tuple[Clinic, History], make_client: Callable[[], TestClient]
) -> None:
    c, _ = clinic
    ivy, _token = logged_in(make_client, c, "I")
    row = ivy.get(f"/desk/patients/{c.pid}/program/item?exercise={JOGGING}&index=7")
    assert row.status_code == 200
    assert 'name="items-7-exercise" value="jogging-on-the-spot"' in row.text
    assert 'name="items-7-reps" type="number" min="15" max="60"' in row.text
    assert "<html" not in row.text
    unknown = ivy.get(f"/desk/patients/{c.pid}/program/item?exercise=no-such&index=7")
    assert unknown.status_code == 422
    assert "there is no exercise &#39;no-such&#39;" in unknown.text


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
