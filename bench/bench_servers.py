"""The processes a benchmark starts and stops: `spinecoach serve`, the ceiling app, a temporary
PostgreSQL and the scratch folder on disk.

Everything here talks to 127.0.0.1 only and stops what it started when the `with` block that started
it ends, also on Ctrl-C or error.
"""

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench_common import BENCH, HOST, ROOT, log

sys.path.insert(0, str(ROOT))  # tests.support.postgres: the same temporary server the tests use
from tests.support.postgres import TemporaryPostgres, binaries, free_port


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
    """The bare ceiling app (ceiling_app.py, started through `script`), served by uvicorn as `serve` does."""
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


def temporary_folder() -> tempfile.TemporaryDirectory[str]:
    # On the disk (not tmpfs), so that SQLite's fsync is a real one.
    return tempfile.TemporaryDirectory(prefix="spinecoach-bench-", dir="/var/tmp")
