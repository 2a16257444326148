"""What every benchmark module shares: the loopback address, the demo password, the exercise the
sessions do, the repository's folders, and a timestamped log line."""

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"

HOST = "127.0.0.1"
PASSWORD = "bench-password-not-secret"
EXERCISE = "hands-knees-breathing"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)
