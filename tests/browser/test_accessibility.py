"""axe-core's WCAG 2.2 A and AA rules on every page a person can reach, as the demo clinic's patient,
instructor and admin, in English and in Russian (the browser's Accept-Language), each page at a
phone's and at a desktop's width. One browser context per role and language keeps it quick."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from spinecoach.services import demo
from tests.browser.accessibility import violations_of
from tests.browser.conftest import DESKTOP, PAGE_TIMEOUT_MS, PHONE, DemoServer, make_demo_database
from tests.support.server import ServerProcess

PATIENT = demo.PATIENTS[0][0]
LOCALES = {"en": "en-GB", "ru": "ru-RU"}
SUBMIT = "main form button[type=submit].primary"
# The first answer of every group of radio buttons in the page's main form.
FIRST_OF_EACH_GROUP = """() => {
  const names = new Set([...document.querySelectorAll('main input[type=radio]')].map((r) => r.name));
  names.forEach((n) => document.querySelector(`main input[type=radio][name="${n}"]`).click());
}"""


class Walk:
    """A page of one context, and what axe-core found on each state of it at both widths."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base, self.found = page, base, {}

    def goto(self, path: str, label: str | None = None) -> None:
        answer = self.page.goto(self.base + path)
        assert answer is not None and answer.status < 500, path
        self.check(label or path)

    def after(self, label: str, action: Callable[[], None]) -> None:
        action()
        self.check(label)

    def check(self, label: str) -> None:
        for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
            self.page.set_viewport_size(size)
            found = violations_of(self.page)
            if found:
                self.found[f"{label} [{name}]"] = found
        self.page.set_viewport_size(PHONE)

    def report(self) -> str:
        return "\n".join(f"{where}:\n  " + "\n  ".join(lines) for where, lines in self.found.items())


Opener = Callable[[DemoServer], Walk]


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """One demo clinic for the tests that change nothing a later test sees (starting a server is
    most of this file's time); the patient's walk, which does, has a fresh one of its own."""
    folder = tmp_path_factory.mktemp("clinic")
    url = make_demo_database(folder)
    server = ServerProcess(url, folder / "server.log")
    try:
        yield DemoServer(f"http://127.0.0.1:{server.port}", url, server)
    finally:
        server.stop()


@pytest.fixture(params=list(LOCALES), ids=list(LOCALES))
def open_walk(browser: Any, request: pytest.FixtureRequest) -> Iterator[Opener]:
    """Opens the walk on a server: one browser context in the language of the test's parameter."""
    context = browser.new_context(viewport=PHONE, locale=LOCALES[request.param])

    def opened(server: DemoServer) -> Walk:
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        return Walk(page, server.base)

    yield opened
    context.close()


def log_in(walk: Walk, email: str, password: str = demo.DEMO_PASSWORD) -> None:
    """Log in whatever the language (the form's fields by name, not by their translated labels)."""
    walk.page.goto(walk.base + "/login")
    walk.page.locator("#email").fill(email)
    walk.page.locator("#password").fill(password)
    with walk.page.expect_navigation():
        walk.page.locator(SUBMIT).click()


def submit(walk: Walk) -> None:
    with walk.page.expect_navigation():
        walk.page.locator(SUBMIT).first.click()


def fill_the_check(walk: Walk, red_flag: bool = False) -> None:
    if red_flag:
        walk.page.locator("input[name=red_flags]").first.check()
    walk.page.locator("input[name=flare_up][value=no]").check()
    walk.page.locator("input[name=pain][value='3']").check()
    walk.page.locator("input[name=reach]").first.check()
    submit(walk)


def test_the_login_and_error_pages_are_accessible(open_walk: Opener, clinic: DemoServer) -> None:
    walk = open_walk(clinic)
    walk.goto("/login")
    walk.after("login with a wrong password", lambda: log_in(walk, PATIENT, "not-the-password"))
    walk.goto("/help")
    other = walk.page.locator("form.language button:not([aria-current])")
    walk.after("help after the language switch", lambda: click_and_wait(walk, other))
    walk.goto("/no-such-page", "a 404 page")
    assert not walk.found, walk.report()


def test_the_patients_pages_are_accessible(open_walk: Opener, demo_server: DemoServer) -> None:
    walk = open_walk(demo_server)
    pid = demo_server.patient_id(PATIENT)
    log_in(walk, PATIENT)
    for path in ("today", "journal", "questionnaires/odi", "questionnaires/startback"):
        walk.goto(f"/patients/{pid}/{path}")
        if path.startswith("questionnaires"):
            walk.after(f"{path} sent with nothing answered", lambda: submit(walk))
            walk.page.evaluate(FIRST_OF_EACH_GROUP)
            walk.after(f"{path}'s result", lambda: submit(walk))
    walk.goto(f"/patients/{pid}/check")
    walk.after("the check with nothing answered", lambda: submit(walk))
    walk.goto(f"/patients/{pid}/check")
    walk.after("the session before Begin", lambda: fill_the_check(walk))
    walk.after("the running session", lambda: click_and_see(walk, "#begin", "#sharp"))
    walk.after("the session paused", lambda: click_and_see(walk, "#pause", "#resume"))
    click_and_see(walk, "#resume", "#sharp")
    walk.after("the session after a stop", lambda: click_and_see(walk, "#sharp", "#exit-panel"))
    walk.after("the session's answer saved", lambda: save_the_pain_after(walk))
    walk.goto(f"/patients/{pid}/check")
    walk.after("the check's result, a warning sign", lambda: fill_the_check(walk, red_flag=True))
    walk.goto(f"/patients/{pid}/journal")
    calendar = walk.page.locator("form[action$='/calendar'] button")
    walk.after("a new calendar link", lambda: click_and_wait(walk, calendar))
    walk.goto("/desk", "the desk, forbidden to a patient")
    assert not walk.found, walk.report()


def click_and_see(walk: Walk, button: str, shown: str) -> None:
    walk.page.locator(button).click()
    walk.page.locator(shown).wait_for()


def save_the_pain_after(walk: Walk) -> None:
    walk.page.locator("#after-form input[name=pain_after][value='3']").check()
    walk.page.locator("#after-form input[name=reach_after]").first.check()
    click_and_see(walk, "#after-form button[type=submit]", "#result-panel")


def click_and_wait(walk: Walk, button: Any) -> None:
    with walk.page.expect_navigation():
        button.click()


@pytest.mark.parametrize("who", [demo.INSTRUCTOR, demo.ADMIN], ids=["instructor", "admin"])
def test_the_desk_pages_are_accessible(open_walk: Opener, clinic: DemoServer, who: str) -> None:
    walk = open_walk(clinic)
    pid = clinic.patient_id(PATIENT)
    log_in(walk, who)
    walk.goto("/desk")
    walk.goto(f"/desk/patients/{pid}")
    walk.goto(f"/desk/patients/{pid}/program")
    if walk.page.locator("#builder").count():  # the admin, not the patient's instructor, has none
        check = walk.page.locator("#builder button[value=check]:not([aria-hidden])")
        walk.after("the program builder's check", lambda: click_and_wait(walk, check))
    walk.goto(f"/patients/{pid}/today", "a patient's own page, forbidden to the desk")
    walk.goto("/help")
    assert not walk.found, walk.report()
