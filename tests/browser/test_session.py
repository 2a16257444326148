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
    plan: dict[str, Any] = data["plan"]
    return plan


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
    latest = page.get_by_role("region", name="Sessions", exact=True).locator("tbody tr").first
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
    sessions = page.get_by_role("region", name="Sessions", exact=True).locator("tbody tr")
    assert "interrupted" not in sessions.first.inner_text()  # no session was started


def test_a_patient_cannot_open_another_patients_pages(page: Any, demo_server: DemoServer) -> None:
    log_in(page, demo_server.base, ANNA)
    boris = demo_server.patient_id(BORIS)
    for path in ("today", "journal", "check"):
        answer = page.goto(f"{demo_server.base}/patients/{boris}/{path}")
        assert answer.status == 403, path
        assert page.get_by_role("heading", level=1).inner_text() == "You may not open this page"
        assert "Boris" not in page.content()


def test_pain_spreading_down_the_leg_stops_the_exercise_and_pain_moving_back_lets_it_go_on(
    page: Any, demo_server: DemoServer
) -> None:
    page.clock.install()
    log_in(page, demo_server.base, ANNA)
    pass_the_check(page)  # the pain reached the back only before the session
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    page.get_by_role("button", name="Begin").click()
    page.clock.run_for(15_000)

    # The same reach as before: a word of reassurance, the session waits paused for Resume.
    page.keyboard.press("l")
    question = page.get_by_role("form", name="How far does the pain reach now?")
    assert "The session is paused" in question.inner_text()
    page.get_by_role("button", name="Tell").click()
    assert page.get_by_role("alert").inner_text() == "Please choose how far the pain reaches now."
    question.get_by_role("radio", name="Back only").check()
    page.get_by_role("button", name="Tell").click()
    assert question.is_hidden()
    assert "reaches no further than before" in page.get_by_role("alert").inner_text()
    page.get_by_role("button", name="Resume").click()
    page.clock.run_for(5_000)
    assert page.evaluate("window.spinecoachPlayer.status()") == "running"

    # Further down the leg: the exercise stops at once and shows the way out of the position.
    page.get_by_role("button", name="Pain in the leg").click()
    question.get_by_role("radio", name="Down to the thigh").check()
    page.get_by_role("button", name="Tell").click()
    exit_panel = page.get_by_role("region", name="How to come out of the position")
    assert "further down the leg than before you started" in exit_panel.inner_text()
    assert page.get_by_role("button", name="Resume").is_hidden()
    page.get_by_role("radio", name="Pain 4 of 10").check()
    page.get_by_role("radio", name="Down to the thigh").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved in your journal.").wait_for()
    api = f"{demo_server.base}/api/v1/patients/{demo_server.patient_id(ANNA)}"
    session = page.request.get(f"{api}/sessions/{page.url.rstrip('/').split('/')[-1]}").json()
    reaches = [(e["kind"], e["reach"]) for e in session["events"] if e["kind"] == "pain-reach"]
    assert reaches == [("pain-reach", "back"), ("pain-reach", "thigh")]
    assert session["outcome"] == "stopped-pain-spread"

    page.get_by_role("link", name="Open the journal").first.click()
    latest = page.get_by_role("region", name="Sessions", exact=True).locator("tbody tr").first
    assert "stopped: pain spread down the leg" in latest.inner_text()
    # the instructor has an alert
    answer = page.request.get(f"{api}/alerts")
    assert any(a["kind"] == "pain-spread" for a in answer.json()), answer.text()
