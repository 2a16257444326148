"""Timings in this process, without HTTP: each database step of POST .../events on its own, and the
patient list service alone."""

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bench_database import BenchPatient
from bench_servers import server_env
from ceiling_app import ceiling_insert
from latency_stats import latency_summary
from spinecoach.domain.session_rules import EventKind
from spinecoach.services import accounts, session_events
from spinecoach.services.tokens import token_hash
from spinecoach.settings import load_settings
from spinecoach.store.database import engine_for, open_server_database
from spinecoach.store.tables import (
    AuditRow,
)
from spinecoach.store.unit_of_work import UnitOfWork


def _timed(fn: Callable[[int], object], count: int) -> dict[str, float | int]:
    for i in range(3):
        fn(-1 - i)  # warm the pool and the statement caches
    times = []
    for i in range(count):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return latency_summary(times)


def component_timings(
    url: str, ceiling_url: str, patient: BenchPatient, token: str, count: int
) -> dict[str, Any]:
    """Each database step of POST .../events on its own, sequentially, in this process (no HTTP)."""
    factory = open_server_database(url)
    uow = UnitOfWork(factory)
    secret = load_settings(environ=server_env(url)).effective_secret
    hashed = token_hash(secret, token)
    pid, sid = patient.patient_id, patient.session_id
    ceiling_engine = engine_for(ceiling_url)
    tag = f"component-{time.time_ns()}"

    def event(i: int) -> object:
        item = session_events.Event(EventKind.DISCOMFORT, abs(i) * 0.25, client_id=f"{tag}-{i}")
        return session_events.record_event(uow, pid, sid, item, datetime.now(UTC))

    def audit(i: int) -> object:
        with uow:
            uow.audit.append(
                AuditRow(
                    at=datetime.now(UTC),
                    actor_id=None,
                    actor_role="patient",
                    patient_id=pid,
                    action="POST /api/v1/patients/{patient_id}/sessions/{session_id}/events",
                    outcome="allowed",
                    status=201,
                    request_id=f"{tag}-{i}",
                )
            )
            uow.commit()
        return None

    try:
        out = {
            "actor_and_patient (the guard: login and patient, one statement)": _timed(
                lambda i: accounts.actor_and_patient(uow, hashed, pid, datetime.now(UTC)), count
            ),
            "record_event (insert into an open session + commit)": _timed(event, count),
            "audit row (insert + commit)": _timed(audit, count),
            "ceiling insert (insert + commit)": _timed(
                lambda i: ceiling_insert(ceiling_engine, f"{tag}-{i}", "discomfort", 1.0), count
            ),
        }
    finally:
        factory.kw["bind"].dispose()
        ceiling_engine.dispose()
    return out


def list_in_process(url: str, email: str, count: int) -> dict[str, Any]:
    """services.patients.list_patients without HTTP: what the database and the service take."""
    from spinecoach.domain.accounts import Actor
    from spinecoach.services import patients

    factory = open_server_database(url)
    uow = UnitOfWork(factory)
    try:
        user = accounts.find_user(uow, email)
        actor = Actor(user.id, user.role)
        return _timed(lambda i: patients.list_patients(uow, actor, datetime.now(UTC)), count)
    finally:
        factory.kw["bind"].dispose()
