"""How the access matrix walks its table, reads the app's routes and guards, and judges the audit rows."""

from dataclasses import dataclass
from typing import Any

import fastapi.routing
import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant

from spinecoach.domain import access
from spinecoach.domain.audit import AuditRecord
from spinecoach.web.deps import public, require_actor
from tests.integration.access_matrix_table import (
    ANON,
    BODIES,
    CALENDAR_FEED,
    DOCS_PATHS,
    FINISH,
    LOGGED_IN,
    LOGIN,
    LOGOUT,
    PUBLIC,
    UNAUDITED,
    Context,
    Route,
)
from tests.integration.api_support import (
    API,
    changed_tables,
    snapshot,
)


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


def fail_listing(what: str, mismatches: list[str]) -> None:
    if mismatches:
        pytest.fail(f"{len(mismatches)} {what}:\n" + "\n".join(mismatches), pytrace=False)


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
