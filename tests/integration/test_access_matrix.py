"""The access matrix: every route x method x actor, with the status each actor must get.

Actors: anonymous, P (a patient of instructor I), Q (another patient, of instructor J), I, J and A (an
admin who instructs nobody). Every path parameter names P's things: patient_id is P's patient,
session_id P's open session (the finish route gets a fresh open session of P's for every attempt, so
that each allowed actor has one to finish), alert_id P's pain-rise alert, user_id P's account and
exercise_id hands-knees-breathing. Writes carry a valid body, so an allowed actor gets the success
status and a refused one 401 or 403, never a 422.

Two routes need a decision:
- POST /auth/login is public: each actor posts their own email and password (anonymous posts P's)
  without a token, and everyone gets 200.
- POST /auth/logout is for any logged-in user: each actor logs out a second login of their own, so
  that their main token keeps working for the rest of the table.

The clinic is built once per database (hashing passwords and logging in is slow); the table is then
walked once, and the tests below judge what came back, each listing every mismatch.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import fastapi.routing
import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.testclient import TestClient

from spinecoach.domain import access
from spinecoach.domain.audit import AuditRecord
from spinecoach.web.app import create_app
from spinecoach.web.deps import public, require_actor
from tests.conftest import server_settings
from tests.integration.api_support import (
    API,
    GO_CHECK,
    PROGRAM,
    SCREENING,
    Clinic,
    History,
    build_clinic,
    changed_tables,
    event_body,
    finish_body,
    give_history,
    migrated_database,
    snapshot,
    start_body,
)

ANON = "anonymous"
ACTORS = (ANON, "P", "Q", "I", "J", "A")
Statuses = dict[str, int]


def s(anonymous: int, p: int, q: int, i: int, j: int, a: int) -> Statuses:
    """Expected statuses, in the order: anonymous, P, Q, I, J, A."""
    return dict(zip(ACTORS, (anonymous, p, q, i, j, a), strict=True))


# The guard each route declares: `public`, any logged-in user (the plain CurrentActor dependency), or
# the name of the access rule in spinecoach.domain.access that its patient_guard or actor_guard applies.
PUBLIC = "public"
LOGGED_IN = "any logged-in user"
READ = access.can_read_patient.__name__
RECORD = access.can_record_for_patient.__name__
PRESCRIBE = access.can_prescribe.__name__
ACCOUNTS = access.can_manage_accounts.__name__
ALERTS = access.can_see_alerts.__name__
LIST = access.can_list_patients.__name__
EXPORT = access.can_export_own_patients.__name__

PATIENT_RULES = {READ, RECORD, PRESCRIBE}  # rules of patient_guard; the others are actor_guard rules

Route = tuple[str, str]  # (method, path under /api/v1)

# fmt: off
TABLE: dict[Route, tuple[str, Statuses]] = {
    #                                                                  anon    P    Q    I    J    A
    # accounts
    ("POST", "/auth/login"):                                   (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    ("POST", "/auth/logout"):                                  (LOGGED_IN, s(401, 204, 204, 204, 204, 204)),
    ("GET", "/me"):                                            (LOGGED_IN, s(401, 200, 200, 200, 200, 200)),
    ("GET", "/users"):                                         (ACCOUNTS, s(401, 403, 403, 403, 403, 200)),
    ("POST", "/users"):                                        (ACCOUNTS, s(401, 403, 403, 403, 403, 201)),
    ("PATCH", "/users/{user_id}"):                             (ACCOUNTS, s(401, 403, 403, 403, 403, 200)),
    ("POST", "/assignments"):                                  (ACCOUNTS, s(401, 403, 403, 403, 403, 204)),
    # the catalog
    ("GET", "/health"):                                        (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    ("GET", "/exercises"):                                     (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    ("GET", "/exercises/{exercise_id}"):                       (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    ("GET", "/exercises/{exercise_id}/plan"):                  (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    ("GET", "/activities"):                                    (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    # patients, screening, checks, clearances, alerts, the audit trail
    ("GET", "/patients"):                                      (LIST, s(401, 200, 200, 200, 200, 200)),
    ("GET", "/patients/{patient_id}"):                         (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/screenings"):             (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("GET", "/patients/{patient_id}/screenings"):              (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/checks"):                 (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("POST", "/patients/{patient_id}/clearances"):             (PRESCRIBE, s(401, 403, 403, 201, 403, 403)),
    ("GET", "/patients/{patient_id}/alerts"):                  (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/alerts/{alert_id}/acknowledge"):
                                                               (PRESCRIBE, s(401, 403, 403, 200, 403, 403)),
    ("GET", "/alerts"):                                        (ALERTS, s(401, 403, 403, 200, 200, 200)),
    ("GET", "/audit"):                                         (ACCOUNTS, s(401, 403, 403, 403, 403, 200)),
    # programs
    ("GET", "/patients/{patient_id}/programs"):                (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/programs/review"):        (PRESCRIBE, s(401, 403, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/programs"):               (PRESCRIBE, s(401, 403, 403, 201, 403, 403)),
    # sessions
    ("GET", "/patients/{patient_id}/sessions"):                (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/sessions"):               (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("GET", "/patients/{patient_id}/sessions/{session_id}"):   (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/sessions/{session_id}/events"):
                                                               (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("POST", "/patients/{patient_id}/sessions/{session_id}/finish"):
                                                               (RECORD, s(401, 200, 403, 200, 403, 403)),
    # pain, activity and treatment entries
    ("GET", "/patients/{patient_id}/pain"):                    (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/pain"):                   (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("GET", "/patients/{patient_id}/activities"):              (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/activities"):             (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("GET", "/patients/{patient_id}/treatments"):              (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/treatments"):             (RECORD, s(401, 201, 403, 201, 403, 403)),
    # questionnaires and progress (issue 5)
    ("GET", "/patients/{patient_id}/questionnaires"):          (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/questionnaires/odi"):     (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("POST", "/patients/{patient_id}/questionnaires/startback"):
                                                               (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("GET", "/patients/{patient_id}/questionnaires/responses"):
                                                               (READ, s(401, 200, 403, 200, 403, 403)),
    ("PUT", "/patients/{patient_id}/questionnaires/schedule"): (PRESCRIBE, s(401, 403, 403, 200, 403, 403)),
    ("GET", "/patients/{patient_id}/progress"):                (READ, s(401, 200, 403, 200, 403, 403)),
    # reports and exports (issue 5); the feed comes before a new link would replace its token
    ("GET", "/patients/{patient_id}/report.pdf"):              (READ, s(401, 200, 403, 200, 403, 403)),
    ("GET", "/patients/{patient_id}/export.json"):             (READ, s(401, 200, 403, 200, 403, 403)),
    ("GET", "/patients/{patient_id}/export.csv"):              (READ, s(401, 200, 403, 200, 403, 403)),
    ("GET", "/patients/{patient_id}/export.fhir.json"):        (READ, s(401, 200, 403, 200, 403, 403)),
    ("GET", "/exports/patients.json"):                         (EXPORT, s(401, 403, 403, 200, 200, 200)),
    ("GET", "/exports/patients.csv"):                          (EXPORT, s(401, 403, 403, 200, 200, 200)),
    ("GET", "/calendar/{token}.ics"):                          (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    ("POST", "/patients/{patient_id}/calendar"):               (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("DELETE", "/patients/{patient_id}/calendar"):             (RECORD, s(401, 200, 403, 200, 403, 403)),
}
# fmt: on

# Routes that are neither audited nor guarded: the public catalog and health. (Login is audited.)
# The calendar feed is public but is an export of one patient's data: it is audited with that patient.
CALENDAR_FEED = ("GET", "/calendar/{token}.ics")
UNAUDITED = {
    route
    for route, (guard, _) in TABLE.items()
    if guard == PUBLIC and route not in (("POST", "/auth/login"), CALENDAR_FEED)
}
# The documentation routes FastAPI adds are not part of the table.
DOCS_PATHS = {f"{API}/openapi.json", f"{API}/docs", f"{API}/docs/oauth2-redirect"}


@dataclass(frozen=True)
class Context:
    clinic: Clinic
    history: History
    calendar_token: str = ""  # P's secret calendar link


Body = Callable[[str, Context], Any]


def credentials(actor: str, ctx: Context) -> dict[str, str]:
    person = ctx.clinic["P" if actor == ANON else actor]
    return {"email": person.email, "password": person.password}


# A valid body for every write; an actor-dependent one where a second success would clash.
BODIES: dict[Route, Body] = {
    ("POST", "/auth/login"): credentials,
    ("POST", "/users"): lambda actor, _: {
        "email": f"new-{actor.lower()}@example.org",
        "display_name": f"Made by {actor}",
        "role": "patient",
        "password": "a-long-enough-password",
    },
    ("PATCH", "/users/{user_id}"): lambda *_: {"active": True},  # P stays active for the rest of the walk
    ("POST", "/assignments"): lambda _, ctx: {
        "patient_email": ctx.clinic["P"].email,
        "instructor_email": ctx.clinic["I"].email,
    },
    ("POST", "/patients/{patient_id}/screenings"): lambda *_: SCREENING,
    ("POST", "/patients/{patient_id}/checks"): lambda *_: GO_CHECK,
    ("POST", "/patients/{patient_id}/clearances"): lambda *_: {"note": "Seen by Dr Ivanova on 2 Dec"},
    ("POST", "/patients/{patient_id}/programs/review"): lambda *_: PROGRAM,
    ("POST", "/patients/{patient_id}/programs"): lambda *_: PROGRAM,
    ("POST", "/patients/{patient_id}/sessions"): lambda _, ctx: start_body(ctx.history.check_id),
    ("POST", "/patients/{patient_id}/sessions/{session_id}/events"): lambda actor, _: event_body(
        f"matrix-{actor}"
    ),
    ("POST", "/patients/{patient_id}/sessions/{session_id}/finish"): lambda *_: finish_body(),
    ("POST", "/patients/{patient_id}/pain"): lambda *_: {"score": 4, "reach": "thigh", "note": "after work"},
    ("POST", "/patients/{patient_id}/activities"): lambda *_: {"activity": "swimming", "minutes": 30},
    ("POST", "/patients/{patient_id}/treatments"): lambda *_: {"kind": "massage"},
    ("POST", "/patients/{patient_id}/questionnaires/odi"): lambda *_: {
        "sections": [2, 1, 3, 2, 1, 0, 2, 1, 2, 1]
    },
    ("POST", "/patients/{patient_id}/questionnaires/startback"): lambda *_: {
        "items": ["agree", "disagree", "disagree", "agree", "disagree", "agree", "disagree", "disagree"],
        "bother": "moderately",
    },
    ("PUT", "/patients/{patient_id}/questionnaires/schedule"): lambda *_: {"interval_weeks": 6},
}
FINISH = ("POST", "/patients/{patient_id}/sessions/{session_id}/finish")
LOGIN = ("POST", "/auth/login")
LOGOUT = ("POST", "/auth/logout")


# --- the clinic, once per database --------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def clinic_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """An app on a fresh migrated database, shared by this module's tests (SQLite, then PostgreSQL)."""
    url = migrated_database(request.param, tmp_path_factory.mktemp("matrix"), request)
    app = create_app(server_settings(url))
    yield app
    app.state.sessions.kw["bind"].dispose()


