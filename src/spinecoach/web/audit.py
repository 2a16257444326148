"""The request wrapper: request id, the request's one transaction, and the audit trail.

One audit row for every access to patient data and every refused access. On the hot path (a write
to a patient's records) the patient guard hands the row to the request's unit of work
(`concerns_patient`), which inserts it in its own commit, so the write and its audit row are stored
together. Otherwise the row is written when the answer is known, just before it is sent, so it
carries the real outcome. Only the public catalog,
health and documentation routes (and anonymous page views) are left out.

Written as a plain ASGI middleware: Starlette's BaseHTTPMiddleware costs a task and a stream per
request. It also caps how many requests use the database at once per process, below the pool
size, so a request holding a connection never waits for a thread held by one waiting for a
connection.
"""

import asyncio
import json
import logging
import os
import re
from datetime import UTC, datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from spinecoach.domain.audit import audit_values
from spinecoach.store.audit import AuditInCommit
from spinecoach.store.unit_of_work import RequestUnitOfWork
from spinecoach.web import errors
from spinecoach.web.asgi_body import BodyTooLarge, buffer_body

log = logging.getLogger("spinecoach.web")

API = "/api/v1"
UNAUDITED = (
    "/api/v1/exercises",
    "/api/v1/activities",
    "/api/v1/health",
    "/api/v1/docs",
    "/api/v1/openapi",
)  # public
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
MAX_BODY = 1024 * 1024  # bytes: far above any form or JSON body the app takes


def should_audit(path: str, status: int, state: dict[str, Any]) -> bool:
    """Refusals always; the API but its public part; any page or route a logged-in user reached."""
    if status in (401, 403):
        return True
    if path.startswith("/api/v1/"):
        return not path.startswith(UNAUDITED)
    return state.get("actor") is not None or state.get("audit_patient") is not None


def audit_row(scope: Scope, status: int) -> dict[str, Any]:
    """The audit row's values (inserted without an ORM object: one for nearly every request)."""
    state = scope["state"]
    route = scope.get("route")
    path = getattr(route, "path", None) or scope["path"]
    if scope["path"].startswith(API) and not path.startswith(API):  # routers under the API prefix
        path = API + path
    return audit_values(
        at=datetime.now(UTC),
        actor=state.get("actor"),
        action=f"{scope['method']} {path}",
        patient_id=state.get("audit_patient"),
        status=status,
        request_id=state["request_id"],
    )


def concerns_patient(scope: Scope, patient_id: int) -> None:
    """The request reaches this patient's records (the patient guard says so): its audit row names
    them, and a write it commits is stored with that row, as the route declares its answer, in the
    same commit."""
    state = scope["state"]
    state["audit_patient"] = patient_id
    uow: RequestUnitOfWork = state["uow"]
    uow.audit_in_commit.row = audit_row(scope, _declared_status(scope))


def _declared_status(scope: Scope) -> int:
    return int(getattr(scope.get("route"), "status_code", None) or 200)


class AuditMiddleware:
    def __init__(self, app: ASGIApp, sessions: sessionmaker[Session], concurrency: int) -> None:
        self.app = app
        self.sessions = sessions
        self.concurrency = concurrency
        self._limits: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = WeakKeyDictionary()

    def _limit(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if loop not in self._limits:
            self._limits[loop] = asyncio.Semaphore(self.concurrency)
        return self._limits[loop]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        incoming = Headers(scope=scope).get("x-request-id", "")
        state["request_id"] = request_id = incoming if REQUEST_ID.match(incoming) else os.urandom(16).hex()
        refusal, receive = await _screen_body(scope, receive)
        async with self._limit():
            await self._run(scope, receive, send, state, request_id, refusal)

    async def _run(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        state: dict[str, Any],
        request_id: str,
        refusal: tuple[int, str] | None,
    ) -> None:
        in_commit = AuditInCommit()  # filled in by the patient guard (concerns_patient)
        uow = RequestUnitOfWork(self.sessions, in_commit)
        state["uow"] = uow
        started = False
        replaced = False

        async def send_with_audit(message: Message) -> None:
            nonlocal started, replaced
            if replaced:
                return
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                row = None
                if should_audit(scope["path"], status, state) and not _stored_as(in_commit, status):
                    row = audit_row(scope, status)
                try:
                    if row is None and not uow.holds_connection:
                        uow.finish()  # nothing to store and no connection to give back: no I/O
                    else:
                        await run_in_threadpool(uow.finish, row)
                except Exception:
                    log.exception("could not store the audit row of request %s", request_id)
                    replaced = True
                    await _answer(scope, send, request_id, 500, errors.UNEXPECTED)
                    return
                headers = message.get("headers", [])
                if not any(name == b"x-request-id" for name, _ in headers):  # _answer sets its own
                    message["headers"] = [*headers, (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            if refusal is not None:
                await _answer(scope, send_with_audit, request_id, *refusal)
            else:
                await self.app(scope, receive, send_with_audit)
        except Exception:
            log.exception("unexpected error in request %s", request_id)
            if started:
                raise
            await _answer(scope, send_with_audit, request_id, 500, errors.UNEXPECTED)
        finally:
            if uow.opened:  # an answer that never started (a dropped client): give the connection back
                await run_in_threadpool(uow.finish)


def _stored_as(in_commit: AuditInCommit, status: int) -> bool:
    """Whether the row stored with the request's write already says this answer."""
    return in_commit.stored is not None and in_commit.stored["status"] == status


async def _screen_body(scope: Scope, receive: Receive) -> tuple[tuple[int, str] | None, Receive]:
    """Refuse NUL characters (PostgreSQL cannot store them in text) and oversized bodies.

    The body is read here and handed on unchanged to the app."""
    if "%00" in scope.get("query_string", b"").decode("latin-1") or "\x00" in scope["path"]:
        return (422, "the request contains a NUL character, which no field accepts"), receive
    if scope["method"] not in ("POST", "PUT", "PATCH"):
        return None, receive
    try:
        body, receive = await buffer_body(receive, MAX_BODY)
    except BodyTooLarge:
        return (413, f"the request body is larger than {MAX_BODY // 1024} KiB"), receive
    form = Headers(scope=scope).get("content-type", "").startswith("application/x-www-form-urlencoded")
    if body is not None and (b"\x00" in body or b"\\u0000" in body or (form and b"%00" in body)):
        return (422, "the request contains a NUL character, which no field accepts"), receive
    return None, receive


async def _answer(scope: Scope, send: Send, request_id: str, status: int, error: str) -> None:
    body = json.dumps({"error": error, "problems": [], "request_id": request_id}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"x-request-id", request_id.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
