"""Logging in and out, the language switch, the help page, and `/`, which sends each role home."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from spinecoach.domain.accounts import Actor, Role
from spinecoach.services import accounts
from spinecoach.web.deps import SettingsDep, UoW, now, optional_actor, public
from spinecoach.web.i18n import LANGUAGE_COOKIE, as_language, gettext_for
from spinecoach.web.login import clear_login_cookie, end_login, set_login_cookie, start_login
from spinecoach.web.pages.rendering import render

router = APIRouter(include_in_schema=False)
MaybeActor = Annotated[Actor | None, Depends(optional_actor)]
LANGUAGE_COOKIE_DAYS = 365
DESK = "/desk"  # the instructor's pages start here


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an address elsewhere (an open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def home_of(uow: UoW, actor: Actor) -> str:
    if actor.role == Role.PATIENT:
        patient_id = accounts.user_info(uow, actor.user_id).patient_id
        return f"/patients/{patient_id}/today"
    return DESK


@router.get("/", dependencies=[Depends(public)])
def root(actor: MaybeActor, uow: UoW) -> Response:
    """Each role has a home page; someone not logged in goes to the login page."""
    return RedirectResponse("/login" if actor is None else home_of(uow, actor), status_code=303)


@router.get("/login", dependencies=[Depends(public)])
def login_page(request: Request, actor: MaybeActor, next: str = "/") -> Response:
    return render(request, "login.html", {"next": safe_next(next), "email": "", "error": None})


@router.post("/login", dependencies=[Depends(public)])
def login(
    request: Request,
    uow: UoW,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """The same login as POST /api/v1/auth/login: a new token in the HttpOnly cookie."""
    _ = gettext_for(request)
    try:
        user = accounts.authenticate(uow, email, password, now())
    except accounts.TooManyAttempts:
        error, status = _("Too many failed logins. Please wait 15 minutes and try again."), 429
    except accounts.BadCredentials:
        error, status = _("The email or the password is wrong."), 401
    else:
        actor = Actor(user.id, user.role)
        login = start_login(request, uow, actor)
        target = safe_next(next)
        response = RedirectResponse(home_of(uow, actor) if target == "/" else target, status_code=303)
        set_login_cookie(response, login, settings)
        return response
    context = {"next": safe_next(next), "email": email, "error": error}
    return render(request, "login.html", context, status_code=status)


@router.post("/logout", dependencies=[Depends(public)])
def logout(request: Request, uow: UoW) -> Response:
    """End this login (when there is one) and go back to the login page."""
    end_login(request, uow)
    response = RedirectResponse("/login", status_code=303)
    clear_login_cookie(response)
    return response


@router.post("/language", dependencies=[Depends(public)])
def switch_language(
    request: Request,
    settings: SettingsDep,
    language: Annotated[str, Form(max_length=10)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Remember the chosen language in a cookie and go back to the page the switch was on."""
    chosen = as_language(language)
    response = RedirectResponse(safe_next(next), status_code=303)
    if chosen is not None:
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=LANGUAGE_COOKIE_DAYS * 24 * 3600,
            samesite="lax",
            secure=settings.cookie_secure,
            path="/",
        )
    return response


@router.get("/help", dependencies=[Depends(public)])
def help_page(request: Request, actor: MaybeActor) -> Response:
    """How to stop safely and when to get help: reachable from every page, without logging in."""
    return render(request, "help.html")
