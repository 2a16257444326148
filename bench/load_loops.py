"""A closed or an open loop with the chosen load generator ("threads" or "httpx2"), summarised."""

from typing import Any

from load_async import async_runner, closed_async, open_async
from load_model import RequestMaker, closed_summary, open_summary
from load_threads import closed_threads, open_threads
from machine_meter import CpuMeter


def closed_loop(
    kind: str, port: int, make: RequestMaker, clients: int, warmup: float, duration: float, meter: CpuMeter
) -> dict[str, Any]:
    if kind == "threads":
        result = closed_threads(port, make, clients, warmup, duration, meter)
    else:
        with async_runner() as runner:
            result = runner.run(closed_async(port, make, clients, warmup, duration, meter))
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
        result = open_threads(port, make, rate, warmup, duration, meter, clients)
    else:
        with async_runner() as runner:
            result = runner.run(open_async(port, make, rate, warmup, duration, meter, clients))
    return open_summary(result, rate, duration)
