"""The access matrix of the web pages: every page route x caller, with the status each must get.

The callers and their clinic are those of test_access_matrix.py (P, a patient of I; Q, of J; I; J;
A, an admin who instructs nobody; anonymous). Pages are used with the login cookie, so every caller
sends its token as the cookie and, on a POST, the CSRF token of that cookie; anonymous callers have
only the anonymous CSRF cookie. A page answers a caller who is not logged in with 303 to the login
page (not 401), and a refused one with 403.
"""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from spinecoach.domain import access
from spinecoach.web import csrf
from spinecoach.web.app import create_app
from spinecoach.web.login import COOKIE
from tests.conftest import server_settings
from tests.integration.access_matrix_support import declared_guards, flat_routes
from tests.integration.access_matrix_table import ACTORS, ANON, s
from tests.integration.api_support import (
    EXERCISE,
    GO_CHECK,
    Clinic,
    History,
    build_clinic,
    changed_tables,
    give_history,
    migrated_database,
    snapshot,
)

PUBLIC, READ, RECORD = "public", access.can_read_patient.__name__, access.can_record_for_patient.__name__
PRESCRIBE, DESK = access.can_prescribe.__name__, access.can_see_alerts.__name__
ACTOR_RULES = {DESK}  # rules of actor_guard (pages on no single patient); the others are patient_guard's
Route = tuple[str, str]
LOGIN_PAGE = 303  # a page sends someone not logged in to /login
LEAK = re.compile(r"<(built-in|bound) method|object at 0x[0-9a-f]+|\bUndefined\b|\bNone\b</")

