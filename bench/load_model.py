"""The load generators' common model: what a request is (RequestMaker) for the event route and the
ceiling, one answered request (Sample), one loop's result (LoadResult), the loops' bounds, and the
summaries of a closed and an open loop. Every loop is bounded in count and time."""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench_database import BenchPatient
from latency_stats import latency_summary

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
