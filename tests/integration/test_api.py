"""The REST API's behaviour the clinic-server issue demands, on SQLite and on PostgreSQL.

Bad input, logins and tokens, password storage, programs through the safety rules, sessions with
their retries, pauses and alerts, the audit trail, and what an admin may and may not see.
"""

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from spinecoach.store.tables import AuditRow, CheckRow, LoginSessionRow, UserRow
from tests.integration.api_support import (
    API,
    CHECK_PAIN,
    EXERCISE,
    GO_CHECK,
    POSTPONE_CHECK,
    PROGRAM,
    RED_FLAG_CHECK,
    SCREENING,
    Clinic,
    build_clinic,
    changed_tables,
    event_body,
    finish_body,
    give_history,
    problem_text,
    snapshot,
    start_body,
)

OWASP_ARGON2 = "$argon2id$v=19$m=19456,t=2,p=1$"
JOGGING = "jogging-on-the-spot"  # running and impact: warned with a hernia, kept only with a reason
TWIST = "seated-twist"  # twisting: refused with a hernia whatever the reason


@pytest.fixture
def clinic(make_client: Callable[[], TestClient]) -> Clinic:
    return build_clinic(make_client())


def program_with(exercise: str, **item: Any) -> dict[str, Any]:
    return {"name": f"With {exercise}", "kind": "individual", "items": [{"exercise": exercise, **item}]}


# --- bad input ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    name: str
    who: str | None
    method: str
    path: str
    body: Any = None
    status: int = 422
    names: tuple[str, ...] = ()  # words the answer must contain: the field, and the problem
    listing: tuple[str, str] | None = None  # (who, path): a list that must look the same after
    raw: bytes | None = None  # a body that is not JSON at all


