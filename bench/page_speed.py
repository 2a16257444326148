"""Benchmark: how fast the web app's main pages answer on the demo data (issue 4, "Speed").

The real server (`spinecoach serve`, its own process, one worker) on a temporary SQLite file with the
demo clinic (`spinecoach demo`: three patients with four weeks of history). The patient and the
instructor each log in once (`POST /api/v1/auth/login`, which sets the login cookie a browser keeps);
the patient passes a check and starts a session, so its page is the live player. Then every page of
`PAGES` is asked for in turn, round after round, over HTTP on 127.0.0.1 with a kept-alive connection:
the time from sending the request to the last byte of the answer, which on the loopback is the
server's time plus a fraction of a millisecond. The first rounds warm up and are not counted.

A page that answers 404 (not built yet) is skipped with a note; any other answer than 200 stops the run.

Goal (issue 4): every page under 100 ms on the demo data.

    .venv/bin/python bench/page_speed.py               # 100 rounds
    .venv/bin/python bench/page_speed.py --quick       # 20 rounds
    .venv/bin/python bench/page_speed.py --json        # the results as JSON on stdout
"""

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2

from api_client import start_after_check
from latency_stats import latency_summary
from machine_meter import wait_for_quiet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the browser tests' helpers: the demo database and the server process
from tests.browser.conftest import make_demo_database  # noqa: E402
from tests.support.server import ServerProcess  # noqa: E402

from spinecoach.services import demo  # noqa: E402

GOAL_MS = 100.0
RESULTS = ROOT / "bench" / "results" / "page_speed.json"
WARMUP_ROUNDS = 3
EXERCISE = "hands-knees-breathing"


@dataclass(frozen=True)
class Page:
    name: str
    who: str  # "patient" or "instructor": whose login asks for it
    path: str  # with {patient} and {session} filled in when the run starts


PAGES = (
    Page("today", "patient", "/patients/{patient}/today"),
    Page("check", "patient", f"/patients/{{patient}}/check?exercise={EXERCISE}"),
    Page("journal", "patient", "/patients/{patient}/journal"),
    Page("session (player)", "patient", "/patients/{patient}/sessions/{session}"),
    Page("desk", "instructor", "/desk"),
    Page("desk: patient", "instructor", "/desk/patients/{patient}"),
    Page("desk: program", "instructor", "/desk/patients/{patient}/program"),
)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def logged_in(base: str, email: str) -> httpx2.Client:
    client = httpx2.Client(base_url=base, timeout=30.0)
    answer = client.post("/api/v1/auth/login", json={"email": email, "password": demo.DEMO_PASSWORD})
    answer.raise_for_status()
    return client


def start_session(patient: httpx2.Client) -> tuple[int, int]:
    """The patient's id, and a session started after a check (by the API, with the login as a bearer
    token: an API post with the cookie alone would need the page's CSRF token)."""
    me = patient.get("/api/v1/me").json()
    pid = me["patient_id"]
    token = {"Authorization": f"Bearer {patient.cookies.get('spinecoach_session')}"}
    return pid, start_after_check(patient, "/api/v1", pid, token, {"exercise": EXERCISE})


def timed_get(client: httpx2.Client, path: str) -> tuple[int, float, int]:
    """(status, seconds to the last byte, body bytes)."""
    began = time.perf_counter()
    answer = client.get(path)
    size = len(answer.content)
    return answer.status_code, time.perf_counter() - began, size


def measure(base: str, rounds: int) -> dict[str, Any]:
    clients = {
        "patient": logged_in(base, demo.PATIENTS[0][0]),
        "instructor": logged_in(base, demo.INSTRUCTOR),
    }
    try:
        pid, sid = start_session(clients["patient"])
        paths = {p.name: p.path.format(patient=pid, session=sid) for p in PAGES}
        present, skipped = [], []
        for page in PAGES:
            status, _, _ = timed_get(clients[page.who], paths[page.name])
            if status == 404:
                skipped.append(page.name)
                log(f"skipped {page.name}: {paths[page.name]} answers 404 (not built yet?)")
            elif status != 200:
                raise SystemExit(f"{page.name}: {paths[page.name]} answered {status}")
            else:
                present.append(page)
        times: dict[str, list[float]] = {p.name: [] for p in present}
        sizes: dict[str, int] = {}
        for round_ in range(WARMUP_ROUNDS + rounds):
            for page in present:
                status, seconds, size = timed_get(clients[page.who], paths[page.name])
                if status != 200:
                    raise SystemExit(f"{page.name}: {paths[page.name]} answered {status} in round {round_}")
                if round_ >= WARMUP_ROUNDS:
                    times[page.name].append(seconds)
                    sizes[page.name] = size
    finally:
        for client in clients.values():
            client.close()
    pages = {}
    for page in present:
        summary = latency_summary(times[page.name])
        pages[page.name] = {
            "path": page.path,
            "who": page.who,
            "bytes": sizes[page.name],
            **summary,
            "within_goal": summary["max_ms"] < GOAL_MS,
        }
    return {"pages": pages, "skipped": skipped}


def table(pages: dict[str, Any]) -> str:
    heads = ["page", "who", "KiB", "p50", "p95", "max", "goal"]
    rows = [
        [
            name,
            p["who"],
            f"{p['bytes'] / 1024:.1f}",
            f"{p['p50_ms']:.1f} ms",
            f"{p['p95_ms']:.1f} ms",
            f"{p['max_ms']:.1f} ms",
            "met" if p["within_goal"] else "NOT MET",
        ]
        for name, p in pages.items()
    ]
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [heads, *rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--rounds", type=int, default=None, help="requests per page (default 100)")
    parser.add_argument("--quick", action="store_true", help="20 requests per page")
    parser.add_argument("--json", action="store_true", help="print the results as JSON, not a table")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"results file (default {RESULTS})")
    args = parser.parse_args()
    rounds = args.rounds or (20 if args.quick else 100)
    quiet = wait_for_quiet(limit=60.0, threshold=0.25)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        url = make_demo_database(Path(folder))
        server = ServerProcess(url, Path(folder) / "server.log")
        try:
            measured = measure(f"http://127.0.0.1:{server.port}", rounds)
        finally:
            server.stop()
    results: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "goal_ms": GOAL_MS,
        "rounds": rounds,
        **measured,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "quiet_gate": quiet,
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
    }
    args.output.parent.mkdir(exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"{rounds} requests a page after {WARMUP_ROUNDS} warm-up rounds; goal: under {GOAL_MS:.0f} ms")
        print(table(results["pages"]))
        for name in results["skipped"]:
            print(f"skipped (404): {name}")
        print(
            f"load average (1, 5, 15 min): before {results['load_average_before']}, "
            f"after {results['load_average_after']}"
        )
        print(f"written to {args.output}")


if __name__ == "__main__":
    main()
