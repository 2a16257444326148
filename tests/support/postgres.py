"""A real PostgreSQL server for the tests, from Debian's `postgresql` package.

Started once per test run in a temporary folder on a free port, stopped at the end. Each test gets
a database of its own. Where the package is missing, the tests that need it are skipped loudly,
except in CI (CI=true) or with SPINECOACH_REQUIRE_POSTGRES=1, where that is an error.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

INSTALL_HINT = "install it with: apt-get install postgresql"


def required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("SPINECOACH_REQUIRE_POSTGRES") == "1"


def binaries() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TemporaryPostgres:
    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="spinecoach-pg-"))
        self.data = self.root / "data"
        self.port = free_port()

    def _run(self, *args: str) -> None:
        command = list(args)
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def start(self) -> None:
        os.chmod(self.root, 0o755)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "spinecoach", "--auth=trust", "-E", "UTF8"
        )
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://spinecoach@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def unavailable(reason: str) -> None:
    message = f"PostgreSQL tests cannot run: {reason}; {INSTALL_HINT}"
    if required():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