def bad_inputs(clinic: Clinic) -> list[Bad]:
    """Every kind of bad input the issue names, and a few more, against P's records."""
    history = give_history(clinic)
    pid, q = clinic.pid, clinic["Q"].patient_id
    postponed = clinic.check(POSTPONE_CHECK)
    stale = clinic.check()
    with clinic.sessions() as db:
        hours_ago = datetime.now(UTC) - timedelta(hours=2)
        db.execute(update(CheckRow).where(CheckRow.id == stale).values(checked_at=hours_ago))
        db.commit()
    qs_check = clinic.ok("Q", "POST", f"/patients/{q}/checks", GO_CHECK)["id"]

    open_, finished = history.session_id, history.finished_session_id
    events = f"/patients/{pid}/sessions/{open_}/events"
    finish = f"/patients/{pid}/sessions/{open_}/finish"
    detail = ("P", f"/patients/{pid}/sessions/{open_}")
    sessions = ("P", f"/patients/{pid}/sessions")
    pain = ("P", f"/patients/{pid}/pain")
    programs = ("I", f"/patients/{pid}/programs")
    users = ("A", "/users")
    start = f"/patients/{pid}/sessions"
    checks = f"/patients/{pid}/checks"
    activities = ("P", f"/patients/{pid}/activities")
    treatments = ("P", f"/patients/{pid}/treatments")
    plan = "/exercises/bird-dog/plan"

    def account(**fields: str) -> dict[str, str]:
        return {
            "email": "kim@example.org",
            "display_name": "Kim",
            "role": "patient",
            "password": "long-enough-1",
            **fields,
        }

    event = event_body("bad-1")
    good_pain = {"score": 3, "reach": "back"}
    item = PROGRAM["items"][0]
    return [
        # events
        Bad("plan_seconds is not a number", "P", "POST", events, {**event, "plan_seconds": "abc"},
            names=("plan_seconds", "number"), listing=detail),
        Bad("an unknown event kind", "P", "POST", events, {**event, "kind": "sneeze"},
            names=("kind",), listing=detail),
        Bad("an unknown field in an event", "P", "POST", events, {**event, "colour": "red"},
            names=("colour", "not a known field"), listing=detail),
        Bad("an event without its client_id", "P", "POST", events, {"kind": "pause", "plan_seconds": 3},
            names=("client_id", "required"), listing=detail),
        Bad("an event for a finished session", "P", "POST", f"/patients/{pid}/sessions/{finished}/events",
            event, status=409, names=("finished",), listing=("P", f"/patients/{pid}/sessions/{finished}")),
        Bad("an event for a session that does not exist", "P", "POST",
            f"/patients/{pid}/sessions/999999/events", event, status=404, names=("session",)),
        # the check before a session
        Bad("pain 11 in a check", "P", "POST", checks, {**GO_CHECK, "pain": 11},
            names=("pain", "less than or equal to 10")),
        Bad("pain -1 in a check", "P", "POST", checks, {**GO_CHECK, "pain": -1},
            names=("pain", "greater than or equal to 0")),
        Bad("an unknown reach in a check", "P", "POST", checks, {**GO_CHECK, "reach": "knee"},
            names=("reach",)),
        Bad("an unknown red flag", "P", "POST", checks, {**GO_CHECK, "red_flags": ["headache"]},
            names=("red_flags",)),
        # pain entries
        Bad("pain 11", "P", "POST", pain[1], {**good_pain, "score": 11}, names=("score", "10"), listing=pain),
        Bad("pain -1", "P", "POST", pain[1], {**good_pain, "score": -1}, names=("score", "0"), listing=pain),
        Bad("pain is a word", "P", "POST", pain[1], {**good_pain, "score": "high"}, names=("score", "integer"),
            listing=pain),
        Bad("pain without its score", "P", "POST", pain[1], {"reach": "back"}, names=("score", "required"),
            listing=pain),
        Bad("an unknown field in a pain entry", "P", "POST", pain[1], {**good_pain, "mood": "grumpy"},
            names=("mood", "not a known field"), listing=pain),
        Bad("a note of 2001 characters", "P", "POST", pain[1], {**good_pain, "note": "x" * 2001},
            names=("note", "2000"), listing=pain),
        Bad("a list for a body", "P", "POST", pain[1], [3, "back"], names=("body",), listing=pain),
        Bad("a body that is not JSON", "P", "POST", pain[1], raw=b"{score: 3", names=("json",), listing=pain),
        # finishing a session
        Bad("pain_after 11", "P", "POST", finish, finish_body(11), names=("pain_after", "10"), listing=detail),
        Bad("pain_after -1", "P", "POST", finish, finish_body(-1), names=("pain_after", "0"), listing=detail),
        Bad("finishing as interrupted", "P", "POST", finish, finish_body(outcome="interrupted"),
            names=("interrupted",), listing=detail),
        Bad("an unknown outcome", "P", "POST", finish, finish_body(outcome="great"), names=("outcome",),
            listing=detail),
        # starting a session
        Bad("reps outside the exercise's range", "P", "POST", start, start_body(history.check_id, reps=50),
            names=("reps", "7 to 8", EXERCISE), listing=sessions),
        Bad("reps of 0", "P", "POST", start, start_body(history.check_id, reps=0), names=("reps",),
            listing=sessions),
        Bad("sets outside the exercise's range", "P", "POST", start, start_body(history.check_id, sets=9),
            names=("sets",), listing=sessions),
        Bad("an unknown exercise", "P", "POST", start, {**start_body(history.check_id), "exercise": "moonwalk"},
            names=("exercise", "moonwalk"), listing=sessions),
        Bad("an exercise not allowed now", "P", "POST", start,
            {**start_body(history.check_id), "exercise": "bird-dog"},
            names=("exercise", "bird-dog", "not among the exercises allowed"), listing=sessions),
        Bad("a check more than an hour old", "P", "POST", start, start_body(stale), names=("check", "hour"),
            listing=sessions),
        Bad("a check that said postpone", "P", "POST", start, start_body(postponed),
            names=("check", "postpone"), listing=sessions),
        Bad("another patient's check", "P", "POST", start, start_body(qs_check), status=404, names=("check",),
            listing=sessions),
        Bad("check_id is a word", "P", "POST", start, start_body("first"), names=("check_id", "integer"),
            listing=sessions),
        Bad("no check_id", "P", "POST", start, {"exercise": EXERCISE}, names=("check_id", "required"),
            listing=sessions),
        # programs
        Bad("an unknown exercise in a program", "I", "POST", programs[1], program_with("moonwalk"),
            names=("items.0", "moonwalk"), listing=programs),
        Bad("reps outside the range in a program", "I", "POST", programs[1], program_with(EXERCISE, reps=50),
            names=("items.0", "reps", "7 to 8"), listing=programs),
        Bad("sets outside the range in a program", "I", "POST", programs[1], program_with(EXERCISE, sets=0),
            names=("items.0", "sets"), listing=programs),
        Bad("a program without items", "I", "POST", programs[1], {**PROGRAM, "items": []}, names=("items",),
            listing=programs),
        Bad("a program name of 201 characters", "I", "POST", programs[1], {**PROGRAM, "name": "n" * 201},
            names=("name", "200"), listing=programs),
        Bad("a reason of 2001 characters", "I", "POST", programs[1], program_with(JOGGING, reason="r" * 2001),
            names=("reason", "2000"), listing=programs),
        Bad("a program without its kind", "I", "POST", programs[1], {"name": "x", "items": [item]},
            names=("kind", "required"), listing=programs),
        Bad("an unknown weekday", "I", "POST", programs[1], program_with(EXERCISE, days=["someday"]),
            names=("days",), listing=programs),
        Bad("an unknown field in a program item", "I", "POST", programs[1], program_with(EXERCISE, priority=1),
            names=("priority", "not a known field"), listing=programs),
        Bad("a program for someone else's patient", "J", "POST", programs[1], PROGRAM, status=403,
            listing=programs),
        Bad("a program by the patient", "P", "POST", programs[1], PROGRAM, status=403, listing=programs),
        # activities, treatments, screening, clearances
        Bad("an unknown activity", "P", "POST", activities[1], {"activity": "parkour", "minutes": 5},
            names=("activity", "parkour"), listing=activities),
        Bad("0 minutes of activity", "P", "POST", activities[1], {"activity": "walking", "minutes": 0},
            names=("minutes",), listing=activities),
        Bad("an unknown treatment", "P", "POST", treatments[1], {"kind": "leeches"},
            names=("kind",), listing=treatments),
        Bad("a start date that is not a date", "P", "POST", treatments[1],
            {"kind": "massage", "started_on": "yesterday"}, names=("started_on",), listing=treatments),
        Bad("a screening without the hernia answer", "P", "POST", f"/patients/{pid}/screenings",
            {k: v for k, v in SCREENING.items() if k != "hernia"}, names=("hernia", "required"),
            listing=("P", f"/patients/{pid}/screenings")),
        Bad("a clearance without a note", "I", "POST", f"/patients/{pid}/clearances", {"note": ""},
            names=("note",)),
        # paths and queries
        Bad("a patient id that is a word", "P", "GET", "/patients/abc/pain", names=("patient_id", "integer")),
        Bad("patient id 0", "P", "GET", "/patients/0/pain", names=("patient_id",)),
        Bad("reps in a plan that are a word", None, "GET", f"{plan}?reps=abc", names=("reps",)),
        Bad("reps in a plan outside the range", None, "GET", f"{plan}?reps=99", names=("reps", "4 to 10")),
        # accounts
        Bad("a short password", "A", "POST", "/users", account(password="short"),
            names=("password", "10"), listing=users),
        Bad("an email that is not one", "A", "POST", "/users", account(email="kim-at-home"),
            names=("email",), listing=users),
        Bad("an email already in use", "A", "POST", "/users", account(email=clinic["Q"].email),
            status=409, names=("email", "already exists"), listing=users),
        Bad("an unknown role", "A", "POST", "/users", account(role="superuser"),
            names=("role",), listing=users),
        Bad("active is not a yes or no", "A", "PATCH", f"/users/{clinic['Q'].user_id}", {"active": "maybe"},
            names=("active",), listing=users),
        Bad("a patient as someone's instructor", "A", "POST", "/assignments",
            {"patient_email": clinic["P"].email, "instructor_email": clinic["Q"].email},
            names=("instructor",), listing=("I", "/patients")),
        Bad("a login without its password", None, "POST", "/auth/login", {"email": clinic["P"].email},
            names=("password", "required")),
    ]  # fmt: skip


