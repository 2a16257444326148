"""Update the page catalogs: `python scripts/i18n.py` (then fill in the empty Russian texts).

Extracts `_()` texts from the templates and the page code with Babel, adds the domain texts pages
show (`web/domain_texts.py`), and merges them into `web/locale/{en,ru}/LC_MESSAGES/messages.po`,
keeping every translation that still has its text and dropping the rest. `--check` changes nothing
and exits 1 when a file is out of date or a Russian text is missing. It compares the messages (texts,
translations, flags, comments), never the header Babel writes, so a new Babel release that writes
`Generated-By` or wraps lines its own way does not make a file "out of date".
"""

import sys
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "src" / "spinecoach" / "web"
sys.path.insert(0, str(ROOT / "src"))

from spinecoach.domain.text import LANGUAGES  # noqa: E402
from spinecoach.web.domain_texts import domain_messages  # noqa: E402
from spinecoach.web.i18n import po_path  # noqa: E402

# Fixed, so that the files change only when their texts do.
DATE = datetime(2026, 11, 23, tzinfo=UTC)
HEADER = {
    "project": "spinecoach",
    "version": "0.1",
    "copyright_holder": "the spinecoach authors",
    "msgid_bugs_address": "",
    "last_translator": "the spinecoach authors",
    "charset": "utf-8",
    "creation_date": DATE,
    "revision_date": DATE,
}

METHODS = [("templates/**.html", "jinja2"), ("pages/**.py", "python"), ("*.py", "python")]
OPTIONS = {
    "templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
}


def template_catalog() -> Catalog:
    catalog = Catalog(**HEADER)  # type: ignore[arg-type]
    for filename, lineno, message, comments, _context in extract_from_dir(
        str(WEB), METHODS, options_map=OPTIONS, keywords={"_": None, "gettext": None}
    ):
        catalog.add(message, locations=[(filename, lineno)], auto_comments=comments)
    for text in domain_messages():
        catalog.add(
            text,
            locations=[("domain_texts.py", 0)],
            auto_comments=["a text of the domain (web/domain_texts.py)"],
        )
    return catalog


def rendered(catalog: Catalog) -> bytes:
    out = BytesIO()
    write_po(out, catalog, width=110, omit_header=False, sort_output=True, no_location=True)
    return out.getvalue()


def updated(language: str, template: Catalog) -> Catalog:
    path = po_path(language)  # type: ignore[arg-type]
    if path.exists():
        with path.open("rb") as po:
            catalog = read_po(po, locale=language)
    else:
        catalog = Catalog(locale=language, **HEADER)  # type: ignore[arg-type]
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    catalog.revision_date = DATE
    catalog.language_team = f"{language} <>"
    return catalog


def messages(po: bytes, language: str) -> list[tuple[object, ...]]:
    """What a catalog says, without its header: one entry per message, in a fixed order."""
    catalog = read_po(BytesIO(po), locale=language)
    return sorted(
        (
            repr(m.id),
            repr(m.string),
            m.context or "",
            tuple(sorted(m.flags)),
            tuple(m.auto_comments),
            tuple(m.user_comments),
        )
        for m in catalog
        if m.id
    )


def main(check: bool) -> int:
    template = template_catalog()
    problems = []
    for language in LANGUAGES:
        catalog = updated(language, template)
        path = po_path(language)
        new = rendered(catalog)
        if language == "ru":
            problems += [f"ru: no translation for {m.id!r}" for m in catalog if m.id and not m.string]
        if check:
            if not path.exists() or messages(path.read_bytes(), language) != messages(new, language):
                problems.append(f"{path.relative_to(ROOT)} is out of date: run python scripts/i18n.py")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(new)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
