"""Runs a command while every core is kept busy: `make test-stress` runs the whole suite this way.

    python scripts/under_load.py [--busy N] COMMAND [ARG ...]

Starts N busy processes (one per core by default), each spinning at the normal priority, runs the
command, stops them and exits with the command's own code. A test that passes only on a quiet
machine (a fixed sleep, a deadline measured by the wall clock) fails here, as it would on a busy
CI machine. No other program is needed (stress-ng would do the same).
"""

import os
import subprocess
import sys
import time

SPIN = "while True: pass"


def main(argv: list[str]) -> int:
    busy = os.cpu_count() or 2
    if argv[:1] == ["--busy"]:
        busy, argv = int(argv[1]), argv[2:]
    if not argv:
        print(__doc__)
        return 2
    spinners = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(busy)]
    started = time.monotonic()
    print(f"under_load: {busy} busy process(es) beside: {' '.join(argv)}", flush=True)
    try:
        return subprocess.run(argv).returncode
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
        print(
            f"under_load: {busy} busy process(es) stopped after {time.monotonic() - started:.0f} s",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
