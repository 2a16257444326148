"""The patient's guided session in a real browser, with Playwright controlling the page's clock."""

import json
from typing import Any

from spinecoach.services import demo
from tests.browser.conftest import DemoServer, log_in

ANNA, BORIS, CLARA = (email for email, _, _ in demo.PATIENTS)
EXERCISE = "On hands and knees, belly breathing"


def pass_the_check(page: Any, pain: int = 3) -> None:
    page.get_by_role("link", name=f"Start: {EXERCISE}").click()
    page.get_by_role("heading", name="Before the session").wait_for()
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_role("radio", name=f"Pain {pain} of 10").check()
    page.get_by_role("radio", name="Back only").check()
    page.get_by_role("button", name="Check and begin").click()
    page.get_by_role("button", name="Begin").wait_for()


def plan_of(page: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.locator("#session-data").text_content())
    return data["plan"]


def test_a_patient_checks_in_runs_a_session_stops_for_sharp_pain_and_sees_it_in_the_journal(
    page: Any, demo_server: DemoServer
) -> None:
    page.clock.install()
    log_in(page, demo_server.base, ANNA)
    pass_the_check(page)
    plan = plan_of(page)
    first_inhale = next(s for s in plan["steps"] if s["kind"] == "inhale")
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    page.get_by_role("button", name="Begin").click()
    page.clock.run_for(int(first_inhale["start"] * 1000) + 500)
    assert page.locator("#phase-label").inner_text() == "Breathe in"
    assert page.locator("#pacer").get_attribute("data-phase") == "inhale"
    assert page.locator("#rep-counter").inner_text() == f"Repetition 1 of {plan['reps']}"
    page.clock.run_for(20_000)  # into the second breath
    assert page.locator("#rep-counter").inner_text() == f"Repetition 2 of {plan['reps']}"

    page.get_by_role("button", name="Sharp pain – stop").click()
    exit_panel = page.get_by_role("region", name="How to come out of the position")
    assert exit_panel.is_visible()
    assert "Stop now" in exit_panel.inner_text()
    assert "Slowly sit back towards your heels." in exit_panel.inner_text()
    assert page.get_by_role("button", name="Pause").is_hidden()  # nothing goes on after a stop
    page.get_by_role("radio", name="Pain 5 of 10").check()
    page.get_by_role("radio", name="Down to the thigh").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved in your journal.").wait_for()

    page.get_by_role("link", name="Open the journal").first.click()
    latest = page.locator("tbody tr").first
    assert "stopped for sharp pain" in latest.inner_text()
    assert "3 → 5" in latest.inner_text()
    assert "1 / 16" in latest.inner_text()  # one full breath was done before the stop


def test_a_red_flag_at_the_check_shows_emergency_advice_and_starts_no_session(
    page: Any, demo_server: DemoServer
) -> None:
    log_in(page, demo_server.base, CLARA)
    page.get_by_role("link", name=f"Start: {EXERCISE}").click()
    page.get_by_role("checkbox", name="Pain shooting down both legs?").check()
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_role("radio", name="Pain 4 of 10").check()
    page.get_by_role("radio", name="Down to the foot").check()
    page.get_by_role("button", name="Check and begin").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Do not exercise: get medical help"
    assert "emergency department" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("button", name="Begin").count() == 0
    page.get_by_role("link", name="Journal").click()
    assert "interrupted" not in page.locator("tbody").inner_text()[:200]  # no session was started


def test_a_patient_cannot_open_another_patients_pages(page: Any, demo_server: DemoServer) -> None:
    log_in(page, demo_server.base, ANNA)
    boris = demo_server.patient_id(BORIS)
    for path in ("today", "journal", "check"):
        answer = page.goto(f"{demo_server.base}/patients/{boris}/{path}")
        assert answer.status == 403, path
        assert page.get_by_role("heading", level=1).inner_text() == "You may not open this page"
        assert "Boris" not in page.content()