@pytest.fixture(scope="module")
def context(clinic_app: FastAPI) -> Iterator[Context]:
    with TestClient(clinic_app, base_url="http://testserver") as client:
        clinic = build_clinic(client)
        history = give_history(clinic)
        token = clinic.ok("P", "POST", f"/patients/{clinic.pid}/calendar")["token"]
        yield Context(clinic, history, token)


@dataclass(frozen=True)
class Attempt:
    method: str
    template: str
    actor: str
    expected: int
    got: int
    body: str
    request_id: str
    changed: tuple[str, ...]  # tables whose rows differ after the request

    @property
    def route(self) -> Route:
        return (self.method, self.template)

    def describe(self) -> str:
        return (
            f"{self.method} {API}{self.template} as {self.actor}: expected {self.expected}, "
            f"got {self.got} {self.body[:300]}"
        )


def path_ids(route: Route, ctx: Context) -> dict[str, object]:
    session_id = ctx.history.session_id
    if route == FINISH:  # every attempt finishes a fresh open session, so each allowed actor has one
        session_id = ctx.clinic.start(ctx.history.check_id)
    return {
        "patient_id": ctx.clinic.pid,
        "session_id": session_id,
        "alert_id": ctx.history.alert_id,
        "user_id": ctx.clinic["P"].user_id,
        "exercise_id": "hands-knees-breathing",
        "token": ctx.calendar_token,
    }


