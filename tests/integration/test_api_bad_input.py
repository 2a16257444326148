"""The REST API's answers to bad and hostile input: a 4xx naming the field, never a 500, nothing stored."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update

from spinecoach.store.tables import CheckRow
from tests.integration.api_support import (
    EXERCISE,
    GO_CHECK,
    POSTPONE_CHECK,
    PROGRAM,
    SCREENING,
    Clinic,
    changed_tables,
    event_body,
    finish_body,
    give_history,
    problem_text,
    snapshot,
    start_body,
)
from tests.integration.program_support import JOGGING, program_with

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
