"""A guided session survives a reload, a lost connection and a page left behind (issue 4, "The
patient"): it resumes where it stood, and the server ends up with every event exactly once.

Real Chromium, the real server on a temporary SQLite file; the page's clock is Playwright's, so a
session's minutes pass in milliseconds. What the server stored is read back through the JSON API.
"""

import time
from collections import Counter
from typing import Any

import httpx2 as httpx

from spinecoach.services import demo
from tests.browser.conftest import DemoServer, log_in
from tests.browser.test_session import EXERCISE, pass_the_check, plan_of

ANNA = demo.PATIENTS[0][0]
OFFLINE_NOTICE = "No connection: your answers are kept on this device"


def begin(page: Any) -> dict[str, Any]:
    """Pass the check, press Begin on a paused clock; the session's plan."""
    pass_the_check(page)
    plan = plan_of(page)
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    page.get_by_role("button", name="Begin").click()
    return plan


def run_to(page: Any, plan_seconds: float) -> None:
    """Let the page's clock run until the session stands at this plan time."""
    now_ms = page.evaluate("performance.now() - window.spinecoachPlayer.startedAt()")
    page.clock.run_for(max(1, int(plan_seconds * 1000 - now_ms)))


def step_at(plan: dict[str, Any], plan_seconds: float) -> dict[str, Any]:
    return [s for s in plan["steps"] if s["start"] <= plan_seconds][-1]


def middle_of(plan: dict[str, Any], kind: str, rep: int, set_: int = 1) -> float:
    step = next(s for s in plan["steps"] if (s["kind"], s["rep"], s["set"]) == (kind, rep, set_))
    return float(step["start"] + step["duration"] / 2)


def wait_until_sent(page: Any, seconds: float = 20.0) -> None:
    """Run the page's clock (its retry timers) until its outbox is empty; the requests are real."""
    deadline = time.monotonic() + seconds
    while page.evaluate("window.spinecoachPlayer.outbox().length") > 0:
        assert time.monotonic() < deadline, page.evaluate("window.spinecoachPlayer.outbox()")
        page.clock.run_for(500)
        time.sleep(0.05)


def sessions_table(page: Any) -> Any:
    """The rows of the journal's table of sessions, newest first."""
    return page.get_by_role("region", name="Sessions").locator("tbody tr")