def attempt(route: Route, actor: str, expected: int, number: int, ctx: Context) -> Attempt:
    clinic = ctx.clinic
    method, template = route
    path = template.format(**path_ids(route, ctx))
    body = BODIES[route](actor, ctx) if route in BODIES else None
    request_id = f"matrix-{number:04d}"
    headers = {"X-Request-ID": request_id}
    if route == LOGOUT and actor != ANON:
        headers["Authorization"] = f"Bearer {clinic.new_token(actor)}"
    who = None if route in (LOGIN, LOGOUT) or actor == ANON else actor
    before = snapshot(clinic.engine)
    answer = clinic.call(who, method, path, body, headers)
    changed = tuple(changed_tables(before, snapshot(clinic.engine)))
    return Attempt(method, template, actor, expected, answer.status_code, answer.text, request_id, changed)


@pytest.fixture(scope="module")
def walk(context: Context) -> list[Attempt]:
    """Every route, as every actor; refused actors go first, so that nothing allowed before them
    (an acknowledged alert, a finished session) could hide a write that should have been refused."""
    attempts = []
    for route, (_, statuses) in TABLE.items():
        order = sorted(ACTORS, key=lambda actor: (statuses[actor] < 400, ACTORS.index(actor)))
        for actor in order:
            attempts.append(attempt(route, actor, statuses[actor], len(attempts) + 1, context))
    return attempts


