"""Support for bench/api_load.py: processes, databases, data, load generators and statistics.

Everything here talks to 127.0.0.1 only, bounds every loop in count and time, and stops what it
started (servers, PostgreSQL) when the `with` block that started it ends, also on Ctrl-C or error.
"""

import asyncio
import contextlib
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import httpx2
from sqlalchemy import Column, Engine, Float, Integer, MetaData, String, Table, insert, text

from spinecoach.catalog import default_catalog
from spinecoach.domain.accounts import Role
from spinecoach.domain.pain import Reach
from spinecoach.domain.plans import build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.presession import PreSessionAnswers
from spinecoach.domain.screening import Hernia, ScreeningAnswers
from spinecoach.domain.session_rules import EventKind
from spinecoach.services import accounts, checks, passwords, sessions
from spinecoach.services.tokens import token_hash
from spinecoach.settings import load_settings
from spinecoach.store.database import engine_for, open_server_database, upgrade
from spinecoach.store.tables import (
    ActivityEntryRow,
    AlertRow,
    AuditRow,
    CheckRow,
    EventRow,
    PainEntryRow,
    PatientRow,
    ProgramItemRow,
    ProgramRow,
    ScreeningRow,
    SessionRow,
    TreatmentRow,
    UserRow,
    UTCDateTime,
)
from spinecoach.store.unit_of_work import UnitOfWork

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))  # tests.support.postgres: the same temporary server the tests use
from tests.support.postgres import TemporaryPostgres, binaries, free_port  # noqa: E402

HOST = "127.0.0.1"
PASSWORD = "bench-password-not-secret"
EXERCISE = "hands-knees-breathing"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- statistics ---------------------------------------------------------------------------------


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), int(-(-q * len(sorted_values) // 100))))
    return sorted_values[rank - 1]


def latency_summary(seconds: Sequence[float]) -> dict[str, float | int]:
    ms = sorted(s * 1000 for s in seconds)
    if not ms:
        return {"n": 0}
    return {
        "n": len(ms),
        "mean_ms": round(sum(ms) / len(ms), 3),
        "p50_ms": round(percentile(ms, 50), 3),
        "p95_ms": round(percentile(ms, 95), 3),
        "p99_ms": round(percentile(ms, 99), 3),
        "max_ms": round(ms[-1], 3),
        "min_ms": round(ms[0], 3),
    }


# --- CPU accounting from /proc ------------------------------------------------------------------


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()  # fields from the state on; the name may hold spaces


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def tree_cpu_seconds(root: int | None) -> float:
    """User+system CPU of a process and every live descendant, plus what reaped children used."""
    if root is None:
        return 0.0
    children = _children_map()
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        fields = _stat_fields(pid)
        if fields is None:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
        stack.extend(children.get(pid, []))
    return total / CLK_TCK


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    first = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in first]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values) - idle) / CLK_TCK, sum(values) / CLK_TCK


@dataclass
class CpuMeter:
    """CPU used during a window by this process, the server process tree and PostgreSQL."""

    server_pid: int | None
    postgres_pid: int | None
    start: dict[str, float] = field(default_factory=dict)

    def _now(self) -> dict[str, float]:
        busy, total = machine_cpu()
        return {
            "wall": time.perf_counter(),
            "client": time.process_time(),
            "server": tree_cpu_seconds(self.server_pid),
            "postgres": tree_cpu_seconds(self.postgres_pid),
            "machine_busy": busy,
            "machine_total": total,
        }

    def begin(self) -> None:
        self.start = self._now()

    def end(self) -> dict[str, float]:
        """Cores used on average over the window (1.0 = one core busy all the time)."""
        end = self._now()
        wall = end["wall"] - self.start["wall"]
        cores = {
            f"{k}_cores": round((end[k] - self.start[k]) / wall, 3) for k in ("client", "server", "postgres")
        }
        span = end["machine_total"] - self.start["machine_total"]
        busy = end["machine_busy"] - self.start["machine_busy"]
        cores["machine_busy_fraction"] = round(busy / span, 3) if span else float("nan")
        # CPU that none of the measured processes used: other work on the machine, which skews the run
        cores["other_cores"] = round(
            busy / wall - cores["client_cores"] - cores["server_cores"] - cores["postgres_cores"], 3
        )
        cores["client_cpu_s"] = round(end["client"] - self.start["client"], 3)
        cores["server_cpu_s"] = round(end["server"] - self.start["server"], 3)
        cores["postgres_cpu_s"] = round(end["postgres"] - self.start["postgres"], 3)
        return cores


# --- processes ----------------------------------------------------------------------------------


