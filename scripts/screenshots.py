"""Screenshots of the main pages, at phone and desktop width, from the running app.

Builds a fresh demo clinic in a temporary SQLite file, starts `spinecoach serve` on it, and drives
Debian's Chromium (Playwright with `executable_path`; never a downloaded browser) through the
patient's and the instructor's pages. The pictures go to docs/screenshots/ as NAME-phone.png and
NAME-desktop.png; the README shows some of them.

    .venv/bin/python scripts/screenshots.py            # all pages
    .venv/bin/python scripts/screenshots.py today desk # only these

A page that answers 404 (not built in this version) is left out with a note.
"""

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the browser tests' helpers: the demo database, Chromium, the server process
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, log_in, make_demo_database  # noqa: E402
from tests.browser.test_session import pass_the_check  # noqa: E402
from tests.support.server import ServerProcess  # noqa: E402

from spinecoach.services import accounts, demo  # noqa: E402
from spinecoach.store.database import open_server_database  # noqa: E402
from spinecoach.store.unit_of_work import UnitOfWork  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
WIDTHS: dict[str, Any] = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
PATIENT = "anna@demo.spinecoach.org"


@dataclass(frozen=True)
class Clinic:
    base: str
    patient_id: int


@dataclass(frozen=True)
class Shot:
    """One page: who looks at it, and how to get there from a logged-in page."""

    name: str
    who: str
    open: Callable[[Any, Clinic], None]


def _goto(path: str) -> Callable[[Any, Clinic], None]:
    def open_(page: Any, clinic: Clinic) -> None:
        answer = page.goto(clinic.base + path.format(patient=clinic.patient_id))
        if answer is not None and answer.status == 404:
            raise LookupError(path)

    return open_


def _guided_session(page: Any, clinic: Clinic) -> None:
    """The pre-session check answered as a calm day, then the session a few breaths in."""
    _goto("/patients/{patient}/today")(page, clinic)
    pass_the_check(page, pain=2)
    page.get_by_role("button", name="Begin").click()
    page.wait_for_timeout(12_000)  # past getting into position: the pacer shows a breath
    page.evaluate("window.scrollTo(0, 0)")  # Begin moved the focus, and the view, to the stop button


SHOTS = [
    Shot("login", "nobody", _goto("/login")),
    Shot("today", PATIENT, _goto("/patients/{patient}/today")),
    Shot("check", PATIENT, _goto("/patients/{patient}/check")),
    Shot("journal", PATIENT, _goto("/patients/{patient}/journal")),
    Shot("questionnaire", PATIENT, _goto("/patients/{patient}/questionnaires/odi")),
    Shot("help", PATIENT, _goto("/help")),
    Shot("desk", demo.INSTRUCTOR, _goto("/desk")),
    Shot("desk-patient", demo.INSTRUCTOR, _goto("/desk/patients/{patient}")),
    Shot("program-builder", demo.INSTRUCTOR, _goto("/desk/patients/{patient}/program")),
    Shot("session", PATIENT, _guided_session),
]


@contextmanager
def demo_clinic(folder: Path) -> Iterator[Clinic]:
    url = make_demo_database(folder)
    sessions = open_server_database(url)
    patient = accounts.find_user(UnitOfWork(sessions), PATIENT).patient_id
    sessions.kw["bind"].dispose()
    assert patient is not None
    server = ServerProcess(url, folder / "server.log")
    try:
        yield Clinic(f"http://127.0.0.1:{server.port}", patient)
    finally:
        server.stop()


def take(shots: list[Shot], clinic: Clinic, executable: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        for shot in shots:  # the guided session last: it leaves a session open in the journal
            for width, viewport in WIDTHS.items():
                context = browser.new_context(viewport=viewport, locale="en-GB")
                page = context.new_page()
                page.set_default_timeout(10_000)
                if shot.who != "nobody":
                    log_in(page, clinic.base, shot.who)
                try:
                    shot.open(page, clinic)
                except LookupError as missing:
                    print(f"  {shot.name}: {missing} answers 404 in this version; left out")
                    context.close()
                    continue
                target = OUT / f"{shot.name}-{width}.png"
                page.screenshot(path=str(target))  # what the screen shows, not the whole page
                written.append(target)
                print(f"  {target.relative_to(ROOT)}")
                context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "names", nargs="*", help=f"pages to take (default: all): {', '.join(s.name for s in SHOTS)}"
    )
    args = parser.parse_args()
    unknown = set(args.names) - {s.name for s in SHOTS}
    if unknown:
        parser.error(f"no such page: {', '.join(sorted(unknown))}")
    chromium = chromium_path()
    if chromium is None:
        raise SystemExit("Debian's chromium is needed: apt-get install -y chromium")
    shots = [s for s in SHOTS if not args.names or s.name in args.names]
    with tempfile.TemporaryDirectory() as folder, demo_clinic(Path(folder)) as clinic:
        written = take(shots, clinic, chromium)
    print(f"{len(written)} screenshots in {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