def fail_listing(what: str, mismatches: list[str]) -> None:
    if mismatches:
        pytest.fail(f"{len(mismatches)} {what}:\n" + "\n".join(mismatches), pytrace=False)


# --- the table covers the app, and each route declares one guard ---------------------------------


def flat_routes(app: FastAPI) -> list[Any]:
    """The app's routes with their full paths and dependencies. FastAPI 0.165 keeps an included
    router as one node of `app.routes` and offers `iter_route_contexts` to see through it; older
    versions copy every route into `app.routes` with its prefix."""
    iterate = getattr(fastapi.routing, "iter_route_contexts", None)
    return list(iterate(app.routes)) if iterate else list(app.routes)


def app_routes(app: FastAPI) -> set[Route]:
    found = set()
    for route in flat_routes(app):
        path: str = getattr(route, "path", "") or ""
        if not path.startswith(API + "/") or path in DOCS_PATHS:
            continue
        for method in getattr(route, "methods", None) or ():
            if method not in ("HEAD", "OPTIONS"):
                found.add((method, path.removeprefix(API)))
    return found


def test_the_table_names_every_route_of_the_app_and_no_other(clinic_app: FastAPI) -> None:
    in_app = app_routes(clinic_app)
    missing = sorted(in_app - TABLE.keys())
    extra = sorted(TABLE.keys() - in_app)
    problems = [f"{m} {API}{p}: a route with no expectation in TABLE; add its row" for m, p in missing]
    problems += [f"{m} {API}{p}: in TABLE, but the app has no such route" for m, p in extra]
    fail_listing("differences between the access table and the app's routes", problems)
    assert len(in_app) == len(TABLE) > 30


def declared_guards(dependant: Dependant) -> list[str]:
    """The guards among a route's own dependencies (FastAPI puts router-level ones there too)."""
    found = []
    for dependency in dependant.dependencies:
        call = dependency.call
        rule = getattr(call, "rule", None)
        if call is public:
            found.append(PUBLIC)
        elif call is require_actor:
            found.append(LOGGED_IN)
        elif rule is not None:
            kind = "patient_guard" if "patient_guard" in getattr(call, "__qualname__", "") else "actor_guard"
            assert rule.__module__ == access.__name__, f"{rule} is not an access rule of {access.__name__}"
            found.append(f"{kind}:{rule.__name__}")
    return found


def test_every_route_declares_exactly_the_one_guard_in_the_table(clinic_app: FastAPI) -> None:
    """By introspection: each route depends on exactly one of `public`, the plain CurrentActor (only
    /me and /auth/logout: any logged-in user), or one patient_guard/actor_guard with its rule."""
    problems = []
    checked = 0
    for route in flat_routes(clinic_app):
        dependant: Dependant | None = getattr(route, "dependant", None)
        path: str = getattr(route, "path", "") or ""
        if dependant is None or not path.startswith(API + "/"):
            continue
        for method in getattr(route, "methods", None) or ():
            key = (method, path.removeprefix(API))
            if key not in TABLE:
                continue  # reported by the test above
            checked += 1
            guards = declared_guards(dependant)
            wanted = TABLE[key][0]
            if wanted in PATIENT_RULES:
                wanted = f"patient_guard:{wanted}"
            elif wanted not in (PUBLIC, LOGGED_IN):
                wanted = f"actor_guard:{wanted}"
            if guards != [wanted]:
                problems.append(
                    f"{method} {path}: declares {guards or 'no guard'}, the table says [{wanted}]"
                )
            if "{patient_id}" in path and not wanted.startswith("patient_guard:"):
                problems.append(f"{method} {path}: a route on one patient's records without a patient_guard")
    fail_listing("routes whose guard is not the one expected", problems)
    assert checked == len(TABLE)
    logged_in = sorted(f"{m} {p}" for (m, p), (guard, _) in TABLE.items() if guard == LOGGED_IN)
    assert logged_in == ["GET /me", "POST /auth/logout"]


# --- the walk -----------------------------------------------------------------------------------


