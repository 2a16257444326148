"""The instructor desk's program builder: its refusals, warnings, wrong values, saving and the no-script path."""

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from spinecoach.store.tables import ProgramItemRow, ProgramRow
from tests.integration import desk_support
from tests.integration.api_support import Clinic, History
from tests.integration.desk_support import BREATHING, JOGGING, TWIST, count, item, program_form
from tests.integration.test_pages import logged_in

clinic = desk_support.clinic  # the shared fixture: a clinic, and P's history


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