def wait_ready(port: int, path: str, process: subprocess.Popen[bytes], log_file: Path, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{tail(log_file)}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                conn.close()
                return
            conn.close()
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not answer on port {port} within {limit} s:\n{tail(log_file)}")


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextlib.contextmanager
def server_process(
    argv: list[str], env: dict[str, str], log_file: Path, port: int, ready_path: str
) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server in its own session (so the terminal's Ctrl-C reaches only us) and stop it."""
    with open(log_file, "wb") as out:
        process = subprocess.Popen(
            argv,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        wait_ready(port, ready_path, process, log_file, limit=60)
        yield process
    finally:
        stop_process(process)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # uvicorn shuts its workers down on SIGINT
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # the group this script created for it
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # any worker the supervisor left behind


def server_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SPINECOACH_DATABASE_URL=database_url,
        SPINECOACH_ENVIRONMENT="development",
        SPINECOACH_COOKIE_SECURE="false",
    )
    env.pop("SPINECOACH_CONFIG", None)
    return env


@contextlib.contextmanager
def spinecoach_server(database_url: str, workers: int, log_file: Path) -> Iterator[tuple[int, int]]:
    """`spinecoach serve` on a free port; yields (port, pid)."""
    port = free_port()
    argv = [str(Path(sys.executable).parent / "spinecoach"), "serve", "--port", str(port)]
    argv += ["--workers", str(workers)]
    with server_process(argv, server_env(database_url), log_file, port, "/api/v1/health") as process:
        yield port, process.pid


@contextlib.contextmanager
def ceiling_server(
    script: Path, database_url: str, workers: int, log_file: Path
) -> Iterator[tuple[int, int]]:
    """The bare ceiling app (defined in api_load.py), served by uvicorn as `serve` does."""
    port = free_port()
    env = dict(os.environ)
    env["BENCH_CEILING_DATABASE_URL"] = database_url
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(BENCH), env.get("PYTHONPATH", "")) if p)
    argv = [sys.executable, str(script), "--serve-ceiling", "--port", str(port), "--workers", str(workers)]
    with server_process(argv, env, log_file, port, "/health") as process:
        yield port, process.pid


