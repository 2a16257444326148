"""Benchmark: how close to the plan does the guided session page show each phase change, in real time?

The real server (`spinecoach serve`, its own process) on a temporary SQLite file with the demo clinic;
Anna starts a session through the API (a check, then a start with the chosen reps, sets and speed),
then the session page plays it in headless Chromium (Debian's, as in the browser tests) with no clock
control: the page's real `requestAnimationFrame` and `performance.now()`. The page's player keeps a
trace (`window.spinecoachPlayer.trace`, see `static/session.js`): for every phase change, when the
plan put it and when it was shown, that is `performance.now()` read in the animation-frame callback
right after the change was written to the page, just before that frame is painted.

Lateness = shown - planned, per change. Reported: mean, p95, max, min, and drift: the slope of
lateness against time into the session (ms per minute) by least squares and by Theil-Sen (the median
of the slopes between every two changes, which a few changes delayed by a busy machine do not move),
and the worst lateness in the last third minus the worst in the first third. Lateness is also split
into its parts: the frame chosen (frame time - planned: within half a frame by design), the wait for
the frame's callback (callback start - frame time: the page's main thread busy, or the machine), and
the page's own work in the callback (shown - callback start). The page's frame period is measured
before the session starts, and the share of the whole machine's CPU that was busy during it.

Goal (issue 4): every change within one animation frame (17 ms) of the plan, and no drift.

    .venv/bin/python bench/browser_timing.py            # pelvic tilt, 10 reps, 1 set: 167 s, 44 changes
    .venv/bin/python bench/browser_timing.py --quick    # 5 reps at speed 4: about 25 s
    .venv/bin/python bench/browser_timing.py --json     # the results as JSON on stdout
"""

import argparse
import itertools
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2

from api_client import start_after_check
from machine_meter import machine_cpu, wait_for_quiet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the browser tests' helpers: the demo database, Chromium, the server process
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, make_demo_database  # noqa: E402
from tests.support.server import ServerProcess  # noqa: E402

from spinecoach.services import demo  # noqa: E402

GOAL_MS = 17.0  # one animation frame at 60 Hz
RESULTS = ROOT / "bench" / "results" / "browser_timing.json"
PATIENT = demo.PATIENTS[0][0]
# Allowed for the demo patient; 10 reps and 1 set take 167 s at speed 1.
EXERCISE, REPS, SETS = "pelvic-tilt", 10, 1
QUICK_REPS, QUICK_SPEED = 5, 4.0

