"""Letting a camera connection in: who opens it, may they, on which session, and its audit row.

The handshake is checked like a write to the session: the login token (the cookie, whose page must
come from this server by the `Origin` header, since no CSRF token can ride on a handshake; or an
`Authorization: Bearer` header for scripts), the rule `is_own_record` (only the patient themself),
and a session of this patient that is not finished. One audit row is written per connection, with
its outcome. The connection itself is `web/posture_socket.py`.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket

from spinecoach.domain.access import is_own_record
from spinecoach.domain.accounts import Actor
from spinecoach.domain.audit import audit_values
from spinecoach.domain.errors import Conflict, NotFound
from spinecoach.domain.posture.targets import CameraPosture
from spinecoach.domain.text import Language
from spinecoach.services import accounts, posture_live
from spinecoach.store.unit_of_work import UnitOfWork
from spinecoach.web.i18n import DEFAULT_LANGUAGE, LANGUAGE_COOKIE, as_language, from_accept_language
from spinecoach.web.login import login_hash, sends_bearer

log = logging.getLogger("spinecoach.web")

ACTION = "WEBSOCKET /api/v1/patients/{patient_id}/sessions/{session_id}/posture"


class Code(IntEnum):
    """Close codes: the WebSocket standard ones, and 4000 + the HTTP status for a refusal."""

    NORMAL = 1000
    POLICY = 1008  # a message the protocol does not allow
    TOO_BIG = 1009
    TRY_LATER = 1013
    NOT_LOGGED_IN = 4401
    FORBIDDEN = 4403
    NOT_FOUND = 4404
    FINISHED = 4409
    NO_CAMERA_CHECK = 4422
    UNAVAILABLE = 4503


@dataclass(frozen=True)
class Refusal(Exception):
    status: int  # the HTTP status the audit row records
    code: Code
    reason: str  # at most 123 bytes: the limit of a close frame


@dataclass
class Admitted:
    actor: Actor
    exercise: str
    posture: CameraPosture
    language: Language


def same_origin(origin: str | None, host: str | None) -> bool:
    """The page that opens the socket is served by this server (the browser sets Origin itself)."""
    if not origin or not host:
        return False
    return urlsplit(origin).netloc.lower() == host.lower()


def admit(ws: WebSocket, patient_id: int, session_id: int, seen: dict[str, Any]) -> Admitted:
    """Who asks, may they, and which camera check: raises Refusal. Runs in a worker thread."""
    hashed = login_hash(ws)  # read as an HTTP request's login is (web/login.py)
    if hashed is None:
        raise Refusal(401, Code.NOT_LOGGED_IN, "log in first")
    if not sends_bearer(ws) and not same_origin(ws.headers.get("origin"), ws.headers.get("host")):
        raise Refusal(403, Code.FORBIDDEN, "the page must come from this server (Origin)")
    state = ws.app.state
    uow = UnitOfWork(state.sessions)
    actor, patient = accounts.actor_and_patient(uow, hashed, patient_id, datetime.now(UTC))
    if actor is None:
        raise Refusal(401, Code.NOT_LOGGED_IN, "log in first")
    seen["actor"] = actor
    # Only the person themself: the camera watches their own body in their home, and the consent to
    # that is theirs alone (an instructor may record a session for them, but never watch it).
    if patient is None or not is_own_record(actor, patient):
        raise Refusal(
            403, Code.FORBIDDEN, "you may not do this for this patient (or there is no such patient)"
        )
    try:
        exercise_id = posture_live.camera_session(uow, patient_id, session_id)
    except NotFound:
        raise Refusal(404, Code.NOT_FOUND, f"there is no session {session_id} for this patient") from None
    except Conflict:
        raise Refusal(409, Code.FINISHED, f"session {session_id} is already finished") from None
    exercise = state.catalog.exercise(exercise_id)
    posture = next((p.camera for p in exercise.key_postures if p.camera is not None), None)
    if posture is None:
        raise Refusal(422, Code.NO_CAMERA_CHECK, f"{exercise_id} has no camera check")
    language = (
        as_language(ws.cookies.get(LANGUAGE_COOKIE))
        or from_accept_language(ws.headers.get("accept-language", ""))
        or DEFAULT_LANGUAGE
    )
    return Admitted(actor, exercise_id, posture, language)


async def audit_connection(ws: WebSocket, actor: Actor | None, patient_id: int, status: int) -> None:
    """The audit row of one camera connection (refused, opened or closed at once), with its outcome."""
    row = audit_values(
        at=datetime.now(UTC),
        actor=actor,
        action=ACTION,
        patient_id=patient_id if actor else None,  # as the HTTP guards: known once someone is logged in
        status=status,
        request_id=uuid.uuid4().hex,
    )
    try:
        await run_in_threadpool(posture_live.record_access, UnitOfWork(ws.app.state.sessions), row)
    except Exception:
        log.exception("could not store the audit row of a camera connection")
        raise