def session_id_of(page: Any) -> int:
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def stored(demo_server: DemoServer, session_id: int) -> dict[str, Any]:
    """The session as the server has it (through the API, with a login of its own)."""
    api = f"{demo_server.base}/api/v1"
    token = httpx.post(f"{api}/auth/login", json={"email": ANNA, "password": demo.DEMO_PASSWORD}).json()[
        "token"
    ]
    pid = demo_server.patient_id(ANNA)
    answer = httpx.get(
        f"{api}/patients/{pid}/sessions/{session_id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200, answer.text
    session: dict[str, Any] = answer.json()
    return session


def assert_each_once(session: dict[str, Any]) -> None:
    counts = Counter(e["client_id"] for e in session["events"])
    assert all(e["client_id"] for e in session["events"])
    assert [cid for cid, n in counts.items() if n > 1] == []


def test_a_reload_mid_session_offers_to_resume_the_step_it_stood_at_and_loses_or_repeats_no_event(
    page: Any, demo_server: DemoServer
) -> None:
    page.clock.install()
    log_in(page, demo_server.base, ANNA)
    plan = begin(page)
    session_id = session_id_of(page)
    run_to(page, middle_of(plan, "exhale", 1))
    page.get_by_role("button", name="Discomfort").click()
    run_to(page, middle_of(plan, "inhale", 2))
    page.get_by_role("button", name="Pause").click()
    page.clock.run_for(5_000)
    page.get_by_role("button", name="Resume").click()
    stood_at = middle_of(plan, "exhale", 2)
    run_to(page, stood_at)
    step = step_at(plan, stood_at)
    assert page.locator("#rep-counter").inner_text() == f"Repetition 2 of {plan['reps']}"

    page.reload()
    panel = page.get_by_role("region", name="This session was interrupted.")
    assert panel.is_visible()
    assert f"It stopped at: Breathe out – {step['text']}" in panel.inner_text()
    assert page.get_by_role("button", name="Begin").is_hidden()
    page.get_by_role("button", name="Resume").click()
    page.clock.run_for(500)
    # it goes on from the beginning of the step it stood at, not from the start of the session
    assert page.locator("#pacer").get_attribute("data-phase") == "exhale"
    assert page.locator("#rep-counter").inner_text() == f"Repetition 2 of {plan['reps']}"
    assert abs(page.evaluate("window.spinecoachPlayer.planTime()") - (step["start"] + 0.5)) < 0.1

    run_to(page, plan["total"] + 0.1)
    assert page.evaluate("window.spinecoachPlayer.status()") == "ended"
    page.get_by_role("radio", name="Pain 2 of 10").check()
    page.get_by_role("radio", name="Back only").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved in your journal.").wait_for()

    session = stored(demo_server, session_id)
    assert_each_once(session)
    assert [e["kind"] for e in session["events"]] == ["discomfort", "pause", "resume", "resume"]
    assert session["outcome"] == "completed"
    assert session["done"] == {"reps": plan["reps"] * plan["sets"], "sets": plan["sets"]}
    assert session["discomfort"] == 1


def test_events_made_without_a_connection_wait_in_the_outbox_and_reach_the_server_exactly_once(
    page: Any, demo_server: DemoServer
) -> None:
    page.clock.install()
    log_in(page, demo_server.base, ANNA)
    plan = begin(page)
    session_id = session_id_of(page)
    run_to(page, middle_of(plan, "inhale", 1))

    page.context.set_offline(True)
    page.get_by_role("button", name="Discomfort").click()
    run_to(page, middle_of(plan, "inhale", 2))  # the first breath is done while offline
    page.get_by_role("button", name="Pause").click()
    page.clock.run_for(3_000)
    page.get_by_role("button", name="Resume").click()
    page.clock.run_for(20_000)  # the page keeps trying; the session goes on meanwhile
    assert OFFLINE_NOTICE in page.locator("#notice").inner_text()
    waiting = page.evaluate("window.spinecoachPlayer.outbox()")
    assert [o["kind"] for o in waiting if o["kind"] != "progress"] == ["discomfort", "pause", "resume"]
    assert any(o["kind"] == "progress" for o in waiting)  # the reps done wait too
    assert stored(demo_server, session_id)["events"] == []  # nothing got through
    # the outbox is kept in localStorage, so a reload or a closed tab would not lose it either
    kept = page.evaluate(f"JSON.parse(localStorage.getItem('spinecoach.outbox.{session_id}'))")
    assert [o["body"].get("client_id") for o in kept] == [o["body"].get("client_id") for o in waiting]

    # Back online, but the first answer is lost on its way back: the server has stored the event and
    # the page does not know it, so it sends it again, with the same client id.
    lost: list[str] = []

    def lose_the_first_answer(route: Any) -> None:
        if lost:
            route.continue_()
            return
        lost.append(route.request.post_data_json["client_id"])
        assert route.fetch().status == 201  # stored...
        route.abort("connectionreset")  # ...and the page never hears it

    answers: list[tuple[str, int]] = []
    page.on(
        "response",
        lambda r: (
            answers.append((r.request.post_data_json["client_id"], r.status))
            if r.url.endswith("/events")
            else None
        ),
    )
    page.route("**/sessions/*/events", lose_the_first_answer)
    page.context.set_offline(False)
    wait_until_sent(page)
    assert lost, "the first event after the connection came back was not intercepted"
    assert page.locator("#notice").is_hidden()  # the offline notice is gone

    session = stored(demo_server, session_id)
    assert_each_once(session)
    assert [e["kind"] for e in session["events"]] == ["discomfort", "pause", "resume"]
    assert lost[0] in {e["client_id"] for e in session["events"]}
    assert (lost[0], 200) in answers  # the repeat was answered "already stored", not stored again
    done_on_page = page.evaluate("window.spinecoachPlayer.planTime()")
    breaths_done = sum(
        1 for s in plan["steps"] if s["kind"] == "pause" and s["start"] + s["duration"] <= done_on_page
    )
    assert session["done"]["reps"] == breaths_done >= 2
    assert session["outcome"] == "interrupted"  # open until the patient finishes it


def test_a_session_left_unfinished_shows_as_interrupted_and_can_be_resumed_elsewhere_or_ended(
    page: Any, desktop_page: Any, demo_server: DemoServer
) -> None:
    page.clock.install()
    log_in(page, demo_server.base, ANNA)
    plan = begin(page)
    session_id = session_id_of(page)
    run_to(page, middle_of(plan, "inhale", 3))
    wait_until_sent(page)  # the two breaths done have been reported
    page.get_by_role("link", name="Journal").click()  # and the patient walks away from it

    latest = sessions_table(page).first
    assert "interrupted" in latest.inner_text()
    assert "2 / 16" in latest.inner_text()

    # Another device (no local copy): the server's record is enough to resume at the third breath.
    log_in(desktop_page, demo_server.base, ANNA)
    desktop_page.goto(f"{demo_server.base}/patients/{demo_server.patient_id(ANNA)}/journal")
    sessions_table(desktop_page).first.get_by_role("link", name="Resume or end").click()
    assert desktop_page.get_by_role("heading", level=1).inner_text() == EXERCISE
    panel = desktop_page.get_by_role("region", name="This session was interrupted.")
    third = next(s for s in plan["steps"] if (s["kind"], s["rep"]) == ("inhale", 3))
    assert f"It stopped at: Breathe in – {third['text']}" in panel.inner_text()

    # Back on the first device: it may end it instead. Ending asks for the pain, then it is saved.
    latest.get_by_role("link", name="Resume or end").click()
    page.get_by_role("region", name="This session was interrupted.").wait_for()
    page.get_by_role("button", name="End the session").click()
    assert page.get_by_role("region", name="How to come out of the position").is_visible()
    page.get_by_role("radio", name="Pain 3 of 10").check()
    page.get_by_role("radio", name="Back only").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved in your journal.").wait_for()
    page.get_by_role("link", name="Open the journal").first.click()
    latest = sessions_table(page).first
    assert "ended early" in latest.inner_text()
    assert "Resume or end" not in latest.inner_text()

    session = stored(demo_server, session_id)
    assert_each_once(session)
    assert [e["kind"] for e in session["events"]] == ["quit"]
    assert session["outcome"] == "quit"
    assert session["done"]["reps"] == 2
    # the other device's page, opened before the session ended, cannot start it again
    desktop_page.reload()
    assert desktop_page.get_by_text("This session is finished.").is_visible()


def test_a_progress_report_still_on_its_way_when_the_next_breath_ends_does_not_swallow_the_newer_one(
    page: Any, demo_server: DemoServer
) -> None:
    """The outbox keeps one progress report, the newest. The first is held on its way to the server
    until the second breath has ended; the second must still reach it (found under load: the
    answer to the first removed the second from the front of the outbox)."""
    page.clock.install()
    log_in(page, demo_server.base, ANNA)
    plan = begin(page)
    session_id = session_id_of(page)
    held: list[Any] = []

    def hold_the_first(route: Any) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/sessions/*/progress", hold_the_first)
    run_to(page, middle_of(plan, "inhale", 2))  # breath 1 done: its report is sent and held
    page.wait_for_function("window.spinecoachPlayer.outbox().length === 1")
    deadline = time.monotonic() + 20
    while not held:  # the request reaches the handler as Playwright handles the page's messages
        assert time.monotonic() < deadline, "the first progress report was never sent"
        page.evaluate("1")
    run_to(page, middle_of(plan, "inhale", 3))  # breath 2 done while the first report is on its way
    assert [o["body"]["reps_done"] for o in page.evaluate("window.spinecoachPlayer.outbox()")] == [2]
    held[0].continue_()
    wait_until_sent(page)
    assert stored(demo_server, session_id)["done"]["reps"] == 2
