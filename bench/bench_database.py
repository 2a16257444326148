"""The event workload's database: migrations, an instructor and patients with started sessions, and
small helpers (row counts, ANALYZE) on a database named by its URL."""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text

from bench_common import EXERCISE, PASSWORD
from spinecoach.catalog import default_catalog
from spinecoach.domain.accounts import Role
from spinecoach.domain.pain import Reach
from spinecoach.domain.plans import build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.presession import PreSessionAnswers
from spinecoach.domain.screening import Hernia, ScreeningAnswers
from spinecoach.services import accounts, checks, sessions
from spinecoach.store.database import engine_for, open_server_database, upgrade
from spinecoach.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class BenchPatient:
    email: str
    patient_id: int
    session_id: int


def migrate(url: str) -> None:
    engine = engine_for(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def prepare_event_database(url: str, count: int) -> list[BenchPatient]:
    """An instructor and `count` patients, each screened, checked (go) and with a started session."""
    migrate(url)
    factory = open_server_database(url)
    uow = UnitOfWork(factory)
    catalog = default_catalog()
    now = datetime.now(UTC)
    instructor = "instructor@bench.example.org"
    accounts.create_user(uow, instructor, Role.INSTRUCTOR, "Bench Instructor", PASSWORD, now)
    plan = build_plan(prescribe(catalog.exercise(EXERCISE)))
    screening = ScreeningAnswers(
        red_flags=frozenset(),
        hernia=Hernia.DIAGNOSED,
        seen_doctor=True,
        flare_up=False,
        osteochondrosis=False,
        instructor_program=False,
    )
    check = PreSessionAnswers(red_flags=frozenset(), flare_up=False, pain=2, reach=Reach.BACK)
    out = []
    for i in range(count):
        email = f"patient{i:03d}@bench.example.org"
        info = accounts.create_user(uow, email, Role.PATIENT, f"Bench Patient {i:03d}", PASSWORD, now)
        assert info.patient_id is not None
        accounts.assign_instructor(uow, email, instructor)
        checks.record_screening(uow, catalog, info.patient_id, screening, now)
        recorded = checks.record_check(uow, info.patient_id, check, now)
        assert recorded.result.go.value == "go"
        started = sessions.start_session(uow, info.patient_id, plan, 1.0, 2, Reach.BACK, now)
        out.append(BenchPatient(email, info.patient_id, started.session_id))
    factory.kw["bind"].dispose()
    return out


def analyze(url: str) -> float:
    started = time.perf_counter()
    engine = engine_for(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    finally:
        engine.dispose()
    return round(time.perf_counter() - started, 2)


def count_rows(url: str, table: str) -> int:
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()
