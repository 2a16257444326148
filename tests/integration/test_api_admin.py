"""What the REST API lets an admin do and see, and when it refuses an ended login or account."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from spinecoach.store.tables import LoginSessionRow, UserRow
from tests.integration.api_support import (
    Clinic,
    give_history,
)

# --- the admin ----------------------------------------------------------------------------------


def test_the_admin_reads_no_clinical_data(clinic: Clinic) -> None:
    pid = clinic.pid
    give_history(clinic)
    for what in (
        "",
        "/pain",
        "/sessions",
        "/programs",
        "/screenings",
        "/alerts",
        "/activities",
        "/treatments",
    ):
        answer = clinic.get("A", f"/patients/{pid}{what}")
        assert answer.status_code == 403, (what, answer.text)
    assert clinic.post("A", f"/patients/{pid}/pain", {"score": 1, "reach": "none"}).status_code == 403
    assert clinic.ok("A", "GET", "/patients") == []
    assert clinic.ok("A", "GET", "/alerts") == []


def test_the_admin_lists_creates_and_deactivates_accounts(clinic: Clinic) -> None:
    listed = clinic.ok("A", "GET", "/users")
    assert {u["email"] for u in listed} == {p.email for p in clinic.people.values()}
    assert all(set(u) == {"id", "email", "display_name", "role", "active", "patient_id"} for u in listed)

    kim = {"email": "Kim@Example.org", "display_name": "Kim Newinstructor", "role": "instructor"}
    created = clinic.post("A", "/users", {**kim, "password": "kims-long-password"})
    assert created.status_code == 201, created.text
    assert (created.json()["email"], created.json()["active"]) == ("kim@example.org", True)
    login = clinic.login("kim@example.org", "kims-long-password")
    assert login.status_code == 200, login.text
    kims_token = {"Authorization": f"Bearer {login.json()['token']}"}

    deactivated = clinic.call("A", "PATCH", f"/users/{created.json()['id']}", {"active": False})
    assert deactivated.status_code == 200, deactivated.text
    assert deactivated.json()["active"] is False
    again = clinic.login("kim@example.org", "kims-long-password")
    assert again.status_code == 401
    assert again.json()["error"] == "the email or the password is wrong"
    assert clinic.call(None, "GET", "/me", headers=kims_token).status_code == 401


def test_a_patient_cannot_deactivate_another_account(clinic: Clinic) -> None:
    q = clinic["Q"]
    answer = clinic.call("P", "PATCH", f"/users/{q.user_id}", {"active": False})
    assert answer.status_code == 403
    assert clinic.get("Q", "/me").json()["active"] is True
    assert clinic.login(q.email, q.password).status_code == 200


def test_an_admin_who_instructs_a_patient_reads_that_patients_data(clinic: Clinic) -> None:
    answer = clinic.post(
        "A",
        "/users",
        {
            "email": "rae@example.org",
            "display_name": "Rae",
            "role": "patient",
            "password": "raes-long-password",
        },
    )
    rae = answer.json()["patient_id"]
    assert clinic.get("A", f"/patients/{rae}/pain").status_code == 403
    assignment = {"patient_email": "rae@example.org", "instructor_email": clinic["A"].email}
    assert clinic.call("A", "POST", "/assignments", assignment).status_code == 204
    assert clinic.ok("A", "GET", f"/patients/{rae}/pain") == []
    assert [p["id"] for p in clinic.ok("A", "GET", "/patients")] == [rae]
    assert clinic.get("A", f"/patients/{clinic.pid}/pain").status_code == 403


def test_a_patient_route_refuses_an_ended_login_and_a_switched_off_account(clinic: Clinic) -> None:
    # The guard of a patient's records reads the login and the patient in one statement.
    pain = f"/patients/{clinic.pid}/pain"
    assert clinic.call("P", "GET", pain).status_code == 200
    with clinic.engine.begin() as conn:
        conn.execute(
            update(LoginSessionRow)
            .where(LoginSessionRow.user_id == clinic["P"].user_id)
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    ended = clinic.call("P", "GET", pain)
    assert ended.status_code == 401, ended.text
    assert ended.json()["error"] == "log in first (POST /api/v1/auth/login)"

    assert clinic.call("I", "GET", pain).status_code == 200
    with clinic.engine.begin() as conn:
        conn.execute(update(UserRow).where(UserRow.id == clinic["I"].user_id).values(active=False))
    assert clinic.call("I", "GET", pain).status_code == 401
    # a current login to a patient who does not exist: the same refusal as someone else's patient
    missing = clinic.call("Q", "GET", "/patients/999999/pain")
    assert missing.status_code == 403
    assert missing.json()["error"] == clinic.call("Q", "GET", pain).json()["error"]
