"""The login a request carries: its token, the two ways it travels, and the cookie that holds it.

Scripts send the token as `Authorization: Bearer`; a browser gets it in an HttpOnly cookie when it
logs in (by the login page or by POST /api/v1/auth/login) and sends it back with every request. An
HTTP request and a camera socket's handshake are read the same way (both are an `HTTPConnection`).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from starlette.requests import HTTPConnection
from starlette.responses import Response

from spinecoach.domain.accounts import Actor
from spinecoach.services import accounts
from spinecoach.services.tokens import new_token, token_hash
from spinecoach.settings import Settings
from spinecoach.store.unit_of_work import UnitOfWork

COOKIE = "spinecoach_session"


def sends_bearer(connection: HTTPConnection) -> bool:
    """Whether the token comes in an `Authorization: Bearer` header (which no browser adds itself)."""
    return connection.headers.get("authorization", "").lower().startswith("bearer ")


def login_token(connection: HTTPConnection) -> str | None:
    """The login token: from an `Authorization: Bearer` header for scripts, else the login cookie."""
    if sends_bearer(connection):
        return connection.headers["authorization"][7:].strip() or None
    return connection.cookies.get(COOKIE) or None


def login_hash(connection: HTTPConnection) -> str | None:
    """The token's keyed hash, as the logins table keeps it (None: no token was sent)."""
    token = login_token(connection)
    if token is None:
        return None
    settings: Settings = connection.app.state.settings
    return token_hash(settings.effective_secret, token)


@dataclass(frozen=True)
class NewLogin:
    token: str
    lifetime: timedelta


def start_login(connection: HTTPConnection, uow: UnitOfWork, actor: Actor) -> NewLogin:
    """Open a new login for a user whose password was checked, ending the one this browser or script
    had (a new token every time); the rest of the request is theirs."""
    settings: Settings = connection.app.state.settings
    end_login(connection, uow)
    token = new_token()
    lifetime = timedelta(hours=settings.login_hours)
    hashed = token_hash(settings.effective_secret, token)
    accounts.open_login(uow, actor.user_id, hashed, datetime.now(UTC), lifetime)
    connection.state.actor = actor
    return NewLogin(token, lifetime)


def end_login(connection: HTTPConnection, uow: UnitOfWork) -> None:
    """End the login this request carries, if it carries one."""
    hashed = login_hash(connection)
    if hashed is not None:
        accounts.end_login(uow, hashed)


def set_login_cookie(response: Response, login: NewLogin, settings: Settings) -> None:
    """The cookie the browser sends the token back in: HttpOnly, for the whole site, as long as the login."""
    response.set_cookie(
        COOKIE,
        login.token,
        max_age=int(login.lifetime.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )


def clear_login_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/")