FRAME_PERIOD_JS = """() => new Promise((done) => {
  const stamps = [];
  const tick = (now) => { stamps.push(now); if (stamps.length < 121) requestAnimationFrame(tick); else done(stamps); };
  requestAnimationFrame(tick);
})"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def start_session(api: str, reps: int, sets: int, speed: float) -> tuple[int, int]:
    """Log in as the demo patient, pass the check and start a session by the API: (patient, session)."""
    with httpx2.Client(base_url=api, timeout=10.0) as client:
        login = client.post("/auth/login", json={"email": PATIENT, "password": demo.DEMO_PASSWORD})
        login.raise_for_status()
        patient_id = login.json()["user"]["patient_id"]
        headers = {"Authorization": f"Bearer {login.json()['token']}"}
        session = {"exercise": EXERCISE, "reps": reps, "sets": sets, "speed": speed}
        return patient_id, start_after_check(client, "", patient_id, headers, session)


def play(base: str, patient_id: int, session_id: int) -> dict[str, Any]:
    """Open the session page in headless Chromium, press Begin, wait for the end; the page's trace."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise SystemExit("no chromium on PATH: install Debian's chromium (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
            page.goto(f"{base}/login")
            page.get_by_label("Email").fill(PATIENT)
            page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state()
            page.goto(f"{base}/patients/{patient_id}/sessions/{session_id}")
            data = json.loads(page.locator("#session-data").text_content() or "{}")
            stamps = page.evaluate(FRAME_PERIOD_JS)
            periods = [b - a for a, b in itertools.pairwise(stamps)]
            plan = data["plan"]
            seconds = plan["total"] / data["speed"]
            log(f"session {session_id}: {len(plan['steps'])} steps, {seconds:.0f} s of real time")
            busy0, total0 = machine_cpu()
            page.get_by_role("button", name="Begin").click()
            page.wait_for_function(
                "window.spinecoachPlayer.status() === 'ended'", timeout=(seconds + 30) * 1000, polling=500
            )
            busy1, total1 = machine_cpu()
            trace = page.evaluate("window.spinecoachPlayer.trace")
        finally:
            browser.close()
    return {
        "plan": plan,
        "speed": data["speed"],
        "trace": trace,
        "frame_period_ms": {
            "mean": round((stamps[-1] - stamps[0]) / (len(stamps) - 1), 4),
            "max": round(max(periods), 3),
        },
        # how busy the whole machine (every core) was during the session, Chromium and the server included
        "machine_busy_fraction": round((busy1 - busy0) / max(1e-9, total1 - total0), 3),
    }


def theil_sen_slope(points: list[tuple[float, float]]) -> float:
    """The median of the slopes between every two points (robust to a few outliers)."""
    slopes = [(y2 - y1) / (x2 - x1) for (x1, y1), (x2, y2) in itertools.combinations(points, 2) if x2 != x1]
    return statistics.median(slopes)


def summarise(played: dict[str, Any]) -> dict[str, Any]:
    """Lateness of every change against the plan, and its drift over the session."""
    plan, trace, speed = played["plan"], played["trace"], played["speed"]
    if [t["index"] for t in trace] != list(range(len(plan["steps"]))):
        raise SystemExit(f"the trace does not show every step once, in order: {[t['index'] for t in trace]}")
    start = trace[0]["expectedAt"]
    points = []  # (seconds into the session, lateness in ms)
    frame_late, before_callback, in_callback = [], [], []
    for shown, step in zip(trace, plan["steps"], strict=True):
        planned = start + step["start"] / speed * 1000
        points.append(((planned - start) / 1000, shown["shownAt"] - planned))
        frame_late.append(round(shown["frameAt"] - planned, 2))
        before_callback.append(round(shown["calledAt"] - shown["frameAt"], 2))
        in_callback.append(round(shown["shownAt"] - shown["calledAt"], 2))
    late = [ms for _, ms in points]
    third = max(1, len(late) // 3)
    slope = statistics.linear_regression([t for t, _ in points], late).slope * 60
    return {
        "changes": len(late),
        "session_s": round(points[-1][0], 1),
        "mean_ms": round(statistics.fmean(late), 2),
        "p95_ms": round(percentile(late, 95), 2),
        "max_ms": round(max(late), 2),
        "min_ms": round(min(late), 2),
        "drift_ms_per_min": round(slope, 3),
        "drift_theil_sen_ms_per_min": round(theil_sen_slope(points) * 60, 3),
        # the two parts of that slope: the display's frames slipping against performance.now (bounded:
        # the nearest frame is chosen, so it wraps at half a frame), and what comes after the frame
        "frame_slip_theil_sen_ms_per_min": round(
            theil_sen_slope([(t, f) for (t, _), f in zip(points, frame_late, strict=True)]) * 60, 3
        ),
        "after_frame_drift_theil_sen_ms_per_min": round(
            theil_sen_slope([(t, ms - f) for (t, ms), f in zip(points, frame_late, strict=True)]) * 60, 3
        ),
        "last_minus_first_third_max_ms": round(max(late[-third:]) - max(late[:third]), 2),
        "within_goal": max(late) <= GOAL_MS and min(late) >= -GOAL_MS,
        "parts_max_ms": {
            "frame_chosen": max(frame_late),
            "waiting_for_callback": max(before_callback),
            "page_work": max(in_callback),
        },
        "parts_min_ms": {"frame_chosen": min(frame_late)},
        "lateness_ms": [round(ms, 2) for ms in late],
        "frame_time_minus_plan_ms": frame_late,
        "callback_minus_frame_time_ms": before_callback,
        "shown_minus_callback_ms": in_callback,
    }


def table(row: dict[str, Any]) -> str:
    heads = [
        "changes",
        "session",
        "mean",
        "p95",
        "max",
        "min",
        "drift (LS / TS)",
        "last-first 3rd",
        "frame",
        "busy",
    ]
    cells = [
        str(row["changes"]),
        f"{row['session_s']} s",
        f"{row['mean_ms']} ms",
        f"{row['p95_ms']} ms",
        f"{row['max_ms']} ms",
        f"{row['min_ms']} ms",
        f"{row['drift_ms_per_min']} / {row['drift_theil_sen_ms_per_min']} ms/min",
        f"{row['last_minus_first_third_max_ms']} ms",
        f"{row['frame_period_ms']['mean']} ms",
        f"{row['machine_busy_fraction']:.0%}",
    ]
    widths = [max(len(h), len(c)) for h, c in zip(heads, cells, strict=True)]
    parts = row["parts_max_ms"]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)),
        "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)),
        f"worst parts: frame chosen {row['parts_min_ms']['frame_chosen']} to {parts['frame_chosen']} ms, "
        f"waiting for the callback {parts['waiting_for_callback']} ms, the page's work {parts['page_work']} ms",
        f"drift (Theil-Sen): frames slipping against the clock {row['frame_slip_theil_sen_ms_per_min']} ms/min "
        f"(bounded by half a frame), after the frame {row['after_frame_drift_theil_sen_ms_per_min']} ms/min",
        f"goal: every change within {GOAL_MS:.0f} ms of the plan -> {'met' if row['within_goal'] else 'NOT MET'}"
        " (and no drift: see the slopes above)",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_REPS} reps at speed {QUICK_SPEED:g}")
    parser.add_argument("--json", action="store_true", help="print the results as JSON, not a table")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"results file (default {RESULTS})")
    args = parser.parse_args()
    reps, speed = (QUICK_REPS, QUICK_SPEED) if args.quick else (REPS, 1.0)
    quiet = wait_for_quiet(limit=60.0, threshold=0.25)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        url = make_demo_database(Path(folder))
        server = ServerProcess(url, Path(folder) / "server.log")
        try:
            base = f"http://127.0.0.1:{server.port}"
            patient_id, session_id = start_session(server.base, reps, SETS, speed)
            played = play(base, patient_id, session_id)
        finally:
            server.stop()
    row: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "exercise": EXERCISE,
        "reps": reps,
        "sets": SETS,
        "speed": speed,
        **summarise(played),
        "frame_period_ms": played["frame_period_ms"],
        "machine_busy_fraction": played["machine_busy_fraction"],
        "quiet_gate": quiet,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
    }
    args.output.parent.mkdir(exist_ok=True)
    args.output.write_text(json.dumps({"goal_ms": GOAL_MS, "run": row}, indent=2) + "\n")
    if args.json:
        print(json.dumps(row, indent=2))
    else:
        print(f"{EXERCISE}, {reps} reps x {SETS} set, speed {speed:g}")
        print(table(row))
        print(
            f"load average (1, 5, 15 min): before {row['load_average_before']}, after {row['load_average_after']}"
        )
        print(f"written to {args.output}")


if __name__ == "__main__":
    main()
