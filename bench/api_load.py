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
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

from api_support import (
    CpuMeter,
    Postgres,
    ceiling_insert,
    ceiling_requests,
    ceiling_server,
    closed_loop,
    component_timings,
    count_rows,
    event_requests,
    fsync_latency,
    list_in_process,
    log,
    login,
    open_loop,
    prepare_ceiling_database,
    prepare_event_database,
    spinecoach_server,
    temporary_folder,
    temporary_postgres,
    time_get,
    wait_for_quiet,
)
from api_support import analyze as analyze_database
from api_support import build_patient_list_database as build_list_database
from spinecoach.store.database import engine_for

RESULTS = Path(__file__).parent / "results" / "api_load.json"
CLIENTS = 50
OPEN_RATE = 200.0
CLOSED_GOAL = 0.5  # of the ceiling's requests per second
OPEN_P99_GOAL_MS = 50.0
LIST_GOAL_MS = 100.0
CLIENT_KINDS = ("httpx2", "threads")


# --- the ceiling: a bare app of the same framework, one durable insert per request ---------------


class CeilingEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    client_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")
    kind: str = Field(min_length=1, max_length=40)
    plan_seconds: float = Field(ge=0, le=24 * 3600)


def ceiling_app_from_environment() -> FastAPI:
    """The factory uvicorn calls in each worker: BENCH_CEILING_DATABASE_URL names the database."""
    engine = engine_for(os.environ["BENCH_CEILING_DATABASE_URL"])
    app = FastAPI(title="ceiling")

    @app.post("/events", status_code=201)
    def post_event(body: CeilingEvent) -> dict[str, bool]:
        ceiling_insert(engine, body.client_id, body.kind, body.plan_seconds)
        return {"stored": True}

    @app.post("/noop", status_code=201)
    def noop(body: CeilingEvent) -> dict[str, bool]:
        return {"stored": False}

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def serve_ceiling(port: int, workers: int) -> None:
    import uvicorn

    # The same uvicorn options as `spinecoach serve` (access log at info level included).
    uvicorn.run(
        "api_load:ceiling_app_from_environment",
        factory=True,
        host="127.0.0.1",
        port=port,
        workers=workers,
        log_level="info",
    )


def _p99(opened: dict[str, Any]) -> float:
    return float(opened["latency_from_schedule"].get("p99_ms", float("inf")))


# --- one database ------------------------------------------------------------------------------


