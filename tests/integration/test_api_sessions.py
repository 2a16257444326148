"""The REST API's sessions: retries, interruptions, pain alerts, pauses and emergencies."""

from tests.integration.api_support import (
    CHECK_PAIN,
    RED_FLAG_CHECK,
    Clinic,
    event_body,
    finish_body,
    start_body,
)

# --- sessions -----------------------------------------------------------------------------------


def test_a_retried_start_with_the_same_client_id_is_one_session(clinic: Clinic) -> None:
    path = f"/patients/{clinic.pid}/sessions"
    body = start_body(clinic.check(), client_id="tablet-2026-11-23-0730")
    first = clinic.post("P", path, body)
    retried = clinic.post("P", path, body)
    assert (first.status_code, retried.status_code) == (201, 200), (first.text, retried.text)
    assert first.json()["id"] == retried.json()["id"]
    assert [s["id"] for s in clinic.ok("P", "GET", path)] == [first.json()["id"]]


def test_a_retried_event_with_the_same_client_id_is_stored_once(clinic: Clinic) -> None:
    session = clinic.start(clinic.check())
    path = f"/patients/{clinic.pid}/sessions/{session}"
    body = event_body("ev-0001", kind="discomfort", plan_seconds=30)
    first = clinic.post("P", f"{path}/events", body)
    retried = clinic.post("P", f"{path}/events", body)
    assert (first.status_code, first.json()) == (201, {"stored": True}), first.text
    assert (retried.status_code, retried.json()) == (200, {"stored": False}), retried.text
    events = clinic.ok("P", "GET", path)["events"]
    assert [(e["kind"], e["plan_seconds"]) for e in events] == [("discomfort", 30)]
    assert clinic.ok("P", "GET", f"/patients/{clinic.pid}/sessions")[0]["discomfort"] == 1


def test_a_session_never_finished_shows_as_interrupted(clinic: Clinic) -> None:
    session = clinic.start(clinic.check())
    clinic.ok("P", "POST", f"/patients/{clinic.pid}/sessions/{session}/events", event_body("e1", "pause"))
    (entry,) = clinic.ok("I", "GET", f"/patients/{clinic.pid}/sessions")
    assert (entry["id"], entry["outcome"], entry["finished_at"]) == (session, "interrupted", None)
    assert clinic.ok("P", "GET", f"/patients/{clinic.pid}/sessions/{session}")["outcome"] == "interrupted"


def test_a_pain_rise_of_two_alerts_the_patients_instructor_and_nobody_else(clinic: Clinic) -> None:
    pid = clinic.pid
    check = clinic.check()
    calm = clinic.start(check)
    after_calm = clinic.ok(
        "P", "POST", f"/patients/{pid}/sessions/{calm}/finish", finish_body(CHECK_PAIN + 1)
    )
    assert after_calm["alert_instructor"] is False
    assert clinic.ok("I", "GET", "/alerts") == []

    session = clinic.start(check)
    follow = clinic.ok("P", "POST", f"/patients/{pid}/sessions/{session}/finish", finish_body(CHECK_PAIN + 2))
    assert follow["alert_instructor"] is True
    assert follow["next_reps"] == 7  # 8 planned, 2 fewer, but never under the exercise's minimum of 7
    (alert,) = clinic.ok("I", "GET", "/alerts")
    assert (alert["kind"], alert["patient_id"], alert["session_id"]) == ("pain-rise", pid, session)
    assert clinic.ok("J", "GET", "/alerts") == []
    assert clinic.get("J", f"/patients/{pid}/alerts").status_code == 403
    assert [a["id"] for a in clinic.ok("P", "GET", f"/patients/{pid}/alerts")] == [alert["id"]]
    # the next session of that exercise is suggested with fewer reps
    assert clinic.ok("P", "POST", f"/patients/{pid}/sessions", start_body(check))["plan"]["reps"] == 7


def test_two_sharp_pain_stops_in_a_row_pause_the_program_until_the_instructor_records_a_clearance(
    clinic: Clinic,
) -> None:
    pid = clinic.pid
    check = clinic.check()
    follow_ups = []
    for number in (1, 2):
        session = clinic.start(check)
        events = f"/patients/{pid}/sessions/{session}/events"
        clinic.ok("P", "POST", events, event_body(f"sharp-{number}", "sharp-pain", 40))
        finish = finish_body(CHECK_PAIN, outcome="stopped-sharp-pain")
        follow_ups.append(clinic.ok("P", "POST", f"/patients/{pid}/sessions/{session}/finish", finish))
    assert [f["program_paused"] for f in follow_ups] == [False, True]
    summary = clinic.ok("I", "GET", f"/patients/{pid}")
    assert summary["program_paused"] is True
    assert summary["paused_since"] is not None
    assert "program-paused" in {a["kind"] for a in clinic.ok("I", "GET", "/alerts")}

    paused = clinic.post("P", f"/patients/{pid}/sessions", start_body(check))
    assert paused.status_code == 409, paused.text
    assert "paused" in paused.json()["error"]
    assert clinic.post("P", f"/patients/{pid}/clearances", {"note": "saw my GP"}).status_code == 403
    assert clinic.post("J", f"/patients/{pid}/clearances", {"note": "not mine"}).status_code == 403
    assert clinic.ok("P", "GET", f"/patients/{pid}")["program_paused"] is True

    cleared = clinic.ok("I", "POST", f"/patients/{pid}/clearances", {"note": "Seen by Dr Ivanova, 2 Dec"})
    assert cleared == {"program_paused": False}
    assert clinic.ok("P", "GET", f"/patients/{pid}")["program_paused"] is False
    assert clinic.post("P", f"/patients/{pid}/sessions", start_body(check)).status_code == 201


def test_a_red_flag_in_the_check_is_an_emergency_that_alerts_the_instructor_and_allows_no_session(
    clinic: Clinic,
) -> None:
    pid = clinic.pid
    answer = clinic.post("P", f"/patients/{pid}/checks", RED_FLAG_CHECK)
    assert answer.status_code == 201, answer.text
    assert answer.json()["result"] == "emergency"
    (alert,) = clinic.ok("I", "GET", "/alerts")
    assert (alert["kind"], alert["patient_id"]) == ("red-flag", pid)
    assert "saddle-numbness" in alert["message"]
    assert clinic.ok("J", "GET", "/alerts") == []
    start = clinic.post("P", f"/patients/{pid}/sessions", start_body(answer.json()["id"]))
    assert start.status_code == 422, start.text
    assert "emergency" in start.json()["error"]
    assert clinic.ok("P", "GET", f"/patients/{pid}/sessions") == []