# fmt: off
TABLE: dict[Route, tuple[str, dict[str, int]]] = {
    #                                                                  anon    P    Q    I    J    A
    ("GET", "/"):                                              (PUBLIC, s(303, 303, 303, 303, 303, 303)),
    ("GET", "/login"):                                         (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    ("POST", "/login"):                                        (PUBLIC, s(303, 303, 303, 303, 303, 303)),
    ("POST", "/logout"):                                       (PUBLIC, s(303, 303, 303, 303, 303, 303)),
    ("POST", "/language"):                                     (PUBLIC, s(303, 303, 303, 303, 303, 303)),
    ("GET", "/help"):                                          (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    ("GET", "/patients/{patient_id}/today"):                   (READ, s(303, 200, 403, 200, 403, 403)),
    ("GET", "/patients/{patient_id}/check"):                   (READ, s(303, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/check"):                  (RECORD, s(303, 303, 403, 303, 403, 403)),
    ("GET", "/patients/{patient_id}/sessions/{session_id}"):   (READ, s(303, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/sessions/{session_id}/progress"):
                                                               (RECORD, s(303, 204, 403, 204, 403, 403)),
    ("GET", "/patients/{patient_id}/journal"):                 (READ, s(303, 200, 403, 200, 403, 403)),
    ("GET", "/patients/{patient_id}/questionnaires/odi"):      (READ, s(303, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/questionnaires/odi"):     (RECORD, s(303, 303, 403, 303, 403, 403)),
    ("GET", "/patients/{patient_id}/questionnaires/startback"):
                                                               (READ, s(303, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/questionnaires/startback"):
                                                               (RECORD, s(303, 303, 403, 303, 403, 403)),
    ("POST", "/patients/{patient_id}/calendar"):               (RECORD, s(303, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/calendar/revoke"):        (RECORD, s(303, 200, 403, 200, 403, 403)),
}
# fmt: off
TABLE |= {
    # the instructor's desk                                            anon    P    Q    I    J    A
    ("GET", "/desk"):                                          (DESK, s(303, 403, 403, 200, 200, 200)),
    ("GET", "/desk/patients/{patient_id}"):                    (PRESCRIBE, s(303, 403, 403, 200, 403, 403)),
    ("POST", "/desk/patients/{patient_id}/alerts/{alert_id}/acknowledge"):
                                                               (PRESCRIBE, s(303, 403, 403, 303, 403, 403)),
    ("POST", "/desk/patients/{patient_id}/schedule"):          (PRESCRIBE, s(303, 403, 403, 303, 403, 403)),
    ("GET", "/desk/patients/{patient_id}/program"):            (PRESCRIBE, s(303, 403, 403, 200, 403, 403)),
    ("POST", "/desk/patients/{patient_id}/program"):           (PRESCRIBE, s(303, 403, 403, 303, 403, 403)),
    ("GET", "/desk/patients/{patient_id}/program/item"):       (PRESCRIBE, s(303, 403, 403, 200, 403, 403)),
}
QUERY = {("GET", "/desk/patients/{patient_id}/program/item"): f"?exercise={EXERCISE}&index=1"}
DESK_PROGRAM = {
    "name": "Morning breathing", "kind": "individual", "action": "save", "items-1-exercise": EXERCISE,
    "items-1-reps": "8", "items-1-sets": "2", "items-1-rest": "30", "items-1-days": "mon", "items-1-time": "08:00",
}
# fmt: on


def body_for(route: Route, actor: str, clinic: Clinic) -> dict[str, Any] | None:
    if route == ("POST", "/login"):
        person = clinic["P" if actor == ANON else actor]
        return {"email": person.email, "password": person.password, "next": "/"}
    if route == ("POST", "/language"):
        return {"language": "ru", "next": "/help"}
    if route == ("POST", "/patients/{patient_id}/check"):
        return {
            **{k: str(v) for k, v in GO_CHECK.items() if k != "red_flags"},
            "flare_up": "no",
            "exercise": EXERCISE,
        }
    if route == ("POST", "/patients/{patient_id}/questionnaires/odi"):
        return {f"odi-{i}": "2" for i in range(1, 11)}
    if route == ("POST", "/patients/{patient_id}/questionnaires/startback"):
        return {f"sbt-{i}": "disagree" for i in range(1, 9)} | {"sbt-9": "slightly"}
    if route == ("POST", "/desk/patients/{patient_id}/schedule"):
        return {"interval_weeks": "6"}
    if route == ("POST", "/desk/patients/{patient_id}/program"):
        return DESK_PROGRAM
    return None


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def page_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    url = migrated_database(request.param, tmp_path_factory.mktemp("pages"), request)
    app = create_app(server_settings(url))
    yield app
    app.state.sessions.kw["bind"].dispose()


@pytest.fixture(scope="module")
def clinic_and_history(page_app: FastAPI) -> Iterator[tuple[Clinic, History]]:
    with TestClient(page_app, base_url="http://testserver") as client:
        clinic = build_clinic(client)
        yield clinic, give_history(clinic)


def call_page(clinic: Clinic, route: Route, actor: str, history: History) -> Any:
    method, template = route
    path = template.format(patient_id=clinic.pid, session_id=history.session_id, alert_id=history.alert_id)
    path += QUERY.get(route, "")
    client, secret = clinic.client, clinic.client.app.state.settings.effective_secret  # type: ignore[attr-defined]
    client.cookies.clear()
    if route in (("POST", "/login"),) or actor == ANON:
        anonymous = "an-anonymous-browser"
        client.cookies.set(csrf.ANON_COOKIE, anonymous)
        token = csrf.token_for(secret, anonymous, "anonymous")
    else:
        login = clinic.new_token(actor) if route == ("POST", "/logout") else clinic[actor].token
        client.cookies.set(COOKIE, login)
        token = csrf.token_for(secret, login, "login")
    headers = {"X-CSRF-Token": token}
    if route[1].endswith("/progress"):
        answer = client.request(
            method, path, json={"reps_done": 1, "sets_done": 0}, headers=headers, follow_redirects=False
        )
    elif method == "POST":
        answer = client.request(
            method, path, data=body_for(route, actor, clinic), headers=headers, follow_redirects=False
        )
    else:
        answer = client.request(method, path, follow_redirects=False)
    client.cookies.clear()
    return answer


@pytest.fixture(scope="module")
def walk(clinic_and_history: tuple[Clinic, History]) -> list[tuple[Route, str, int, int, tuple[str, ...]]]:
    clinic, history = clinic_and_history
    results = []
    for route, (_, statuses) in TABLE.items():
        for actor in sorted(ACTORS, key=lambda a: (statuses[a] < 400 and statuses[a] != LOGIN_PAGE, a)):
            before = snapshot(clinic.engine)
            answer = call_page(clinic, route, actor, history)
            changed = tuple(changed_tables(before, snapshot(clinic.engine)))
            results.append((route, actor, statuses[actor], answer.status_code, changed))
    return results


def page_routes(app: FastAPI) -> set[Route]:
    found = set()
    for route in flat_routes(app):
        path: str = getattr(route, "path", "") or ""
        if path.startswith(("/api/", "/static")) or not getattr(route, "methods", None):
            continue
        found |= {(m, path) for m in route.methods if m not in ("HEAD", "OPTIONS")}
    return found


def test_the_table_names_every_page_route_and_no_other(page_app: FastAPI) -> None:
    assert page_routes(page_app) == set(TABLE)


def test_every_page_declares_the_guard_in_the_table(page_app: FastAPI) -> None:
    problems = []
    for route in flat_routes(page_app):
        path: str = getattr(route, "path", "") or ""
        for method in getattr(route, "methods", None) or ():
            if (method, path) not in TABLE:
                continue
            wanted = TABLE[(method, path)][0]
            guard = "actor_guard" if wanted in ACTOR_RULES else "patient_guard"
            expected = [PUBLIC] if wanted == PUBLIC else [f"{guard}:{wanted}"]
            if declared_guards(route.dependant) != expected:
                problems.append(f"{method} {path}: {declared_guards(route.dependant)} != {expected}")
    assert not problems, problems


def test_every_page_answers_every_caller_as_the_table_says(walk: list[Any]) -> None:
    wrong = [
        f"{m} {p} as {actor}: expected {want}, got {got}"
        for (m, p), actor, want, got, _ in walk
        if want != got
    ]
    assert not wrong, "\n".join(wrong)
    assert len(walk) == len(TABLE) * len(ACTORS)


def test_a_refused_page_request_stores_nothing(walk: list[Any]) -> None:
    refused = [
        (r, a, changed)
        for r, a, want, got, changed in walk
        if got in (401, 403) or (got == LOGIN_PAGE and a == ANON and r[1].startswith(("/patients", "/desk")))
    ]
    desk = [x for x in refused if x[0][1].startswith("/desk")]
    assert (
        len(desk) == 3 + 6 * 5
    )  # the list x (P, Q, anonymous); 6 pages on a patient x (P, Q, J, A, anonymous)
    assert len(refused) - len(desk) == 48  # 12 patient pages x (Q, J, A, anonymous)
    assert [x for x in refused if x[2]] == []


def test_no_page_shows_a_python_object_instead_of_words(clinic_and_history: tuple[Clinic, History]) -> None:
    # e.g. a template's errors['items'] on a dict without that key gives the dict's items method
    clinic, history = clinic_and_history
    leaks = []
    for route in TABLE:
        if route[0] != "GET":
            continue
        for actor in ("P", "I", "A"):
            answer = call_page(clinic, route, actor, history)
            if answer.status_code == 200 and LEAK.search(answer.text):
                leaks.append(f"{route[1]} as {actor}: {LEAK.search(answer.text).group(0)}")  # type: ignore[union-attr]
    assert not leaks, leaks
