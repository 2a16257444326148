"""Benchmark: how close to the plan does the terminal player show each phase change?

Plays whole sessions of both universal exercises in the real player (Rich rendering to a terminal
stream, a real SQLite journal taking every event and progress write), at speed 1 and at a high
speed, and records for every step when it was due and when it had been drawn.

Goal (issue 2): every change within 20 ms of the plan, and no drift that grows with the session.
Drift is measured as the slope of lateness against time into the session (ms per minute) and as the
difference between the worst lateness in the last and the first third of the session.

    .venv/bin/python bench/terminal_timing.py                 # speed 1 and 20, ~10 minutes
    .venv/bin/python bench/terminal_timing.py --speeds 20     # the fast part only
"""

import argparse
import json
import os
import statistics
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from spinecoach.catalog import default_catalog
from spinecoach.cli.keys import NoKeys
from spinecoach.cli.player import PhaseChange, Player
from spinecoach.cli.session_commands import JournalSink, LocalJournal
from spinecoach.domain.pain import Reach
from spinecoach.domain.plans import build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.services import sessions

GOAL_MS = 20.0
RESULTS = Path(__file__).parent / "results" / "terminal_timing.json"


def play(exercise_id: str, speed: float, journal: LocalJournal) -> list[PhaseChange]:
    exercise = default_catalog().exercise(exercise_id)
    plan = build_plan(prescribe(exercise))
    started = sessions.start_session(
        journal.uow, journal.patient_id, plan, speed, 2, Reach.BACK, datetime.now(UTC)
    )
    with open(os.devnull, "w") as sink_stream:
        console = Console(file=sink_stream, force_terminal=True, width=100, height=40)
        player = Player(
            plan, exercise.name.en, console, NoKeys(), JournalSink(journal, started.session_id), speed
        )
        result = player.play()
    assert result.outcome.value == "completed"
    return result.changes


def summarise(changes: list[PhaseChange]) -> dict[str, float]:
    start = changes[0].due
    late = [(c.due - start, (c.shown - c.due) * 1000) for c in changes]
    ms = [m for _, m in late]
    third = max(1, len(late) // 3)
    slope = statistics.linear_regression([t for t, _ in late], ms).slope * 60
    return {
        "changes": len(changes),
        "session_s": round(changes[-1].due - start, 2),
        "median_ms": round(statistics.median(ms), 3),
        "p99_ms": round(sorted(ms)[int(0.99 * (len(ms) - 1))], 3),
        "max_ms": round(max(ms), 3),
        "min_ms": round(min(ms), 3),
        "drift_ms_per_min": round(slope, 4),
        "last_minus_first_third_max_ms": round(max(ms[-third:]) - max(ms[:third]), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--speeds", default="1,20", help="comma-separated speeds (default 1,20)")
    args = parser.parse_args()
    speeds = [float(s) for s in args.speeds.split(",")]
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        journal = LocalJournal(Path(folder) / "bench.sqlite3")
        for speed in speeds:
            for exercise_id in ("chest-on-table-breathing", "hands-knees-breathing"):
                summary = summarise(play(exercise_id, speed, journal))
                row: dict[str, object] = {"exercise": exercise_id, "speed": speed, **summary}
                row["within_goal"] = summary["max_ms"] <= GOAL_MS
                rows.append(row)
                print(json.dumps(row))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"goal_ms": GOAL_MS, "runs": rows}, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
