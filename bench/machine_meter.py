"""What the machine does during a run, read from /proc: CPU of a process tree and of the whole
machine, the CpuMeter over a measured window, the wait for a quiet machine before each loop, and the
cost of one small write + fsync."""

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from latency_stats import latency_summary

CLK_TCK = os.sysconf("SC_CLK_TCK")


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
