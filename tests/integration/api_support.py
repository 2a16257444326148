"""What the API tests share: a small clinic of logged-in people, a patient with some history, bodies.

The clinic: P (a patient, assigned to instructor I), Q (another patient, assigned to instructor J),
I and J (instructors), A (an admin who instructs nobody). Accounts are made through the services, as
`spinecoach users add` does; everything after that goes through the HTTP API with Bearer tokens.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from spinecoach.domain.accounts import Role
from spinecoach.services import accounts
from spinecoach.store.database import engine_for, upgrade
from spinecoach.store.tables import Base
from spinecoach.store.unit_of_work import UnitOfWork

API = "/api/v1"

# key: (email, role, display name). Passwords are long enough for the rule (10 characters or more).
PEOPLE: dict[str, tuple[str, Role, str]] = {
    "P": ("pat@example.org", Role.PATIENT, "Pat Patient"),
    "Q": ("quinn@example.org", Role.PATIENT, "Quinn Otherpatient"),
    "I": ("ivy@example.org", Role.INSTRUCTOR, "Ivy Instructor"),
    "J": ("jon@example.org", Role.INSTRUCTOR, "Jon Otherinstructor"),
    "A": ("ada@example.org", Role.ADMIN, "Ada Admin"),
}
INSTRUCTOR_OF = {"P": "I", "Q": "J"}


def password_of(key: str) -> str:
    return f"{key.lower()}-correct-horse-battery"


# --- request bodies -----------------------------------------------------------------------------

SCREENING: dict[str, Any] = {
    "red_flags": [],
    "hernia": "diagnosed",
    "seen_doctor": True,
    "flare_up": False,
    "osteochondrosis": False,
    "instructor_program": False,
}
CHECK_PAIN = 2
GO_CHECK: dict[str, Any] = {"red_flags": [], "flare_up": False, "pain": CHECK_PAIN, "reach": "back"}
POSTPONE_CHECK: dict[str, Any] = {**GO_CHECK, "flare_up": True}
RED_FLAG_CHECK: dict[str, Any] = {**GO_CHECK, "red_flags": ["saddle-numbness"]}
EXERCISE = "hands-knees-breathing"  # universal: allowed for every patient whatever the screening
PROGRAM: dict[str, Any] = {
    "name": "Morning breathing",
    "kind": "individual",
    "items": [{"exercise": EXERCISE, "reps": 8, "sets": 2, "days": ["mon", "wed", "fri"], "time": "08:30"}],
}


def start_body(check_id: int, **extra: Any) -> dict[str, Any]:
    return {"exercise": EXERCISE, "check_id": check_id, **extra}


def event_body(client_id: str, kind: str = "discomfort", plan_seconds: float = 12.5) -> dict[str, Any]:
    return {"client_id": client_id, "kind": kind, "plan_seconds": plan_seconds}


def finish_body(pain_after: int = CHECK_PAIN, outcome: str = "completed") -> dict[str, Any]:
    return {"outcome": outcome, "pain_after": pain_after, "reach_after": "back"}


# --- the clinic ---------------------------------------------------------------------------------


@dataclass
class Person:
    key: str
    email: str
    password: str
    role: Role
    user_id: int
    patient_id: int | None
    token: str = ""

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Clinic:
    client: TestClient
    people: dict[str, Person] = field(default_factory=dict)

    @property
    def sessions(self) -> sessionmaker[Session]:
        factory: sessionmaker[Session] = self.client.app.state.sessions  # type: ignore[attr-defined]
        return factory

    @property
    def engine(self) -> Engine:
        engine: Engine = self.sessions.kw["bind"]
        return engine

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    def __getitem__(self, key: str) -> Person:
        return self.people[key]

    @property
    def pid(self) -> int:
        """P's patient id."""
        patient_id = self.people["P"].patient_id
        assert patient_id is not None
        return patient_id

    def call(
        self,
        who: str | None,
        method: str,
        path: str,
        json: Any = None,
        headers: dict[str, str] | None = None,
        content: bytes | None = None,
    ) -> httpx.Response:
        """A request as `who` (None: anonymous), by Bearer token only: no cookie rides along."""
        self.client.cookies.clear()
        sent = dict(headers or {})
        if who is not None:
            sent.update(self.people[who].auth)
        if content is not None:
            sent.setdefault("content-type", "application/json")
            answer = self.client.request(method, API + path, content=content, headers=sent)
        else:
            answer = self.client.request(method, API + path, json=json, headers=sent)
        self.client.cookies.clear()
        return answer

    def get(self, who: str | None, path: str) -> httpx.Response:
        return self.call(who, "GET", path)

    def post(self, who: str | None, path: str, json: Any = None) -> httpx.Response:
        return self.call(who, "POST", path, json)

    def ok(self, who: str | None, method: str, path: str, json: Any = None) -> Any:
        """The JSON answer of a request that must succeed."""
        answer = self.call(who, method, path, json)
        assert answer.status_code < 300, f"{method} {path} as {who}: {answer.status_code} {answer.text}"
        return answer.json() if answer.content else None

    def login(self, email: str, password: str) -> httpx.Response:
        return self.call(None, "POST", "/auth/login", {"email": email, "password": password})

    def new_token(self, key: str) -> str:
        """One more login for a person (their other logins stay valid)."""
        person = self.people[key]
        answer = self.login(person.email, person.password)
        assert answer.status_code == 200, answer.text
        token: str = answer.json()["token"]
        return token

    # P's records, by the API
    def check(self, body: dict[str, Any] = GO_CHECK, who: str = "P") -> int:
        check_id: int = self.ok(who, "POST", f"/patients/{self.pid}/checks", body)["id"]
        return check_id

    def start(self, check_id: int, who: str = "P", **extra: Any) -> int:
        body = start_body(check_id, **extra)
        session_id: int = self.ok(who, "POST", f"/patients/{self.pid}/sessions", body)["id"]
        return session_id


