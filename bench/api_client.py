"""Talking to a running server's API as a client would: log in, time sequential GETs, and start a
session after a pre-session check that says go."""

import http.client
import json
import time
from typing import Any

import httpx2

from bench_common import HOST, PASSWORD
from latency_stats import latency_summary


def login(port: int, email: str) -> str:
    """Log in through the API, as a script would; the bearer token."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        body = json.dumps({"email": email, "password": PASSWORD})
        conn.request("POST", "/api/v1/auth/login", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"login {email}: {response.status} {data[:200]!r}")
        token: str = json.loads(data)["token"]
        return token
    finally:
        conn.close()


def time_get(port: int, path: str, token: str, warmup: int, count: int) -> dict[str, Any]:
    """Sequential GETs on one keep-alive connection: latency of each, after a warm-up."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Authorization": f"Bearer {token}"}
    times: list[float] = []
    size, items, statuses = 0, 0, set()
    try:
        for i in range(warmup + count):
            start = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            data = response.read()
            elapsed = time.perf_counter() - start
            statuses.add(response.status)
            if i >= warmup:
                times.append(elapsed)
            size = len(data)
            if response.status == 200:
                items = len(json.loads(data))
    finally:
        conn.close()
    return {
        "latency": latency_summary(times),
        "statuses": sorted(statuses),
        "bytes": size,
        "items": items,
        "samples_ms": [round(t * 1000, 2) for t in times],
    }


CALM_CHECK = {
    "red_flags": [],
    "flare_up": False,
    "pain": 2,
    "reach": "back",
}  # a pre-session check that says go


def start_after_check(
    client: httpx2.Client, api: str, patient_id: int, headers: dict[str, str], session: dict[str, Any]
) -> int:
    """Pass the pre-session check and start a session (`session`: exercise, reps, ...) over the API,
    with `api` the API's prefix on `client`; the new session's id."""
    check = client.post(f"{api}/patients/{patient_id}/checks", json=CALM_CHECK, headers=headers)
    check.raise_for_status()
    started = client.post(
        f"{api}/patients/{patient_id}/sessions",
        json={**session, "check_id": check.json()["id"]},
        headers=headers,
    )
    started.raise_for_status()
    return int(started.json()["id"])
