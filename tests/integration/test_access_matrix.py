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
walked once, and the tests below judge what came back, each listing every mismatch. The table is in
access_matrix_table.py, the walk and the judging helpers in access_matrix_support.py.
"""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.testclient import TestClient

from spinecoach.web.app import create_app
from tests.conftest import server_settings
from tests.integration.access_matrix_support import (
    Attempt,
    app_routes,
    attempt,
    audit_problems,
    audit_rows,
    declared_guards,
    fail_listing,
    flat_routes,
)
from tests.integration.access_matrix_table import (
    ACTORS,
    ANON,
    LOGGED_IN,
    PATIENT_RULES,
    PUBLIC,
    TABLE,
    Context,
)
from tests.integration.api_support import (
    API,
    build_clinic,
    give_history,
    migrated_database,
)

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


# --- the table covers the app, and each route declares one guard ---------------------------------


def test_the_table_names_every_route_of_the_app_and_no_other(clinic_app: FastAPI) -> None:
    in_app = app_routes(clinic_app)
    missing = sorted(in_app - TABLE.keys())
    extra = sorted(TABLE.keys() - in_app)
    problems = [f"{m} {API}{p}: a route with no expectation in TABLE; add its row" for m, p in missing]
    problems += [f"{m} {API}{p}: in TABLE, but the app has no such route" for m, p in extra]
    fail_listing("differences between the access table and the app's routes", problems)
    assert len(in_app) == len(TABLE) > 30


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
