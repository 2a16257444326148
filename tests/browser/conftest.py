"""Browser tests: the real server in its own process on a temporary SQLite file with the demo clinic,
driven by Playwright in Debian's Chromium (never a downloaded browser).

Without Chromium (or Playwright) these tests are skipped with a loud reason, unless
SPINECOACH_REQUIRE_CHROMIUM=1 (CI sets it), which turns the skip into a failure.
"""

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from spinecoach.catalog import default_catalog
from spinecoach.services import accounts, demo
from spinecoach.store.database import engine_for, open_server_database, upgrade
from spinecoach.store.unit_of_work import UnitOfWork
from tests.support.server import ServerProcess

REQUIRE = "SPINECOACH_REQUIRE_CHROMIUM"
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser")
# Flags that keep Chromium from reaching out to the network at start (closed here) and let it run as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# How long an action or an expectation waits for its condition: a deadline for a busy machine, not a
# speed goal (those are in bench/). Playwright returns as soon as the condition holds.
PAGE_TIMEOUT_MS = 30_000


def unavailable(reason: str) -> None:
    message = f"BROWSER TESTS NOT RUN: {reason}. Install Debian's chromium (apt-get install -y chromium)."
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{message} ({REQUIRE}=1 makes this a failure)", pytrace=False)
    pytest.skip(message)


def chromium_path() -> str | None:
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        unavailable("no chromium on PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass(frozen=True)
class DemoServer:
    base: str
    database_url: str
    process: ServerProcess

    def patient_id(self, email: str) -> int:
        sessions = open_server_database(self.database_url)
        try:
            found = accounts.find_user(UnitOfWork(sessions), email).patient_id
        finally:
            sessions.kw["bind"].dispose()
        assert found is not None
        return found


def make_demo_database(folder: Path) -> str:
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    engine = engine_for(url)
    upgrade(engine)
    engine.dispose()
    sessions = open_server_database(url)
    demo.create_demo(UnitOfWork(sessions), default_catalog(), datetime.now(UTC))
    sessions.kw["bind"].dispose()
    return url


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[DemoServer]:
    """The real server (`spinecoach serve`) on a fresh SQLite file holding the demo clinic."""
    url = make_demo_database(tmp_path)
    server = ServerProcess(url, tmp_path / "server.log")
    try:
        yield DemoServer(f"http://127.0.0.1:{server.port}", url, server)
    finally:
        server.stop()


@pytest.fixture(params=[PHONE], ids=["phone"])
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context (no cookies) with an English browser, phone-sized unless a test asks
    for `desktop_page`."""
    context = browser.new_context(viewport=request.param, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    yield page
    context.close()


def log_in(page: Any, base: str, email: str, password: str = demo.DEMO_PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    # Wait for the page the form's answer brings (Today, or the login page again with its error):
    # wait_for_load_state() alone can return before that navigation has even begun.
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


@pytest.fixture
def camera_page(browser: Any, camera_video: Path) -> Iterator[Any]:
    """A phone-sized page in a Chromium of its own whose camera plays `camera_video` (a .y4m or
    .mjpeg file the test writes: it provides the fixture) and grants camera access without asking."""
    fake_camera = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={camera_video}",
    ]
    chromium = browser.browser_type.launch(
        executable_path=chromium_path(), headless=True, args=[*CHROMIUM_ARGS, *fake_camera]
    )
    context = chromium.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    yield page
    context.close()
    chromium.close()