@dataclass
class Postgres:
    server: TemporaryPostgres

    @property
    def pid(self) -> int | None:
        try:
            return int((self.server.data / "postmaster.pid").read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return None

    def new_database(self) -> str:
        return self.server.new_database()

    def settings(self) -> dict[str, str]:
        import psycopg

        names = ("fsync", "synchronous_commit", "wal_sync_method", "shared_buffers", "max_connections")
        with psycopg.connect(self.server.url(), autocommit=True) as conn:
            return {n: str(conn.execute(f"SHOW {n}").fetchone()[0]) for n in names}  # type: ignore[index]


@contextlib.contextmanager
def temporary_postgres() -> Iterator[Postgres]:
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server binaries are missing (apt-get install postgresql)")
    server = TemporaryPostgres(bin_dir)
    try:
        server.start()
        log(f"PostgreSQL {bin_dir.parts[-2]} started on port {server.port} in {server.root}")
        yield Postgres(server)
    finally:
        try:
            server.stop()
            log("PostgreSQL stopped")
        except subprocess.CalledProcessError as exc:
            log(f"PostgreSQL stop failed: {exc.stderr}")


def wait_for_quiet(limit: float = 120.0, threshold: float = 0.1) -> dict[str, float]:
    """Wait (at most `limit` s) until the machine is nearly idle for a second; say what was seen."""
    started = time.monotonic()
    busy_fraction = 1.0
    while time.monotonic() - started < limit:
        busy0, total0 = machine_cpu()
        time.sleep(1.0)
        busy1, total1 = machine_cpu()
        busy_fraction = (busy1 - busy0) / max(1e-9, total1 - total0)
        if busy_fraction <= threshold:
            break
    return {"waited_s": round(time.monotonic() - started, 1), "busy_fraction_before": round(busy_fraction, 3)}


def fsync_latency(folder: Path, count: int = 200) -> dict[str, float | int]:
    """What one small write + fsync costs in the database's folder: the floor of a durable commit."""
    path = folder / "fsync-probe.bin"
    times = []
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for i in range(count):
            start = time.perf_counter()
            os.pwrite(fd, b"x" * 512, i * 512)
            os.fsync(fd)
            times.append(time.perf_counter() - start)
    finally:
        os.close(fd)
        path.unlink()
    return latency_summary(times)


# --- the event workload's data ------------------------------------------------------------------


@dataclass(frozen=True)
class BenchPatient:
    email: str
    patient_id: int
    session_id: int


def migrate(url: str) -> None:
    engine = engine_for(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def prepare_event_database(url: str, count: int) -> list[BenchPatient]:
    """An instructor and `count` patients, each screened, checked (go) and with a started session."""
    migrate(url)
    factory = open_server_database(url)
    uow = UnitOfWork(factory)
    catalog = default_catalog()
    now = datetime.now(UTC)
    instructor = "instructor@bench.example.org"
    accounts.create_user(uow, instructor, Role.INSTRUCTOR, "Bench Instructor", PASSWORD, now)
    plan = build_plan(prescribe(catalog.exercise(EXERCISE)))
    screening = ScreeningAnswers(
        red_flags=frozenset(),
        hernia=Hernia.DIAGNOSED,
        seen_doctor=True,
        flare_up=False,
        osteochondrosis=False,
        instructor_program=False,
    )
    check = PreSessionAnswers(red_flags=frozenset(), flare_up=False, pain=2, reach=Reach.BACK)
    out = []
    for i in range(count):
        email = f"patient{i:03d}@bench.example.org"
        info = accounts.create_user(uow, email, Role.PATIENT, f"Bench Patient {i:03d}", PASSWORD, now)
        assert info.patient_id is not None
        accounts.assign_instructor(uow, email, instructor)
        checks.record_screening(uow, catalog, info.patient_id, screening, now)
        recorded = checks.record_check(uow, info.patient_id, check, now)
        assert recorded.result.go.value == "go"
        started = sessions.start_session(uow, info.patient_id, plan, 1.0, 2, Reach.BACK, now)
        out.append(BenchPatient(email, info.patient_id, started.session_id))
    factory.kw["bind"].dispose()
    return out


def login(port: int, email: str) -> str:
    """Log in through the API, as a script would; the bearer token."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        body = json.dumps({"email": email, "password": PASSWORD})
        conn.request("POST", "/api/v1/auth/login", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"login {email}: {response.status} {data[:200]!r}")
        token: str = json.loads(data)["token"]
        return token
    finally:
        conn.close()


# --- load generation ----------------------------------------------------------------------------

# A request: (path, body, headers), made for (client index, sequence number).
RequestMaker = Callable[[int, int], tuple[str, bytes, dict[str, str]]]


def event_requests(patients: Sequence[BenchPatient], tokens: Sequence[str], tag: str) -> RequestMaker:
    """Session events, one patient per client, a unique client_id per post, plan_seconds rising."""

    def make(client: int, seq: int) -> tuple[str, bytes, dict[str, str]]:
        p = patients[client % len(patients)]
        body = {"client_id": f"{tag}-{client}-{seq}", "kind": "discomfort", "plan_seconds": seq * 0.25}
        headers = {
            "Authorization": f"Bearer {tokens[client % len(tokens)]}",
            "Content-Type": "application/json",
        }
        path = f"/api/v1/patients/{p.patient_id}/sessions/{p.session_id}/events"
        return path, json.dumps(body).encode(), headers

    return make


def ceiling_requests(path: str, tag: str) -> RequestMaker:
    def make(client: int, seq: int) -> tuple[str, bytes, dict[str, str]]:
        body = {"client_id": f"{tag}-{client}-{seq}", "kind": "discomfort", "plan_seconds": seq * 0.25}
        return path, json.dumps(body).encode(), {"Content-Type": "application/json"}

    return make


@dataclass
class Sample:
    scheduled: float  # when the request was due (open loop) or sent (closed loop)
    sent: float
    done: float
    status: int  # 0: no answer (connection error or timeout)


@dataclass
class LoadResult:
    samples: list[Sample]
    window: tuple[float, float]
    cpu: dict[str, float]
    errors: list[str]


MAX_PER_CLIENT = 200_000  # a bound on every closed loop, whatever the duration
REQUEST_TIMEOUT = 30.0
DRAIN_LIMIT = 40.0


def closed_summary(result: LoadResult, duration: float) -> dict[str, Any]:
    lo, hi = result.window
    inside = [s for s in result.samples if lo <= s.done <= hi]
    ok = [s for s in inside if 200 <= s.status < 300]
    return {
        "requests": len(inside),
        "requests_per_s": round(len(inside) / duration, 1),
        "ok_per_s": round(len(ok) / duration, 1),
        "errors": len(inside) - len(ok),
        "errors_whole_run": sum(1 for s in result.samples if not 200 <= s.status < 300),
        "ok_whole_run": sum(1 for s in result.samples if 200 <= s.status < 300),
        "latency": latency_summary([s.done - s.sent for s in inside]),
        "cpu": result.cpu,
        "client_cpu_ms_per_request": round(1000 * result.cpu["client_cpu_s"] / max(1, len(inside)), 3),
        "error_samples": result.errors[:5],
    }


def open_summary(result: LoadResult, rate: float, duration: float) -> dict[str, Any]:
    lo, hi = result.window
    due = [s for s in result.samples if lo <= s.scheduled < hi]
    ok = [s for s in due if 200 <= s.status < 300]
    expected = round(rate * duration)
    return {
        "target_per_s": rate,
        "scheduled": expected,
        "answered": sum(1 for s in due if s.status != 0),
        "errors": len(due) - len(ok),  # answered with a non-2xx, or no answer within the time limit
        # due but never sent before the time limit: every sender was still waiting on the server
        "not_sent": max(0, expected - len(due)),
        "achieved_per_s": round(len(due) / duration, 1),
        "ok_whole_run": sum(1 for s in result.samples if 200 <= s.status < 300),
        "latency_from_schedule": latency_summary([s.done - s.scheduled for s in due]),
        "send_lag": latency_summary([s.sent - s.scheduled for s in due]),
        "cpu": result.cpu,
        "client_cpu_ms_per_request": round(1000 * result.cpu["client_cpu_s"] / max(1, len(due)), 3),
        "error_samples": result.errors[:5],
    }


# The asyncio + httpx2 generator ------------------------------------------------------------------


def _runner() -> asyncio.Runner:
    try:
        import uvloop

        return asyncio.Runner(loop_factory=uvloop.new_event_loop)
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        return asyncio.Runner()


def _async_client(port: int, connections: int) -> httpx2.AsyncClient:
    limits = httpx2.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx2.AsyncClient(
        base_url=f"http://{HOST}:{port}", limits=limits, timeout=REQUEST_TIMEOUT, trust_env=False
    )


async def _send_async(
    client: httpx2.AsyncClient, make: RequestMaker, who: int, seq: int, errors: list[str]
) -> int:
    path, body, headers = make(who, seq)
    try:
        response = await client.post(path, content=body, headers=headers)
    except httpx2.HTTPError as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
        return 0
    if not 200 <= response.status_code < 300 and len(errors) < 20:
        errors.append(f"{response.status_code}: {response.text[:200]}")
    return response.status_code


async def _closed_async(
    port: int, make: RequestMaker, clients: int, warmup: float, duration: float, meter: CpuMeter
) -> LoadResult:
    samples: list[Sample] = []
    errors: list[str] = []
    async with _async_client(port, clients) as client:
        start = time.perf_counter()
        lo, hi = start + warmup, start + warmup + duration

        async def one_client(who: int) -> None:
            for seq in range(MAX_PER_CLIENT):
                sent = time.perf_counter()
                if sent >= hi:
                    return
                status = await _send_async(client, make, who, seq, errors)
                samples.append(Sample(sent, sent, time.perf_counter(), status))

        async def measure() -> dict[str, float]:
            await asyncio.sleep(max(0.0, lo - time.perf_counter()))
            meter.begin()
            await asyncio.sleep(max(0.0, hi - time.perf_counter()))
            return meter.end()

        meter_task = asyncio.create_task(measure())
        tasks = [asyncio.create_task(one_client(i)) for i in range(clients)]
        await asyncio.wait(tasks, timeout=warmup + duration + DRAIN_LIMIT)
        for t in tasks:
            t.cancel()
        cpu = await meter_task
    return LoadResult(samples, (lo, hi), cpu, errors)


async def _open_async(
    port: int, make: RequestMaker, rate: float, warmup: float, duration: float, meter: CpuMeter, clients: int
) -> LoadResult:
    samples: list[Sample] = []
    errors: list[str] = []
    total = round(rate * (warmup + duration))
    async with _async_client(port, 512) as client:
        start = time.perf_counter() + 0.05
        lo, hi = start + warmup, start + warmup + duration

        async def one(i: int, due: float) -> None:
            sent = time.perf_counter()
            status = await _send_async(client, make, i % clients, i // clients, errors)
            samples.append(Sample(due, sent, time.perf_counter(), status))

        tasks: list[asyncio.Task[None]] = []
        metering = False
        for i in range(total):
            due = start + i / rate
            if not metering and due >= lo:
                meter.begin()
                metering = True
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i, due)))
        await asyncio.sleep(max(0.0, hi - time.perf_counter()))
        cpu = meter.end()
        if tasks:
            await asyncio.wait(tasks, timeout=DRAIN_LIMIT)
        for t in tasks:
            t.cancel()
    return LoadResult(samples, (lo, hi), cpu, errors)


# The http.client-in-threads generator ------------------------------------------------------------


class _ThreadClient:
    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def post(self, path: str, body: bytes, headers: dict[str, str], errors: list[str]) -> int:
        for attempt in (1, 2):  # one reconnect when the server closed an idle keep-alive connection
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
            try:
                self.conn.request("POST", path, body, headers)
                response = self.conn.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException) as exc:
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    errors.append(f"{type(exc).__name__}: {exc}")
                    return 0
                continue
            if not 200 <= response.status < 300 and len(errors) < 20:
                errors.append(f"{response.status}: {data[:200]!r}")
            return response.status
        return 0

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def _measure(
    threads: list[threading.Thread],
    lo: float,
    hi: float,
    meter: CpuMeter,
    samples: list[Sample],
    errors: list[str],
) -> LoadResult:
    """Start the senders, meter CPU over the measured window, then let them drain (bounded)."""
    for t in threads:
        t.start()
    time.sleep(max(0.0, lo - time.perf_counter()))
    meter.begin()
    time.sleep(max(0.0, hi - time.perf_counter()))
    cpu = meter.end()
    deadline = time.monotonic() + DRAIN_LIMIT
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    return LoadResult(list(samples), (lo, hi), cpu, errors)


def _closed_threads(
    port: int, make: RequestMaker, clients: int, warmup: float, duration: float, meter: CpuMeter
) -> LoadResult:
    samples: list[Sample] = []
    errors: list[str] = []
    start = time.perf_counter()
    lo, hi = start + warmup, start + warmup + duration

    def run(who: int) -> None:
        client = _ThreadClient(port)
        try:
            for seq in range(MAX_PER_CLIENT):
                sent = time.perf_counter()
                if sent >= hi:
                    return
                path, body, headers = make(who, seq)
                status = client.post(path, body, headers, errors)
                samples.append(Sample(sent, sent, time.perf_counter(), status))
        finally:
            client.close()

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(clients)]
    return _measure(threads, lo, hi, meter, samples, errors)


def _open_threads(
    port: int, make: RequestMaker, rate: float, warmup: float, duration: float, meter: CpuMeter, clients: int
) -> LoadResult:
    """A pool of sender threads takes due times in order; lateness counts from the due time."""
    samples: list[Sample] = []
    errors: list[str] = []
    total = round(rate * (warmup + duration))
    start = time.perf_counter() + 0.05
    lo, hi = start + warmup, start + warmup + duration
    lock = threading.Lock()
    next_index = [0]

    def run() -> None:
        client = _ThreadClient(port)
        try:
            while True:
                with lock:
                    i = next_index[0]
                    next_index[0] += 1
                if i >= total:
                    return
                due = start + i / rate
                delay = due - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                sent = time.perf_counter()
                path, body, headers = make(i % clients, i // clients)
                status = client.post(path, body, headers, errors)
                samples.append(Sample(due, sent, time.perf_counter(), status))
        finally:
            client.close()

    threads = [threading.Thread(target=run, daemon=True) for _ in range(128)]
    return _measure(threads, lo, hi, meter, samples, errors)


def closed_loop(
    kind: str, port: int, make: RequestMaker, clients: int, warmup: float, duration: float, meter: CpuMeter
) -> dict[str, Any]:
    if kind == "threads":
        result = _closed_threads(port, make, clients, warmup, duration, meter)
    else:
        with _runner() as runner:
            result = runner.run(_closed_async(port, make, clients, warmup, duration, meter))
    return closed_summary(result, duration)


def open_loop(
    kind: str,
    port: int,
    make: RequestMaker,
    rate: float,
    warmup: float,
    duration: float,
    meter: CpuMeter,
    clients: int,
) -> dict[str, Any]:
    if kind == "threads":
        result = _open_threads(port, make, rate, warmup, duration, meter, clients)
    else:
        with _runner() as runner:
            result = runner.run(_open_async(port, make, rate, warmup, duration, meter, clients))
    return open_summary(result, rate, duration)


# --- the instructor's patient list: 500 patients with a year of history -------------------------

ALERT_MESSAGES = {
    "pain-rise": "Pain rose by 2 points in hands-knees-breathing; next time 6 reps.",
    "sharp-pain-stop": "hands-knees-breathing was stopped for sharp pain.",
    "red-flag": "Red flag reported: numbness. The person was told to seek urgent care.",
}


@dataclass
class Ids:
    """Explicit ids per table, so that rows can refer to each other within one bulk insert."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next.get(table, 1)
        self.next[table] = value + 1
        return value


def build_patient_list_database(url: str, patients: int, days: int, seed: int = 2026) -> dict[str, Any]:
    """One instructor with `patients` patients and `days` days of history each, in bulk inserts."""
    started = time.perf_counter()
    migrate(url)
    engine = engine_for(url)
    now = datetime.now(UTC)
    rng = random.Random(seed)
    ids = Ids()
    counts: dict[str, int] = {}
    try:
        uow = UnitOfWork(open_server_database(url))
        instructor = accounts.create_user(
            uow, "instructor@list.example.org", Role.INSTRUCTOR, "List Instructor", PASSWORD, now
        )
        ids.next = {t.name: 1 for t in _tables()}
        ids.next["users"] = instructor.id + 1
        one_hash = passwords.hash_password(PASSWORD)  # every patient gets a real hash, computed once
        chunk = 25
        for first in range(0, patients, chunk):
            rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in _tables()}
            for n in range(first, min(patients, first + chunk)):
                _one_patient(rows, ids, rng, n, instructor.id, one_hash, now, days)
            with engine.begin() as conn:
                for table in _tables():
                    batch = rows[table.name]
                    if batch:
                        conn.execute(insert(table), batch)
                        counts[table.name] = counts.get(table.name, 0) + len(batch)
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:  # explicit ids: move the sequences past them
                for table in _tables():
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"
                        )
                    )
    finally:
        engine.dispose()
    return {
        "rows": counts,
        "total_rows": sum(counts.values()),
        "build_s": round(time.perf_counter() - started, 1),
        "instructor": "instructor@list.example.org",
    }


