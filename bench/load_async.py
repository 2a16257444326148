"""The asyncio + httpx2 load generator: closed and open loops on one AsyncClient."""

import asyncio
import time

import httpx2

from bench_common import HOST
from load_model import DRAIN_LIMIT, MAX_PER_CLIENT, REQUEST_TIMEOUT, LoadResult, RequestMaker, Sample
from machine_meter import CpuMeter


def async_runner() -> asyncio.Runner:
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


async def closed_async(
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


async def open_async(
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
