"""The page catalogs: up to date with the texts of the templates and pages, and complete in Russian."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from spinecoach.web.domain_texts import domain_messages
from spinecoach.web.i18n import as_language, compile_catalog, from_accept_language, po_path

ROOT = Path(__file__).resolve().parents[2]


def test_the_po_files_are_up_to_date_and_every_text_has_its_russian() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_check_compares_messages_not_the_header_babel_writes() -> None:
    from scripts import i18n

    po = po_path("ru").read_bytes()
    other_babel = re.sub(rb"Generated-By: Babel [^\\]+", b"Generated-By: Babel 99.1.0", po)
    other_babel = re.sub(
        rb"POT-Creation-Date: [^\\]+", b"POT-Creation-Date: 2031-01-01 00:00+0000", other_babel
    )
    assert other_babel != po
    assert i18n.messages(other_babel, "ru") == i18n.messages(po, "ru")
    changed = po.replace('msgstr "Войти"'.encode(), 'msgstr "Вход"'.encode(), 1)
    assert changed != po
    assert i18n.messages(changed, "ru") != i18n.messages(po, "ru")


def test_the_catalogs_compile_and_translate_page_and_domain_texts() -> None:
    ru = compile_catalog("ru")
    assert ru.gettext("Log in") == "Войти"
    for text in domain_messages():
        assert ru.gettext(text) != text, text
    assert compile_catalog("en").gettext("Log in") == "Log in"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ru-RU,ru;q=0.9,en-US;q=0.8", "ru"),
        ("en-GB,en;q=0.9,ru;q=0.8", "en"),
        ("de-DE,de;q=0.9,ru;q=0.5,en;q=0.4", "ru"),  # the first we speak, by weight
        ("fr, en;q=0.1, ru;q=0.2", "ru"),
        ("ru;q=0, en", "en"),  # q=0 means "not this one"
        ("de", None),
        ("", None),
        ("ru;q=abc", None),
    ],
)
def test_the_language_follows_the_browsers_weights(header: str, expected: str | None) -> None:
    assert from_accept_language(header) == expected


def test_language_tags_are_read_loosely_but_only_ours_are_accepted() -> None:
    assert as_language("RU") == as_language("ru_RU") == "ru"
    assert as_language("english") is None