def analyze(url: str) -> float:
    started = time.perf_counter()
    engine = engine_for(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    finally:
        engine.dispose()
    return round(time.perf_counter() - started, 2)


def _tables() -> list[Table]:
    # insertion order respects the foreign keys
    rows = (
        UserRow,
        PatientRow,
        ScreeningRow,
        ProgramRow,
        ProgramItemRow,
        TreatmentRow,
        CheckRow,
        SessionRow,
        EventRow,
        PainEntryRow,
        ActivityEntryRow,
        AlertRow,
    )
    return [cast(Table, r.__table__) for r in rows]


def _one_patient(
    rows: dict[str, list[dict[str, Any]]],
    ids: Ids,
    rng: random.Random,
    n: int,
    instructor_id: int,
    password_hash: str,
    now: datetime,
    days: int,
) -> None:
    start = now - timedelta(days=days)
    user_id = ids.take("users")
    rows["users"].append(
        {
            "id": user_id,
            "email": f"patient{n:04d}@list.example.org",
            "display_name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {n:04d}",
            "role": "patient",
            "password_hash": password_hash,
            "active": True,
            "created_at": start,
        }
    )
    pid = ids.take("patients")
    rows["patients"].append({"id": pid, "user_id": user_id, "instructor_id": instructor_id})
    rows["screenings"].append(
        {
            "id": ids.take("screenings"),
            "patient_id": pid,
            "answered_at": start,
            "answers": {
                "red_flags": [],
                "hernia": "diagnosed",
                "seen_doctor": True,
                "flare_up": False,
                "osteochondrosis": False,
                "instructor_program": False,
            },
            "kind": "individual-program",
            "reasons": [{"code": "follow-program", "text": "Follow the program your instructor prescribed."}],
        }
    )
    program_id = ids.take("programs")
    rows["programs"].append(
        {
            "id": program_id,
            "patient_id": pid,
            "name": "Morning program",
            "kind": "individual",
            "created_by": instructor_id,
            "created_at": start,
            "active": True,
        }
    )
    for position, exercise in enumerate((EXERCISE, "pelvic-tilt", "glute-bridge")):
        rows["program_items"].append(
            {
                "id": ids.take("program_items"),
                "program_id": program_id,
                "position": position,
                "exercise_id": exercise,
                "reps": 8,
                "sets": 1,
                "breathing": {},
                "rest": 30.0,
                "days": ["mon", "wed", "fri"],
                "time_of_day": "07:30",
                "reason": None,
                "warnings": [],
            }
        )
    rows["treatments"].append(
        {
            "id": ids.take("treatments"),
            "patient_id": pid,
            "recorded_at": start,
            "kind": "physiotherapy",
            "started_on": start.date().isoformat(),
            "note": "Twice a week",
        }
    )
    # a tenth of the patients stopped exercising a few weeks ago (the "not-exercising" flag)
    last_day = days - rng.randint(10, 40) if n % 10 == 3 else days
    pain = rng.randint(3, 6)
    for day in range(last_day):
        at = (start + timedelta(days=day)).replace(hour=7, minute=rng.randint(0, 59), second=0, microsecond=0)
        if at > now:
            break
        if day % 2 == 0:
            rows["pain_entries"].append(
                {
                    "id": ids.take("pain_entries"),
                    "patient_id": pid,
                    "recorded_at": at + timedelta(hours=12),
                    "score": pain,
                    "reach": "back",
                    "note": "",
                }
            )
        if day % 3 == 0:
            rows["activity_entries"].append(
                {
                    "id": ids.take("activity_entries"),
                    "patient_id": pid,
                    "recorded_at": at + timedelta(hours=9),
                    "activity_id": rng.choice(("walking", "swimming", "cycling")),
                    "minutes": rng.choice((20, 30, 45)),
                    "note": "",
                }
            )
        if rng.random() < 0.15:
            continue  # a missed morning
        pain = max(0, min(10, pain + rng.choice((-1, 0, 0, 0, 1))))
        rows["checks"].append(
            {
                "id": ids.take("checks"),
                "patient_id": pid,
                "checked_at": at - timedelta(minutes=1),
                "red_flags": [],
                "flare_up": False,
                "pain": pain,
                "reach": "back",
                "result": "go",
            }
        )
        roll = rng.random()
        outcome = "completed" if roll > 0.03 else ("stopped-sharp-pain" if roll < 0.01 else "quit")
        after = min(10, pain + 2) if roll < 0.05 else max(0, pain - rng.randint(0, 1))
        session_id = ids.take("sessions")
        rows["sessions"].append(
            {
                "id": session_id,
                "patient_id": pid,
                "client_id": f"s-{pid}-{day}",
                "exercise_id": EXERCISE,
                "started_at": at,
                "finished_at": at + timedelta(seconds=300),
                "planned_reps": 8,
                "planned_sets": 1,
                "reps_done": 8 if outcome == "completed" else 3,
                "sets_done": 1 if outcome == "completed" else 0,
                "outcome": outcome,
                "pain_before": pain,
                "reach_before": "back",
                "pain_after": after,
                "reach_after": "back",
                "speed": 1.0,
                "plan_total": 300.0,
                "next_reps": 6 if after - pain >= 2 else None,
                "paused_program": False,
            }
        )
        for e in range(rng.choice((0, 1, 2, 3, 4))):
            rows["session_events"].append(
                {
                    "id": ids.take("session_events"),
                    "session_id": session_id,
                    "client_id": f"e-{session_id}-{e}",
                    "kind": rng.choice(("discomfort", "pause", "resume", "pain-reach")),
                    "occurred_at": at + timedelta(seconds=30 * (e + 1)),
                    "plan_seconds": 30.0 * (e + 1),
                    "rep": e + 1,
                    "set": 1,
                    "reach": "back",
                }
            )
        kinds = []
        if after - pain >= 2:
            kinds.append("pain-rise")
        if outcome == "stopped-sharp-pain":
            kinds.append("sharp-pain-stop")
        for kind in kinds:
            recent = now - at < timedelta(days=21)
            rows["alerts"].append(
                {
                    "id": ids.take("alerts"),
                    "patient_id": pid,
                    "session_id": session_id,
                    "kind": kind,
                    "message": ALERT_MESSAGES[kind],
                    "created_at": at + timedelta(seconds=300),
                    "acknowledged_at": None if recent else at + timedelta(days=1),
                    "acknowledged_by": None if recent else instructor_id,
                }
            )


FIRST = ("Anna", "Boris", "Clara", "Dmitri", "Elena", "Fyodor", "Galina", "Hugo", "Irina", "Jonas")
LAST = ("Petrova", "Smirnov", "Jones", "Ivanov", "Kuznetsova", "Novak", "Berg", "Orlova", "Weiss", "Moreau")


def time_get(port: int, path: str, token: str, warmup: int, count: int) -> dict[str, Any]:
    """Sequential GETs on one keep-alive connection: latency of each, after a warm-up."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Authorization": f"Bearer {token}"}
    times: list[float] = []
    size, items, statuses = 0, 0, set()
    try:
        for i in range(warmup + count):
            start = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            data = response.read()
            elapsed = time.perf_counter() - start
            statuses.add(response.status)
            if i >= warmup:
                times.append(elapsed)
            size = len(data)
            if response.status == 200:
                items = len(json.loads(data))
    finally:
        conn.close()
    return {
        "latency": latency_summary(times),
        "statuses": sorted(statuses),
        "bytes": size,
        "items": items,
        "samples_ms": [round(t * 1000, 2) for t in times],
    }


def temporary_folder() -> tempfile.TemporaryDirectory[str]:
    # On the disk (not tmpfs), so that SQLite's fsync is a real one.
    return tempfile.TemporaryDirectory(prefix="spinecoach-bench-", dir="/var/tmp")


# --- the ceiling's table, and timings of the event route's parts in-process ---------------------

CEILING_METADATA = MetaData()
CEILING_TABLE = Table(
    "bench_ceiling_events",
    CEILING_METADATA,
    Column("id", Integer, primary_key=True),
    Column("client_id", String(64)),
    Column("kind", String(40)),
    Column("occurred_at", UTCDateTime()),
    Column("plan_seconds", Float),
)


def prepare_ceiling_database(url: str) -> None:
    engine = engine_for(url)  # the same pragmas (SQLite: WAL, synchronous=FULL) as the server's
    try:
        CEILING_METADATA.create_all(engine)
    finally:
        engine.dispose()


def ceiling_insert(engine: Engine, client_id: str, kind: str, plan_seconds: float) -> None:
    """The ceiling's whole job: one small row in one committed transaction."""
    with engine.begin() as conn:
        conn.execute(
            insert(CEILING_TABLE).values(
                client_id=client_id, kind=kind, plan_seconds=plan_seconds, occurred_at=datetime.now(UTC)
            )
        )


def count_rows(url: str, table: str) -> int:
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


def _timed(fn: Callable[[int], object], count: int) -> dict[str, float | int]:
    for i in range(3):
        fn(-1 - i)  # warm the pool and the statement caches
    times = []
    for i in range(count):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return latency_summary(times)


def component_timings(
    url: str, ceiling_url: str, patient: BenchPatient, token: str, count: int
) -> dict[str, Any]:
    """Each database step of POST .../events on its own, sequentially, in this process (no HTTP)."""
    factory = open_server_database(url)
    uow = UnitOfWork(factory)
    secret = load_settings(environ=server_env(url)).effective_secret
    hashed = token_hash(secret, token)
    pid, sid = patient.patient_id, patient.session_id
    ceiling_engine = engine_for(ceiling_url)
    tag = f"component-{time.time_ns()}"

    def event(i: int) -> object:
        item = sessions.Event(EventKind.DISCOMFORT, abs(i) * 0.25, client_id=f"{tag}-{i}")
        return sessions.record_event(uow, pid, sid, item, datetime.now(UTC))

    def audit(i: int) -> object:
        with uow:
            uow.audit.append(
                AuditRow(
                    at=datetime.now(UTC),
                    actor_id=None,
                    actor_role="patient",
                    patient_id=pid,
                    action="POST /api/v1/patients/{patient_id}/sessions/{session_id}/events",
                    outcome="allowed",
                    status=201,
                    request_id=f"{tag}-{i}",
                )
            )
            uow.commit()
        return None

    try:
        out = {
            "actor_and_patient (the guard: login and patient, one statement)": _timed(
                lambda i: accounts.actor_and_patient(uow, hashed, pid, datetime.now(UTC)), count
            ),
            "record_event (insert into an open session + commit)": _timed(event, count),
            "audit row (insert + commit)": _timed(audit, count),
            "ceiling insert (insert + commit)": _timed(
                lambda i: ceiling_insert(ceiling_engine, f"{tag}-{i}", "discomfort", 1.0), count
            ),
        }
    finally:
        factory.kw["bind"].dispose()
        ceiling_engine.dispose()
    return out


def list_in_process(url: str, email: str, count: int) -> dict[str, Any]:
    """services.patients.list_patients without HTTP: what the database and the service take."""
    from spinecoach.domain.accounts import Actor
    from spinecoach.services import patients

    factory = open_server_database(url)
    uow = UnitOfWork(factory)
    try:
        user = accounts.find_user(uow, email)
        actor = Actor(user.id, user.role)
        return _timed(lambda i: patients.list_patients(uow, actor, datetime.now(UTC)), count)
    finally:
        factory.kw["bind"].dispose()


# --- a session started the way the app starts one -------------------------------------------------

CALM_CHECK = {
    "red_flags": [],
    "flare_up": False,
    "pain": 2,
    "reach": "back",
}  # a pre-session check that says go


def start_after_check(
    client: httpx2.Client, api: str, patient_id: int, headers: dict[str, str], session: dict[str, Any]
) -> int:
    """Pass the pre-session check and start a session (`session`: exercise, reps, ...) over the API,
    with `api` the API's prefix on `client`; the new session's id."""
    check = client.post(f"{api}/patients/{patient_id}/checks", json=CALM_CHECK, headers=headers)
    check.raise_for_status()
    started = client.post(
        f"{api}/patients/{patient_id}/sessions",
        json={**session, "check_id": check.json()["id"]},
        headers=headers,
    )
    started.raise_for_status()
    return int(started.json()["id"])