def test_bad_input_gets_a_4xx_naming_the_field_and_stores_nothing(clinic: Clinic) -> None:
    cases = bad_inputs(clinic)
    mismatches = []
    for case in cases:
        listed = clinic.ok(case.listing[0], "GET", case.listing[1]) if case.listing else None
        before = snapshot(clinic.engine)
        where = f"{case.name} ({case.method} {case.path} as {case.who or 'anonymous'})"
        try:
            answer = clinic.call(case.who, case.method, case.path, case.body, content=case.raw)
        except Exception as error:  # the test client re-raises what the app answered with a 500
            mismatches.append(f"{where}: expected {case.status}, got 500 ({error!r})")
            continue
        if answer.status_code != case.status or answer.status_code >= 500:
            mismatches.append(
                f"{where}: expected {case.status}, got {answer.status_code} {answer.text[:300]}"
            )
            continue
        text = problem_text(answer)
        missing = [word for word in case.names if word.lower() not in text]
        if missing:
            mismatches.append(f"{where}: the answer does not name {missing}: {text[:300]}")
        if changed := changed_tables(before, snapshot(clinic.engine)):
            mismatches.append(f"{where}: stored something in {changed}")
        if case.listing and clinic.ok(case.listing[0], "GET", case.listing[1]) != listed:
            mismatches.append(f"{where}: GET {case.listing[1]} changed")
    assert len(cases) > 50
    assert not mismatches, f"{len(mismatches)} bad inputs not handled as they should be:\n" + "\n".join(
        mismatches
    )