def build_clinic(client: TestClient) -> Clinic:
    """Five accounts made by the services, each logged in through the API."""
    clinic = Clinic(client)
    uow = clinic.uow()
    now = datetime.now(UTC)
    for key, (email, role, name) in PEOPLE.items():
        info = accounts.create_user(uow, email, role, name, password_of(key), now)
        clinic.people[key] = Person(key, email, password_of(key), role, info.id, info.patient_id)
    for patient, instructor in INSTRUCTOR_OF.items():
        accounts.assign_instructor(uow, PEOPLE[patient][0], PEOPLE[instructor][0])
    for key in PEOPLE:
        clinic.people[key].token = clinic.new_token(key)
    return clinic


@dataclass(frozen=True)
class History:
    check_id: int  # a `go` check, fresh for the next hour
    session_id: int  # an open session with one event
    finished_session_id: int  # a finished session whose pain rise raised an alert
    alert_id: int  # that pain-rise alert


def give_history(clinic: Clinic) -> History:
    """P's screening, I's program, a check, a finished session with a pain-rise alert, an open
    session with an event, and pain, activity and treatment entries."""
    pid = clinic.pid
    clinic.ok("P", "POST", f"/patients/{pid}/screenings", SCREENING)
    clinic.ok("I", "POST", f"/patients/{pid}/programs", PROGRAM)
    check_id = clinic.check()
    finished = clinic.start(check_id)
    follow = clinic.ok(
        "P", "POST", f"/patients/{pid}/sessions/{finished}/finish", finish_body(CHECK_PAIN + 2)
    )
    assert follow["alert_instructor"], follow
    alerts = clinic.ok("I", "GET", f"/patients/{pid}/alerts")
    alert_id = next(a["id"] for a in alerts if a["kind"] == "pain-rise")
    session_id = clinic.start(check_id)
    clinic.ok("P", "POST", f"/patients/{pid}/sessions/{session_id}/events", event_body("history-1"))
    clinic.ok("P", "POST", f"/patients/{pid}/pain", {"score": 3, "reach": "buttock", "note": "morning"})
    clinic.ok("P", "POST", f"/patients/{pid}/activities", {"activity": "walking", "minutes": 40})
    clinic.ok(
        "P", "POST", f"/patients/{pid}/treatments", {"kind": "physiotherapy", "started_on": "2026-10-01"}
    )
    return History(check_id, session_id, finished, alert_id)


# --- the database, read directly ----------------------------------------------------------------

# Rows that a refused request may legitimately add: its audit row, and the bookkeeping of logins.
NOT_SNAPSHOTTED = frozenset({"audit_log", "login_sessions", "login_failures"})


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table that holds accounts or clinical data, in primary key order."""
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
            if table.name not in NOT_SNAPSHOTTED
        }


def changed_tables(
    before: dict[str, list[tuple[Any, ...]]], after: dict[str, list[tuple[Any, ...]]]
) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def migrated_database(kind: str, folder: Path, request: pytest.FixtureRequest) -> str:
    """A migrated database URL of the kind the `database_url` fixture makes (for wider scopes)."""
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'clinic.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server").new_database()
    engine = engine_for(url)
    upgrade(engine)
    engine.dispose()
    return url


def problem_text(answer: httpx.Response) -> str:
    """The error and every problem's field and message, lower-cased, to look for a field's name."""
    body = answer.json()
    parts = [str(body.get("error", ""))]
    parts += [f"{p.get('field', '')} {p.get('message', '')}" for p in body.get("problems", [])]
    return " | ".join(parts).lower()
