"""The REST API's programs through the safety rules: refused, warned with a reason, reviewed, replaced."""

from tests.integration.api_support import (
    PROGRAM,
    SCREENING,
    Clinic,
    changed_tables,
    problem_text,
    snapshot,
)
from tests.integration.program_support import JOGGING, TWIST, program_with

# --- programs -----------------------------------------------------------------------------------


def test_a_twisting_exercise_is_refused_with_the_reason_and_nothing_is_stored(clinic: Clinic) -> None:
    path = f"/patients/{clinic.pid}/programs"
    clinic.ok("P", "POST", f"/patients/{clinic.pid}/screenings", SCREENING)
    for body in (program_with(TWIST), program_with(TWIST, reason="the patient insists")):
        answer = clinic.post("I", path, body)
        assert answer.status_code == 422, answer.text
        problems = answer.json()["problems"]
        assert [p["field"] for p in problems] == ["body.items.0"]
        assert TWIST in problems[0]["message"]
        assert "twisting" in problems[0]["message"]
        assert "nothing was stored" in answer.json()["error"]
    assert clinic.ok("I", "GET", path) == []


def test_a_warned_exercise_needs_a_written_reason_and_is_stored_with_it_and_the_warning(
    clinic: Clinic,
) -> None:
    path = f"/patients/{clinic.pid}/programs"
    refused = clinic.post("I", path, program_with(JOGGING))
    assert refused.status_code == 422, refused.text
    assert all(word in problem_text(refused) for word in ("reason", "running", "impact"))
    assert clinic.ok("I", "GET", path) == []
    blank = clinic.post("I", path, program_with(JOGGING, reason="   "))
    assert blank.status_code == 422, blank.text

    reason = "A runner without leg pain; short bouts agreed with her neurologist."
    answer = clinic.post("I", path, program_with(JOGGING, reason=reason))
    assert answer.status_code == 201, answer.text
    item = answer.json()["program"]["items"][0]
    assert item["reason"] == reason
    assert {w["code"] for w in item["warnings"]} == {"running", "impact"}
    assert all("undesirable" in w["message"] for w in item["warnings"])
    (stored,) = clinic.ok("P", "GET", path)
    assert stored["items"][0]["reason"] == reason
    assert stored["items"][0]["warnings"] == item["warnings"]
    assert stored["created_by"] == clinic["I"].user_id


def test_the_review_gives_the_findings_and_stores_nothing(clinic: Clinic) -> None:
    pid = clinic.pid
    body = {**PROGRAM, "items": [*PROGRAM["items"], {"exercise": JOGGING}, {"exercise": TWIST}]}
    before = snapshot(clinic.engine)
    review = clinic.ok("I", "POST", f"/patients/{pid}/programs/review", body)
    assert changed_tables(before, snapshot(clinic.engine)) == []
    assert review["profile"] == "hernia"
    assert review["allowed"] is False
    found = {(f["item"], f["code"], f["severity"], f["blocks"]) for f in review["findings"]}
    assert found == {
        (2, "running", "warning", True),
        (2, "impact", "warning", True),
        (3, "twisting", "refused", True),
    }
    assert clinic.ok("I", "GET", f"/patients/{pid}/programs") == []


def test_a_new_program_makes_the_old_one_inactive(clinic: Clinic) -> None:
    path = f"/patients/{clinic.pid}/programs"
    first = clinic.ok("I", "POST", path, PROGRAM)["program"]
    second = clinic.ok("I", "POST", path, {**PROGRAM, "name": "Evening", "kind": "complex"})["program"]
    assert first["active"] and second["active"]
    listed = {p["id"]: p for p in clinic.ok("P", "GET", path)}
    assert set(listed) == {first["id"], second["id"]}
    assert listed[first["id"]]["active"] is False
    assert listed[second["id"]]["active"] is True
    assert listed[second["id"]]["kind"] == "complex"
    item = listed[first["id"]]["items"][0]
    assert (item["days"], item["time"], item["reps"], item["sets"]) == (["mon", "wed", "fri"], "08:30", 8, 2)