class Run:
    def __init__(self, args: argparse.Namespace, folder: Path) -> None:
        self.args = args
        self.folder = folder
        self.warmup = 1.0 if args.quick else 3.0
        self.duration: float = args.duration or (5.0 if args.quick else 10.0)
        self.repeats: int = args.repeats or (1 if args.quick else 3)
        self.list_patients = 100 if args.quick else 500
        self.list_days = 60 if args.quick else 365
        self.serial = 0

    def new_url(self, db: str, pg: Postgres | None, name: str) -> str:
        self.serial += 1
        if pg is not None:
            return pg.new_database()
        return f"sqlite:///{self.folder / f'{self.serial:02d}-{db}-{name}.sqlite3'}"

    def log_file(self, name: str) -> Path:
        return self.folder / f"{self.serial:02d}-{name}.log"

    def closed_once(self, app: str, port: int, make: Any, meter: CpuMeter) -> dict[str, Any]:
        quiet = wait_for_quiet()
        closed = closed_loop(self.args.client, port, make, CLIENTS, self.warmup, self.duration, meter)
        closed["quiet_gate"] = quiet
        log(
            f"    {app} closed loop: {closed['requests_per_s']} req/s, p99 {closed['latency'].get('p99_ms')} ms, "
            f"errors {closed['errors']}"
        )
        return closed

    def open_once(self, app: str, port: int, make: Any, meter: CpuMeter) -> dict[str, Any]:
        quiet = wait_for_quiet()
        opened = open_loop(
            self.args.client, port, make, OPEN_RATE, self.warmup, self.duration, meter, CLIENTS
        )
        opened["quiet_gate"] = quiet
        lat = opened["latency_from_schedule"]
        log(
            f"    {app} open loop {OPEN_RATE:.0f}/s: p50 {lat.get('p50_ms')} p99 {lat.get('p99_ms')} "
            f"max {lat.get('max_ms')} ms, errors {opened['errors']}, not sent in time {opened['not_sent']}"
        )
        return opened

    def rounds(self, targets: dict[str, tuple[int, Any, Any]]) -> dict[str, dict[str, Any]]:
        """Closed, then open loops on each app in turn, `self.repeats` times, the order swapped
        every round: a slow spell of this shared machine then falls on both apps, not on one. Each
        app's result is its median round (by requests a second, or by open-loop p99)."""
        runs: dict[str, dict[str, list[dict[str, Any]]]] = {
            app: {"closed": [], "open": []} for app in targets
        }
        for mode, once in (("closed", self.closed_once), ("open", self.open_once)):
            for i in range(self.repeats):
                order = list(targets) if i % 2 == 0 else list(reversed(targets))
                for app in order:
                    port, make, meter_for = targets[app]
                    runs[app][mode].append(once(app, port, make(f"{mode}{i}-"), meter_for()))
        out: dict[str, dict[str, Any]] = {}
        for app, by_mode in runs.items():
            closed = sorted(by_mode["closed"], key=lambda r: float(r["ok_per_s"]))
            opened = sorted(by_mode["open"], key=lambda r: _p99(r))
            out[app] = {
                "closed": closed[len(closed) // 2],
                "open": opened[len(opened) // 2],
                "closed_rounds_ok_per_s": [r["ok_per_s"] for r in by_mode["closed"]],
                "open_rounds_p99_ms": [_p99(r) for r in by_mode["open"]],
                "ok_whole_run": sum(r["ok_whole_run"] for m in by_mode.values() for r in m),
            }
        return out

    def events(self, db: str, pg: Postgres | None, workers: int) -> dict[str, Any]:
        url = self.new_url(db, pg, "events")
        started = time.perf_counter()
        patients = prepare_event_database(url, CLIENTS)
        log(f"  {db}: {CLIENTS} patients with started sessions in {time.perf_counter() - started:.1f} s")
        pg_pid = pg.pid if pg else None
        ceiling_url = self.new_url(db, pg, "ceiling")
        prepare_ceiling_database(ceiling_url)
        out: dict[str, Any] = {}
        with (
            spinecoach_server(url, workers, self.log_file(f"{db}-spinecoach-w{workers}")) as (port, pid),
            ceiling_server(
                Path(__file__), ceiling_url, workers, self.log_file(f"{db}-ceiling-w{workers}")
            ) as (
                ceiling_port,
                ceiling_pid,
            ),
        ):
            tokens = [login(port, p.email) for p in patients]
            log(
                f"  spinecoach serve --workers {workers} and the ceiling app on {db}: {len(tokens)} logins done"
            )
            out.update(
                self.rounds(
                    {
                        "spinecoach": (
                            port,
                            lambda tag: event_requests(patients, tokens, f"{tag}{workers}"),
                            lambda: CpuMeter(pid, pg_pid),
                        ),
                        "ceiling": (
                            ceiling_port,
                            lambda tag: ceiling_requests("/events", f"{tag}{workers}"),
                            lambda: CpuMeter(ceiling_pid, pg_pid),
                        ),
                    }
                )
            )
            # The route that does nothing, with both load generators: what the framework and each
            # generator can do here without a database, and what each generator costs per request.
            out["noop"] = {}
            for kind in (self.args.client, *(k for k in CLIENT_KINDS if k != self.args.client)):
                quiet = wait_for_quiet()
                noop = closed_loop(
                    kind,
                    ceiling_port,
                    ceiling_requests("/noop", f"noop-{kind}"),
                    CLIENTS,
                    self.warmup,
                    min(self.duration, 10.0),
                    CpuMeter(ceiling_pid, None),
                )
                noop["quiet_gate"] = quiet
                log(
                    f"    /noop closed loop, {kind} generator: {noop['requests_per_s']} req/s, "
                    f"generator CPU {noop['client_cpu_ms_per_request']} ms per request"
                )
                out["noop"]["closed" if kind == self.args.client else f"closed_{kind}"] = noop
        out["spinecoach"]["stored_events"] = count_rows(url, "session_events")
        out["spinecoach"]["answered_2xx"] = out["spinecoach"]["ok_whole_run"]
        out["components_ms"] = component_timings(url, ceiling_url, patients[0], tokens[0], 200)
        ours, ceiling = out["spinecoach"], out["ceiling"]
        closed_ratio = ours["closed"]["ok_per_s"] / ceiling["closed"]["ok_per_s"]
        p99 = _p99(ours["open"])
        errors = sum(r["errors"] for r in (ours["closed"], ours["open"]))
        out["goals"] = {
            "closed_ratio_to_ceiling": round(closed_ratio, 3),
            "closed_ratio_per_round": [
                round(a / b, 3)
                for a, b in zip(
                    ours["closed_rounds_ok_per_s"], ceiling["closed_rounds_ok_per_s"], strict=True
                )
            ],
            "closed_goal_met": closed_ratio >= CLOSED_GOAL and errors == 0,
            "open_p99_ms": p99,
            "open_goal_met": p99 < OPEN_P99_GOAL_MS
            and ours["open"]["errors"] == 0
            and ours["open"]["not_sent"] == 0,
        }
        return out

    def patient_list(self, db: str, pg: Postgres | None) -> dict[str, Any]:
        url = self.new_url(db, pg, "list")
        built = build_list_database(url, self.list_patients, self.list_days)
        log(f"  {db}: patient list database, {built['total_rows']} rows in {built['build_s']} s")
        out: dict[str, Any] = {"database": built, "patients": self.list_patients, "days": self.list_days}
        with spinecoach_server(url, 1, self.log_file(f"{db}-list")) as (port, _pid):
            token = login(port, built["instructor"])
            out["as_built_quiet_gate"] = wait_for_quiet()
            out["as_built"] = time_get(port, "/api/v1/patients", token, warmup=5, count=50)
            out["as_built_in_process_ms"] = list_in_process(url, built["instructor"], 20)
            out["analyze_s"] = analyze_database(url)
            out["after_analyze_quiet_gate"] = wait_for_quiet()
            out["after_analyze"] = time_get(port, "/api/v1/patients", token, warmup=5, count=50)
            out["after_analyze_in_process_ms"] = list_in_process(url, built["instructor"], 20)
        for key in ("as_built", "after_analyze"):
            lat = out[key]["latency"]
            log(
                f"    GET /api/v1/patients ({key}): {out[key]['items']} patients, {out[key]['bytes']} bytes, "
                f"p50 {lat['p50_ms']} p95 {lat['p95_ms']} max {lat['max_ms']} ms"
            )
        worst = max(out[k]["latency"]["p95_ms"] for k in ("as_built", "after_analyze"))
        out["goal_met_p95"] = worst < LIST_GOAL_MS and out["as_built"]["items"] == self.list_patients
        return out

    def database(self, db: str, pg: Postgres | None) -> dict[str, Any]:
        result: dict[str, Any] = {"workers": {}}
        if pg is None:
            result["fsync_in_folder"] = fsync_latency(self.folder)
        else:
            result["postgres_settings"] = pg.settings()
        for workers in self.args.workers:
            result["workers"][str(workers)] = self.events(db, pg, workers)
        result["patient_list"] = self.patient_list(db, pg)
        return result


# --- the report --------------------------------------------------------------------------------


def table_row(db: str, workers: str, app: str, loads: dict[str, Any]) -> str:
    closed = loads["closed"]
    lat = closed["latency"]
    row = (
        f"{db:10} {workers:>1} {app:14} | {closed['requests_per_s']:>7} {lat['p50_ms']:>7.1f} "
        f"{lat['p95_ms']:>7.1f} {lat['p99_ms']:>7.1f} {closed['errors']:>4}"
    )
    if "open" in loads:
        o = loads["open"]
        ol = o["latency_from_schedule"]
        row += f" | {ol['p50_ms']:>7.1f} {ol['p95_ms']:>7.1f} {ol['p99_ms']:>7.1f} {ol['max_ms']:>7.1f} {str(o['errors']) + '/' + str(o['not_sent']):>10}"
    else:
        row += " | " + " " * 42
    cpu = closed["cpu"]
    return row + (
        f" | {cpu['client_cores']:>5.2f} {cpu['server_cores']:>5.2f} {cpu['postgres_cores']:>5.2f}"
        f" {cpu['other_cores']:>5.2f}"
    )


def table(results: dict[str, Any]) -> str:
    """Latencies in ms; CPU columns: cores used during the closed loop by the load generator, the
    server processes, PostgreSQL, and everything else on the machine."""
    head = (
        f"{'database':10} {'w':>1} {'app':14} | {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'err':>4}"
        f" | {'open p50':>7} {'p95':>7} {'p99':>7} {'max':>7} {'err/unsent':>10}"
        f" | {'gen':>5} {'srv':>5} {'pg':>5} {'other':>5}"
    )
    lines = [
        "closed loop (50 clients) | open loop (200/s, latency from the due time; unsent: due but not sent"
        " before the time limit) | CPU cores",
        head,
    ]
    lines.append("-" * len(head))
    for db, data in results["databases"].items():
        for workers, run in data["workers"].items():
            lines.append(table_row(db, workers, "spinecoach", run["spinecoach"]))
            lines.append(table_row(db, workers, "ceiling", run["ceiling"]))
            for key, noop in run["noop"].items():
                kind = results["setup"]["load_generator"] if key == "closed" else key.removeprefix("closed_")
                lines.append(table_row(db, workers, f"noop ({kind})", {"closed": noop}))
            g = run["goals"]
            lines.append(
                f"{'':13} goals: closed/ceiling = {g['closed_ratio_to_ceiling']:.2f} "
                f"({'met' if g['closed_goal_met'] else 'MISSED'}, goal >= {CLOSED_GOAL}); open p99 = "
                f"{g['open_p99_ms']} ms ({'met' if g['open_goal_met'] else 'MISSED'}, goal < {OPEN_P99_GOAL_MS})"
            )
            ours = run["spinecoach"]
            lines.append(
                f"{'':13} rounds: closed/ceiling {g['closed_ratio_per_round']}, open p99 "
                f"{ours['open_rounds_p99_ms']} ms; events answered 2xx {ours['answered_2xx']}, "
                f"stored {ours['stored_events']}"
            )
        pl = data["patient_list"]
        for key in ("as_built", "after_analyze"):
            lat = pl[key]["latency"]
            lines.append(
                f"{db:10} patient list ({pl['patients']} x {pl['days']} days, {key}): p50 {lat['p50_ms']:.1f} "
                f"p95 {lat['p95_ms']:.1f} max {lat['max_ms']:.1f} ms "
                f"(service alone p50 {pl[key + '_in_process_ms']['p50_ms']:.1f} ms)"
            )
        lines.append(f"{'':13} goal < {LIST_GOAL_MS} ms (p95): {'met' if pl['goal_met_p95'] else 'MISSED'}")
    return "\n".join(lines)


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
