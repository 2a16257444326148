"""The real server as a separate process, for tests that kill it or run two of them."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx

from tests.support.postgres import free_port

SPINECOACH = Path(sys.executable).parent / "spinecoach"
# A generous deadline, not a speed goal: on a busy 2-core machine the imports alone can take 30 s.
READY_TIMEOUT_S = 120.0


class ServerProcess:
    def __init__(self, database_url: str, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/api/v1"
        env = {
            **os.environ,
            "SPINECOACH_DATABASE_URL": database_url,
            "SPINECOACH_ENVIRONMENT": "development",
            "SPINECOACH_COOKIE_SECURE": "false",
        }
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [str(SPINECOACH), "serve", "--port", str(self.port)], env=env, stdout=self.log, stderr=self.log
        )
        try:
            self._wait_until_ready()
        except BaseException:  # never leave a half-started server behind to load the machine
            self.stop()
            raise

    def _wait_until_ready(self, timeout: float = READY_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}; see {self.log.name}")
            try:
                if httpx.get(f"{self.base}/health", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not answer within {timeout} s; see {self.log.name}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


@contextmanager
def running_server(database_url: str, log: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(database_url, log)
    try:
        yield server
    finally:
        server.stop()
