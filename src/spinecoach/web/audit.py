"""The audit trail: one row for every access to patient data and every refused access.

Written after the answer is known, so the row carries the real outcome. Only the public catalog,
health and documentation routes are left out.
"""

import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from fastapi import FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool

from spinecoach.domain.accounts import Actor
from spinecoach.store.tables import AuditRow
from spinecoach.store.unit_of_work import UnitOfWork
from spinecoach.web import errors

log = logging.getLogger("spinecoach.web")

UNAUDITED = (
    "/api/v1/exercises",
    "/api/v1/activities",
    "/api/v1/health",
    "/api/v1/docs",
    "/api/v1/openapi",
)  # public
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def outcome(status: int) -> str:
    if status in (401, 403):
        return "denied"
    if status >= 500:
        return "failed"
    if status >= 400:
        return "rejected"
    return "allowed"


def should_audit(path: str, status: int) -> bool:
    if status in (401, 403):
        return True
    return path.startswith("/api/v1/") and not path.startswith(UNAUDITED)


def install(app: FastAPI) -> None:
    @app.middleware("http")
    async def audit_and_request_id(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        incoming = request.headers.get("x-request-id", "")
        request.state.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        try:
            if await has_nul(request):
                response: Response = errors.answer(
                    request, 422, "the request contains a NUL character, which no field accepts"
                )
            else:
                response = await call_next(request)
        except Exception:
            log.exception("unexpected error in request %s", request.state.request_id)
            response = errors.answer(request, 500, errors.UNEXPECTED)
        response.headers["X-Request-ID"] = request.state.request_id
        if should_audit(request.url.path, response.status_code):
            await run_in_threadpool(write, request, response.status_code)
        return response


async def has_nul(request: Request) -> bool:
    """NUL characters are refused everywhere: PostgreSQL cannot store them in text."""
    if "%00" in request.url.query or "%00" in request.url.path:
        return True
    if request.method in ("POST", "PUT", "PATCH"):
        body = await request.body()
        return b"\\u0000" in body or b"\x00" in body
    return False


def write(request: Request, status: int) -> None:
    actor: Actor | None = getattr(request.state, "actor", None)
    route = request.scope.get("route")
    action = (
        f"{request.method} {'/api/v1' + route.path.removeprefix('/api/v1') if route else request.url.path}"
    )
    uow = UnitOfWork(request.app.state.sessions)
    with uow:
        uow.audit.append(
            AuditRow(
                at=datetime.now(UTC),
                actor_id=actor.user_id if actor else None,
                actor_role=actor.role.value if actor else "anonymous",
                patient_id=getattr(request.state, "audit_patient", None),
                action=action[:200],
                outcome=outcome(status),
                status=status,
                request_id=request.state.request_id,
            )
        )
        uow.commit()
