"""Page languages: gettext catalogs compiled from the `.po` files at start-up, and the choice of language.

The `.po` files under `web/locale/` are the only source; nothing binary is committed. Each app compiles
them in memory when it is built (a few milliseconds), so a fresh clone, an editable install and a wheel
all serve the same texts.
"""

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from starlette.requests import Request

from spinecoach.domain.text import LANGUAGES, Language

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
LANGUAGE_COOKIE = "spinecoach_lang"
DEFAULT_LANGUAGE: Language = "en"

Gettext = Callable[[str], str]


def po_path(language: Language) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalog(language: Language) -> Translations:
    """Read one `.po` file and compile it to a gettext catalog in memory (fuzzy entries are left out)."""
    with po_path(language).open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def load_translations() -> dict[Language, Translations]:
    return {language: compile_catalog(language) for language in LANGUAGES}


def as_language(value: str | None) -> Language | None:
    """'ru', 'ru-RU' or 'RU' is Russian; anything we have no catalog for is None."""
    if not value:
        return None
    primary = value.strip().split("-")[0].split("_")[0].lower()
    for language in LANGUAGES:
        if primary == language:
            return language
    return None


def from_accept_language(header: str) -> Language | None:
    """The first language of the header we speak, by the weights the browser gave (RFC 9110 12.5.4)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        weighted.append((-weight, position, tag))
    for negative_weight, _, tag in sorted(weighted):
        language = as_language(tag)
        if language is not None and negative_weight < 0:
            return language
    return None


def choose_language(request: Request) -> Language:
    """The language cookie (set by the switch) wins; then the browser's Accept-Language; then English."""
    return (
        as_language(request.cookies.get(LANGUAGE_COOKIE))
        or from_accept_language(request.headers.get("accept-language", ""))
        or DEFAULT_LANGUAGE
    )


def gettext_for(request: Request) -> Gettext:
    """The translating function of this request's language, for texts made in page code: `_ = gettext_for(request)`."""
    translations: dict[Language, Translations] = request.app.state.translations
    return translations[choose_language(request)].gettext