# Each of these once answered 500: ids beyond the database's integer columns (PostgreSQL: 32 bits)
# and NUL characters, which PostgreSQL refuses in text. They must get a 4xx.
HUGE = 2**64


def hostile_inputs(clinic: Clinic) -> list[Bad]:
    pid = clinic.pid
    nul = "\x00"
    return [
        Bad("a huge patient id", "P", "GET", f"/patients/{HUGE}/pain"),
        Bad("a patient id beyond 32 bits", "P", "GET", f"/patients/{2**40}/pain"),
        Bad("a huge user id", "A", "PATCH", f"/users/{HUGE}", {"active": True}),
        Bad("a huge alert id", "I", "POST", f"/patients/{pid}/alerts/{HUGE}/acknowledge"),
        Bad("a huge check id", "P", "POST", f"/patients/{pid}/sessions", start_body(HUGE)),
        Bad("a huge session id", "P", "POST", f"/patients/{pid}/sessions/{HUGE}/events", event_body("h")),
        Bad("a session id beyond 32 bits", "P", "POST", f"/patients/{pid}/sessions/{2**40}/events", event_body("h")),
        Bad("a huge patient id in the audit query", "A", "GET", f"/audit?patient_id={HUGE}"),
        Bad("a NUL in a note", "P", "POST", f"/patients/{pid}/pain", {"score": 1, "reach": "back", "note": nul}),
        Bad("a NUL in a login email", None, "POST", "/auth/login", {"email": f"p{nul}@x.org", "password": "x"}),
    ]  # fmt: skip


def test_no_hostile_input_gets_a_500(clinic: Clinic) -> None:
    failures = []
    for case in hostile_inputs(clinic):
        try:
            answer = clinic.call(case.who, case.method, case.path, case.body)
        except Exception as error:  # the test client re-raises what the app answered with a 500
            failures.append(f"{case.name}: 500 ({type(error).__name__}: {str(error)[:150]})")
            continue
        if answer.status_code >= 500:
            failures.append(f"{case.name}: {answer.status_code} {answer.text[:200]}")
    assert not failures, "\n".join(failures)


# --- logging in and out -------------------------------------------------------------------------


