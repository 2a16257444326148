"""Rendering a page: one Jinja2 environment per language, and the context every template gets."""

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from babel.support import Translations
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from spinecoach import __version__
from spinecoach.domain.accounts import Actor
from spinecoach.domain.session_rules import PAUSE_LIFTED, PROGRAM_PAUSED
from spinecoach.domain.text import Language, Text
from spinecoach.web import csrf
from spinecoach.web.i18n import choose_language

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def in_language(text: Text, language: Language) -> str:
    return text.in_(language)


@dataclass(frozen=True)
class PageEnvironments:
    """A template environment per language, each with its gettext catalog installed (`_`, `gettext`)."""

    by_language: dict[Language, Environment]

    @classmethod
    def build(cls, translations: dict[Language, Translations]) -> "PageEnvironments":
        loader = FileSystemLoader(TEMPLATES)
        environments: dict[Language, Environment] = {}
        for language, catalog in translations.items():
            env = Environment(
                loader=loader,
                autoescape=select_autoescape(["html"]),
                extensions=["jinja2.ext.i18n"],
                trim_blocks=True,
                lstrip_blocks=True,
            )
            env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
            env.filters["loc"] = partial(in_language, language=language)  # catalog texts: {{ x.name|loc }}
            env.globals.update(PROGRAM_PAUSED=PROGRAM_PAUSED, PAUSE_LIFTED=PAUSE_LIFTED)  # said in two pages
            environments[language] = env
        return cls(environments)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render a template in the request's language with the page basics: who is asking, the CSRF
    token for forms and fetch calls, the language, and the path (for the language switch to return to)."""
    language = choose_language(request)
    environments: PageEnvironments = request.app.state.pages
    anonymous_value = None
    if csrf.expected_token(request) is None:  # a first visit: make the anonymous token's cookie now
        anonymous_value = csrf.new_anonymous_value()
    actor: Actor | None = getattr(request.state, "actor", None)
    base = {
        "request": request,
        "lang": language,
        "actor": actor,
        "csrf_token": csrf.expected_token(request, anonymous_value),
        "here": request.url.path,
        "version": __version__,
    }
    body = environments.by_language[language].get_template(template).render({**base, **(context or {})})
    response = HTMLResponse(body, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"  # pages carry patient data: never keep them in caches
    if anonymous_value is not None:
        settings = request.app.state.settings
        response.set_cookie(
            csrf.ANON_COOKIE,
            anonymous_value,
            httponly=True,
            samesite="lax",
            secure=settings.cookie_secure,
            path="/",
        )
    return response
