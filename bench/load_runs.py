"""One run of bench/api_load.py: its sizes and goals, and the Run that measures one database (the
event route and the ceiling under closed and open loops, the /noop route, the component timings and
the instructor's patient list)."""

import argparse
import time
from pathlib import Path
from typing import Any

from api_client import login, time_get
from bench_common import BENCH, log
from bench_database import analyze as analyze_database
from bench_database import count_rows, prepare_event_database
from bench_servers import Postgres, ceiling_server, spinecoach_server
from ceiling_app import prepare_ceiling_database
from component_timings import component_timings, list_in_process
from load_loops import closed_loop, open_loop
from load_model import ceiling_requests, event_requests
from machine_meter import CpuMeter, fsync_latency, wait_for_quiet
from patient_list_data import build_patient_list_database as build_list_database

CLIENTS = 50
OPEN_RATE = 200.0
CLOSED_GOAL = 0.5  # of the ceiling's requests per second
OPEN_P99_GOAL_MS = 50.0
LIST_GOAL_MS = 100.0
CLIENT_KINDS = ("httpx2", "threads")
# The script that serves the ceiling app when started again with --serve-ceiling.
LOAD_SCRIPT = BENCH / "api_load.py"


def _p99(opened: dict[str, Any]) -> float:
    return float(opened["latency_from_schedule"].get("p99_ms", float("inf")))


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
            ceiling_server(LOAD_SCRIPT, ceiling_url, workers, self.log_file(f"{db}-ceiling-w{workers}")) as (
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