def test_a_wrong_password_and_an_unknown_email_get_the_same_401(clinic: Clinic) -> None:
    wrong_password = clinic.login(clinic["P"].email, "not-the-password")
    unknown_email = clinic.login("nobody@example.org", "not-the-password")
    assert wrong_password.status_code == unknown_email.status_code == 401
    assert (
        wrong_password.json()["error"]
        == unknown_email.json()["error"]
        == "the email or the password is wrong"
    )
    assert "set-cookie" not in wrong_password.headers


def test_five_failed_logins_refuse_the_next_try_even_with_the_right_password(clinic: Clinic) -> None:
    p = clinic["P"]
    for attempt in range(5):
        answer = clinic.login(p.email, f"wrong-password-{attempt}")
        assert answer.status_code == 401, (attempt, answer.text)
    throttled = clinic.login(p.email, p.password)
    assert throttled.status_code == 429, throttled.text
    assert "too many failed logins" in throttled.json()["error"]
    assert int(throttled.headers["Retry-After"]) > 0
    assert "set-cookie" not in throttled.headers
    # other accounts are not affected, and P's existing login keeps working
    assert clinic.login(clinic["Q"].email, clinic["Q"].password).status_code == 200
    assert clinic.get("P", "/me").status_code == 200


def test_a_login_sets_an_httponly_samesite_cookie_that_alone_authenticates(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    p = clinic["P"]
    browser = make_client()
    answer = browser.post(f"{API}/auth/login", json={"email": p.email, "password": p.password})
    assert answer.status_code == 200, answer.text
    token = answer.json()["token"]
    assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) >= 16  # at least 128 bits
    cookie = answer.headers["set-cookie"]
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert cookie.split(";")[0] == f"spinecoach_session={token}"
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    me = browser.get(f"{API}/me")  # no Authorization header: the cookie alone
    assert me.status_code == 200, me.text
    assert me.json()["email"] == p.email
    assert me.json()["patient_id"] == clinic.pid


