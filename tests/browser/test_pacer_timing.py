"""The pacer follows the server's plan over a whole session, under Playwright's clock control."""

from typing import Any

import httpx2 as httpx

from spinecoach.services import demo
from tests.browser.conftest import DemoServer, log_in
from tests.browser.test_session import pass_the_check, plan_of

TOLERANCE_MS = 50  # the bound for a clock-controlled run
FAKE_FRAME_MS = 16  # Playwright's clock runs animation frames every 16 ms


def test_every_phase_change_is_shown_within_50_ms_of_the_plan_over_a_whole_session(
    page: Any, demo_server: DemoServer
) -> None:
    page.clock.install()
    log_in(page, demo_server.base, demo.PATIENTS[0][0])
    pass_the_check(page)
    plan = plan_of(page)
    served = httpx.get(
        f"{demo_server.base}/api/v1/exercises/{plan['exercise']}/plan",
        params={"reps": plan["reps"], "sets": plan["sets"]},
    ).json()
    assert [(s["kind"], s["start"], s["duration"]) for s in served["steps"]] == [
        (s["kind"], s["start"], s["duration"]) for s in plan["steps"]
    ]  # the page plays the server's plan
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    page.get_by_role("button", name="Begin").click()
    phases_seen = []
    for step in plan["steps"]:  # look at the pacer in the middle of every step
        middle_ms = (step["start"] + step["duration"] / 2) * 1000
        now_ms = page.evaluate("performance.now() - window.spinecoachPlayer.startedAt()")
        page.clock.run_for(max(1, int(middle_ms - now_ms)))
        phases_seen.append(page.locator("#pacer").get_attribute("data-phase"))
    assert phases_seen == [s["kind"] for s in plan["steps"]]
    page.clock.run_for(int(plan["steps"][-1]["duration"] * 1000) + 100)
    assert page.evaluate("window.spinecoachPlayer.status()") == "ended"

    trace = page.evaluate("window.spinecoachPlayer.trace")
    assert [t["index"] for t in trace] == list(range(len(plan["steps"])))  # each step once, in order
    start = trace[0]["expectedAt"]
    late = []
    for shown, step in zip(trace, plan["steps"], strict=True):
        planned_at = start + step["start"] * 1000
        assert shown["expectedAt"] == planned_at
        late.append(shown["shownAt"] - planned_at)
    # shown in the frame nearest its planned time: never more than half a frame (8 ms here) early
    assert all(-FAKE_FRAME_MS / 2 <= ms <= TOLERANCE_MS for ms in late), late
    assert late[-1] - late[0] <= TOLERANCE_MS  # no drift from the first change to the last
    assert plan["total"] > 200  # a whole session of the default 2 sets of 8 breaths