def test_every_route_answers_every_actor_as_the_table_says(walk: list[Attempt]) -> None:
    assert len(walk) == len(TABLE) * len(ACTORS)
    fail_listing("answers that differ from the table", [a.describe() for a in walk if a.got != a.expected])


def test_anonymous_gets_401_on_every_route_that_is_not_public(walk: list[Attempt]) -> None:
    wrong = [a.describe() for a in walk if a.actor == ANON and TABLE[a.route][0] != PUBLIC and a.got != 401]
    fail_listing("non-public routes that did not answer anonymous with 401", wrong)


def test_a_refused_request_stores_nothing(walk: list[Attempt]) -> None:
    refused = [a for a in walk if a.got in (401, 403)]
    assert len(refused) > 100
    fail_listing(
        "refused requests that changed stored data",
        [f"{a.describe()} changed {', '.join(a.changed)}" for a in refused if a.changed],
    )


def audit_rows(context: Context) -> dict[str, list[AuditRecord]]:
    with context.clinic.uow() as uow:
        rows = uow.audit.rows(limit=1_000_000)
    by_request: dict[str, list[AuditRecord]] = {}
    for row in rows:
        by_request.setdefault(row.request_id, []).append(row)
    return by_request


def audit_problems(a: Attempt, rows: list[AuditRecord], context: Context) -> list[str]:
    if a.route in UNAUDITED:
        return [f"{len(rows)} audit rows for the public catalog"] if rows else []
    if len(rows) != 1:
        return [f"{len(rows)} audit rows, expected exactly one"]
    row = rows[0]
    clinic = context.clinic
    if a.route == LOGIN:
        person = clinic["P" if a.actor == ANON else a.actor]  # who logged in: the credentials' owner
    elif a.route == CALENDAR_FEED:
        person = None  # no login: the link is the key
    else:
        person = None if a.actor == ANON else clinic[a.actor]
    expected = {
        "outcome": "denied" if a.got in (401, 403) else "allowed",
        "status": a.got,
        "action": f"{a.method} {API}{a.template}",
        "actor_role": person.role.value if person else "anonymous",
        "actor_id": person.user_id if person else None,
    }
    # An anonymous caller is refused before the patient guard runs, so no patient is recorded then.
    if ("{patient_id}" in a.template and person is not None) or a.route == CALENDAR_FEED:
        expected["patient_id"] = clinic.pid
    return [
        f"{name} is {getattr(row, name)!r}, expected {value!r}"
        for name, value in expected.items()
        if getattr(row, name) != value
    ]


def test_every_refused_access_writes_one_denied_audit_row(walk: list[Attempt], context: Context) -> None:
    rows = audit_rows(context)
    problems = [
        f"{a.describe()}: {problem}"
        for a in walk
        if a.got in (401, 403)
        for problem in audit_problems(a, rows.get(a.request_id, []), context)
    ]
    fail_listing("refused requests without their one denied audit row", problems)


def test_every_allowed_access_outside_the_catalog_writes_one_allowed_audit_row(
    walk: list[Attempt], context: Context
) -> None:
    rows = audit_rows(context)
    problems = [
        f"{a.describe()}: {problem}"
        for a in walk
        if a.got < 400
        for problem in audit_problems(a, rows.get(a.request_id, []), context)
    ]
    fail_listing("allowed requests whose audit is wrong", problems)


# --- what the allowed lists show ----------------------------------------------------------------


def test_another_patient_posting_pain_for_p_is_refused_and_ps_pain_list_is_unchanged(
    context: Context,
) -> None:
    clinic = context.clinic
    path = f"/patients/{clinic.pid}/pain"
    before = clinic.ok("P", "GET", path)
    answer = clinic.post("Q", path, {"score": 9, "reach": "foot", "note": "not mine to write"})
    assert answer.status_code == 403, answer.text
    assert answer.json()["error"]
    assert clinic.ok("P", "GET", path) == before
    assert all(entry["note"] != "not mine to write" for entry in clinic.ok("I", "GET", path))


def test_the_patient_list_and_the_alert_inbox_show_each_actor_only_their_own(context: Context) -> None:
    clinic = context.clinic
    patients_seen = {
        actor: sorted(p["id"] for p in clinic.ok(actor, "GET", "/patients"))
        for actor in ("P", "Q", "I", "J", "A")
    }
    p, q = clinic.pid, clinic["Q"].patient_id
    assert patients_seen == {"P": [p], "Q": [q], "I": [p], "J": [q], "A": []}
    alerts_seen = {
        actor: {a["patient_id"] for a in clinic.ok(actor, "GET", "/alerts?open=false")} for actor in "IJA"
    }
    assert alerts_seen == {"I": {p}, "J": set(), "A": set()}