def test_each_login_gives_a_new_token_and_a_new_login_in_a_browser_ends_its_old_one(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    p = clinic["P"]
    elsewhere = clinic.new_token("P")
    assert elsewhere != p.token
    browser = make_client()
    credentials = {"email": p.email, "password": p.password}
    first = browser.post(f"{API}/auth/login", json=credentials).json()["token"]
    second = browser.post(f"{API}/auth/login", json=credentials).json()["token"]  # sends the old cookie
    assert len({p.token, elsewhere, first, second}) == 4

    def me_with(token: str) -> int:
        return clinic.call(None, "GET", "/me", headers={"Authorization": f"Bearer {token}"}).status_code

    assert me_with(first) == 401  # renewed at login: the browser's old token ended
    assert me_with(second) == me_with(elsewhere) == me_with(p.token) == 200  # other logins go on


def test_logout_ends_the_token_whether_it_came_as_a_cookie_or_a_bearer(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    p = clinic["P"]
    browser = make_client()
    token = browser.post(f"{API}/auth/login", json={"email": p.email, "password": p.password}).json()["token"]
    assert browser.post(f"{API}/auth/logout").status_code == 204
    assert browser.get(f"{API}/me").status_code == 401
    assert clinic.call(None, "GET", "/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401

    assert clinic.call("P", "POST", "/auth/logout").status_code == 204
    after = clinic.get("P", "/me")
    assert after.status_code == 401
    assert after.headers["www-authenticate"] == "Bearer"
    assert clinic.get("Q", "/me").status_code == 200


# --- password storage ---------------------------------------------------------------------------


def stored_hash(clinic: Clinic, email: str) -> str:
    with clinic.sessions() as db:
        value = db.scalars(select(UserRow.password_hash).where(UserRow.email == email)).one()
    assert value is not None
    return value


def test_passwords_are_stored_as_argon2id_with_the_owasp_parameters(clinic: Clinic) -> None:
    for person in clinic.people.values():
        value = stored_hash(clinic, person.email)
        assert value.startswith(OWASP_ARGON2), value
        assert person.password not in value
        assert PasswordHasher().verify(value, person.password)


def test_a_hash_with_older_parameters_is_rehashed_at_the_next_login(clinic: Clinic) -> None:
    p = clinic["P"]
    old = PasswordHasher(time_cost=1, memory_cost=8192).hash(p.password)
    assert not old.startswith(OWASP_ARGON2)
    with clinic.sessions() as db:
        db.execute(update(UserRow).where(UserRow.email == p.email).values(password_hash=old))
        db.commit()
    assert clinic.login(p.email, "a-wrong-password").status_code == 401
    assert stored_hash(clinic, p.email) == old  # a failed login changes nothing
    assert clinic.login(p.email, p.password).status_code == 200
    new = stored_hash(clinic, p.email)
    assert new != old
    assert new.startswith(OWASP_ARGON2)
    assert PasswordHasher().verify(new, p.password)
    assert clinic.login(p.email, p.password).status_code == 200


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


# --- the audit trail ----------------------------------------------------------------------------


def test_each_read_of_a_patients_data_by_the_instructor_writes_one_audit_row(clinic: Clinic) -> None:
    pid = clinic.pid
    instructor = clinic["I"]
    reads = [
        f"/patients/{pid}/pain",
        f"/patients/{pid}/sessions",
        f"/patients/{pid}/programs",
        f"/patients/{pid}",
    ]
    started = datetime.now(UTC)
    request_ids = {}
    for path in reads:
        answer = clinic.get("I", path)
        assert answer.status_code == 200, answer.text
        request_ids[path] = answer.headers["X-Request-ID"]
    assert len(set(request_ids.values())) == len(reads)
    with clinic.uow() as uow:
        rows = uow.audit.rows()
    for path, request_id in request_ids.items():
        matching = [r for r in rows if r.request_id == request_id]
        assert len(matching) == 1, path
        row: AuditRow = matching[0]
        template = path.replace(str(pid), "{patient_id}", 1)
        assert (row.actor_id, row.actor_role, row.patient_id) == (instructor.user_id, "instructor", pid)
        assert (row.action, row.outcome, row.status) == (f"GET {API}{template}", "allowed", 200)
        assert row.at.tzinfo is not None
        assert started - timedelta(seconds=1) <= row.at <= datetime.now(UTC) + timedelta(seconds=1)
    trail = clinic.ok("A", "GET", f"/audit?patient_id={pid}")
    assert set(request_ids.values()) <= {r["request_id"] for r in trail}


def test_a_request_id_from_the_caller_is_echoed_and_audited_and_a_refusal_is_audited_too(
    clinic: Clinic,
) -> None:
    pid = clinic.pid
    answer = clinic.call("J", "GET", f"/patients/{pid}/pain", headers={"X-Request-ID": "proxy-42.a"})
    assert answer.status_code == 403
    assert answer.headers["X-Request-ID"] == answer.json()["request_id"] == "proxy-42.a"
    odd = clinic.call("P", "GET", f"/patients/{pid}/pain", headers={"X-Request-ID": "no spaces; please"})
    assert odd.headers["X-Request-ID"] != "no spaces; please"  # replaced by one of the server's
    with clinic.uow() as uow:
        (row,) = [r for r in uow.audit.rows() if r.request_id == "proxy-42.a"]
    assert (row.actor_id, row.actor_role, row.patient_id) == (clinic["J"].user_id, "instructor", pid)
    assert (row.outcome, row.status, row.action) == ("denied", 403, f"GET {API}/patients/{{patient_id}}/pain")


def test_a_patient_that_does_not_exist_gets_the_same_403_as_someone_elses(clinic: Clinic) -> None:
    """Ids reveal nothing: no 404 tells a prober which patient ids exist."""
    someone_elses = clinic.get("J", f"/patients/{clinic.pid}/pain")
    missing = clinic.get("J", "/patients/999999/pain")
    assert someone_elses.status_code == missing.status_code == 403
    assert someone_elses.json()["error"] == missing.json()["error"]
    assert clinic.post("P", "/patients/999999/pain", {"score": 2, "reach": "back"}).status_code == 403
    with clinic.uow() as uow:
        row = next(r for r in uow.audit.rows() if r.request_id == missing.headers["X-Request-ID"])
    assert (row.outcome, row.patient_id, row.actor_id) == ("denied", 999999, clinic["J"].user_id)


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
