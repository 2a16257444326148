"""The http.client-in-threads load generator: closed and open loops, one keep-alive connection per
sender thread."""

import http.client
import threading
import time

from bench_common import HOST
from load_model import DRAIN_LIMIT, MAX_PER_CLIENT, REQUEST_TIMEOUT, LoadResult, RequestMaker, Sample
from machine_meter import CpuMeter


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


def closed_threads(
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


def open_threads(
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
