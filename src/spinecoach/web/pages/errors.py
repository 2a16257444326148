"""Errors on pages: a person gets a page in their language, not the API's JSON.

The API's handlers (web/errors.py) stay as they are for /api paths; for a page, 401 sends the person
to the login page and comes back afterwards, and any other refusal shows a short page that says why.
"""

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from spinecoach.domain.errors import DomainError
from spinecoach.web.errors import STATUS_OF
from spinecoach.web.i18n import gettext_for
from spinecoach.web.pages.rendering import render

Handler = Callable[[Request, Any], Response | Awaitable[Response]]


async def answered(response: Response | Awaitable[Response]) -> Response:
    return response if isinstance(response, Response) else await response


def is_page(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)


def error_page(request: Request, status: int, detail: str) -> Response:
    _ = gettext_for(request)
    titles = {
        403: _("You may not open this page"),
        404: _("There is no such page"),
        409: _("This cannot be done now"),
    }
    title = titles.get(status, _("This did not work"))
    return render(request, "error.html", {"title": title, "detail": detail}, status_code=status)


def install_page_errors(app: FastAPI) -> None:
    api_http: Handler = app.exception_handlers[HTTPException]
    api_domain: Handler = app.exception_handlers[DomainError]

    async def http(request: Request, exc: Any) -> Response:
        if not is_page(request):
            return await answered(api_http(request, exc))
        if exc.status_code == 401:
            return login_redirect(request)
        _ = gettext_for(request)
        detail = _("Your account may not see this, or it does not exist.") if exc.status_code == 403 else ""
        return error_page(request, exc.status_code, detail)

    async def domain(request: Request, exc: Any) -> Response:
        if not is_page(request):
            return await answered(api_domain(request, exc))
        status = next(code for kind, code in STATUS_OF if isinstance(exc, kind))
        return error_page(request, status, str(exc))

    app.add_exception_handler(HTTPException, http)
    app.add_exception_handler(DomainError, domain)
