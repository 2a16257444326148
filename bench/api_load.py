"""Benchmark: the REST API under load, on SQLite and on PostgreSQL (issue 3, "Speed").

The real server (`spinecoach serve`, a separate process) takes session events from 50 patients, in
two ways, on 127.0.0.1:

- closed loop: 50 clients, each posting the next event as soon as the last was answered (throughput);
- open loop: a fixed 200 requests a second, send times fixed from the start; latency counts from the
  time a request was due, so a slow answer cannot hide the requests queued behind it.

The same run measures the ceiling: a bare FastAPI app defined here, served by the same uvicorn in its
own process, whose one route does one durable insert of a small row (same engine settings: SQLite WAL
with synchronous=FULL, or PostgreSQL), with no login and no audit. A route that does nothing at all
(`/noop`) shows what the framework and this load generator can do without a database.

Last, an instructor's patient list: one instructor, 500 patients with a year of history each, built
in bulk, then GET /api/v1/patients timed through the running server (before and after ANALYZE).

Goals: closed loop at least half the ceiling's requests per second; open loop p99 under 50 ms; the
patient list under 100 ms.

    .venv/bin/python bench/api_load.py                     # both databases, 1 and 2 workers
    .venv/bin/python bench/api_load.py --db sqlite --quick  # a short smoke run
"""

import argparse
import contextlib
import json
import os
import platform
import signal
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from bench_common import log
from bench_servers import temporary_folder, temporary_postgres
from ceiling_app import serve_ceiling
from load_report import table
from load_runs import CLIENT_KINDS, CLIENTS, CLOSED_GOAL, LIST_GOAL_MS, OPEN_P99_GOAL_MS, OPEN_RATE, Run

RESULTS = Path(__file__).parent / "results" / "api_load.json"


def source_revision() -> dict[str, object]:
    """The commit measured, and whether src/ had changes not yet committed."""
    root = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "src_changed": bool(git("status", "--porcelain", "src"))}


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C, so every `finally` stops what was started."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--duration", type=float, default=None, help="seconds measured per loop (default 10)")
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="rounds of each loop per app, in alternating order; the median counts (default 3)",
    )
    parser.add_argument("--quick", action="store_true", help="short loops and a smaller patient list")
    parser.add_argument(
        "--workers",
        type=lambda s: [int(w) for w in s.split(",")],
        default=[1, 2],
        help="server worker processes to try, comma-separated (default 1,2)",
    )
    parser.add_argument(
        "--client",
        choices=CLIENT_KINDS,
        default="threads",
        help="load generator: http.client in threads (default: it costs the least CPU per request,\n"
        "measured on the /noop route every run), or asyncio + httpx2.AsyncClient",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--serve-ceiling", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.serve_ceiling:
        serve_ceiling(args.port, args.workers[0])
        return
    import fastapi
    import httpx2
    import sqlalchemy
    import uvicorn

    results: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "cpus_usable": len(os.sched_getaffinity(0)),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "source": source_revision(),
        "versions": {
            "fastapi": fastapi.__version__,
            "uvicorn": uvicorn.__version__,
            "sqlalchemy": sqlalchemy.__version__,
            "httpx2": httpx2.__version__,
        },
        "setup": {
            "clients": CLIENTS,
            "open_rate_per_s": OPEN_RATE,
            "load_generator": args.client,
            "workers": args.workers,
            "quick": args.quick,
        },
        "goals": {
            "closed_ratio_to_ceiling_min": CLOSED_GOAL,
            "open_p99_ms_max": OPEN_P99_GOAL_MS,
            "patient_list_ms_max": LIST_GOAL_MS,
        },
        "databases": {},
    }
    dbs = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    with terminate_as_interrupt(), temporary_folder() as folder_name:
        run = Run(args, Path(folder_name))
        results["setup"].update(warmup_s=run.warmup, duration_s=run.duration, repeats=run.repeats)
        log(f"working in {folder_name}; {os.cpu_count()} cores; load generator {args.client}")
        for db in dbs:
            log(f"{db}:")
            if db == "postgresql":
                with temporary_postgres() as pg:
                    results["databases"][db] = run.database(db, pg)
            else:
                results["databases"][db] = run.database(db, None)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(table(results))
    print(f"\nwrote {args.output}")


if __name__ == "__main__":
    main()
