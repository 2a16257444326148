"""Protection against cross-site request forgery for the pages and for the API calls they make.

A browser sends the login cookie with every request, including one that another site makes it send.
So every unsafe request (POST, PUT, PATCH, DELETE) that a cookie could authenticate must also carry a
token that only our own pages know: an HMAC of the login token with the server's secret key, in the
form field `csrf_token` or the `X-CSRF-Token` header (OWASP CSRF Prevention Cheat Sheet, "signed
double-submit cookie"). Before logging in, the token is made from a random `spinecoach_csrf` cookie
instead, so the login and language forms are protected too.

Requests that carry `Authorization: Bearer` are not checked: a browser never adds that header on its
own, so scripts and the API's own clients are unaffected. The JSON login and logout are left out
as well: logging in by JSON issues the token, and a forged logout only logs a person out.
"""

import hashlib
import hmac
import secrets
from urllib.parse import parse_qs

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from spinecoach.web import errors
from spinecoach.web.asgi_body import buffer_body
from spinecoach.web.i18n import gettext_for
from spinecoach.web.login import COOKIE, sends_bearer

ANON_COOKIE = "spinecoach_csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
API_PREFIX = "/api/"
UNCHECKED_API = frozenset({"/api/v1/auth/login", "/api/v1/auth/logout"})


def token_for(secret_key: str, cookie_value: str, kind: str) -> str:
    return hmac.new(secret_key.encode(), f"{kind}:{cookie_value}".encode(), hashlib.sha256).hexdigest()


def new_anonymous_value() -> str:
    return secrets.token_urlsafe(32)


def expected_token(request: Request, anonymous_value: str | None = None) -> str | None:
    """The token this browser's cookies call for: from the login cookie, else the anonymous one."""
    secret: str = request.app.state.settings.effective_secret
    login = request.cookies.get(COOKIE)
    if login:
        return token_for(secret, login, "login")
    anonymous = anonymous_value or request.cookies.get(ANON_COOKIE)
    return token_for(secret, anonymous, "anonymous") if anonymous else None


def needs_check(request: Request) -> bool:
    if request.method not in UNSAFE:
        return False
    path = request.url.path
    if not path.startswith(API_PREFIX):
        return True  # every page form
    if path in UNCHECKED_API or sends_bearer(request):
        return False
    return COOKIE in request.cookies  # only a cookie can make the browser act on its own


def csrf_token_sent(request: Request, body: bytes) -> str:
    """The CSRF token the request carries, in its header or its form ("" without one)."""
    header = request.headers.get(HEADER)
    if header:
        return header
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        fields = parse_qs(body.decode("utf-8", "replace"))
        return (fields.get(FIELD) or [""])[0]
    return ""


def refusal(request: Request) -> Response:
    message = "the request did not carry this page's security token; reload the page and try again"
    if request.url.path.startswith(API_PREFIX):
        return errors.answer(request, 403, message)
    _ = gettext_for(request)
    text = _("This form has expired or did not come from spinecoach. Go back, reload the page and try again.")
    body = f'<!doctype html><meta charset="utf-8"><title>403</title><p role="alert">{text}</p><p><a href="/">spinecoach</a></p>'
    return HTMLResponse(body, status_code=403)


class CsrfMiddleware:
    """A plain ASGI wrapper (no task or stream per request, unlike BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            if needs_check(request):
                body, receive = await buffer_body(receive)
                expected = expected_token(request)
                sent = csrf_token_sent(request, body or b"")
                if expected is None or not hmac.compare_digest(expected.encode(), sent.encode()):
                    await refusal(request)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_middleware(CsrfMiddleware)
