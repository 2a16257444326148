"""Logging in and out in a real browser, and the language switch."""

from typing import Any

from spinecoach.services import demo
from tests.browser.conftest import DemoServer, log_in

ANNA = demo.PATIENTS[0][0]


def test_a_patient_logs_in_lands_on_today_and_logs_out(page: Any, demo_server: DemoServer) -> None:
    log_in(page, demo_server.base, ANNA)
    pid = demo_server.patient_id(ANNA)
    assert page.url == f"{demo_server.base}/patients/{pid}/today"
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{demo_server.base}/login")
    page.goto(f"{demo_server.base}/patients/{pid}/today")
    assert page.url.startswith(f"{demo_server.base}/login?next=")  # the login is over


def test_a_wrong_password_says_so_and_the_language_switch_turns_the_page_russian(
    page: Any, demo_server: DemoServer
) -> None:
    log_in(page, demo_server.base, ANNA, "not-the-password")
    assert page.get_by_role("alert").inner_text() == "The email or the password is wrong."
    with page.expect_navigation():
        page.get_by_role("button", name="Русский").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Войти"
    assert page.locator("html").get_attribute("lang") == "ru"
