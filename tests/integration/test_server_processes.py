"""The server as real processes: two of them on one PostgreSQL database, and one killed mid-stream."""

import threading
from datetime import UTC, datetime
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import text

from spinecoach.domain.accounts import Role
from spinecoach.domain.pain import Reach
from spinecoach.domain.presession import PreSessionAnswers
from spinecoach.services import accounts, checks
from spinecoach.store.database import engine_for, open_server_database, upgrade
from spinecoach.store.unit_of_work import UnitOfWork
from tests.conftest import T0
from tests.support.postgres import TemporaryPostgres
from tests.support.server import running_server

PASSWORD = "a-long-test-password"


def make_patient(url: str, email: str = "pat@example.org") -> int:
    uow = UnitOfWork(open_server_database(url))
    patient = accounts.create_user(uow, email, Role.PATIENT, "Pat", PASSWORD, T0).patient_id
    assert patient is not None
    return patient


def login(base: str, email: str = "pat@example.org") -> dict[str, str]:
    answer = httpx.post(f"{base}/auth/login", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


@pytest.fixture
def postgres_url(postgres_server: TemporaryPostgres) -> str:
    url = postgres_server.new_database()
    engine = engine_for(url)
    upgrade(engine)
    engine.dispose()
    return url


def test_two_server_processes_serve_the_same_users(postgres_url: str, tmp_path: Path) -> None:
    patient = make_patient(postgres_url)
    with (
        running_server(postgres_url, tmp_path / "one.log") as one,
        running_server(postgres_url, tmp_path / "two.log") as two,
    ):
        auth = login(one.base)
        posted = httpx.post(
            f"{two.base}/patients/{patient}/pain", json={"score": 4, "reach": "back"}, headers=auth
        )
        assert posted.status_code == 201, posted.text
        seen = httpx.get(f"{one.base}/patients/{patient}/pain", headers=auth).json()
        assert [p["score"] for p in seen] == [4]
        assert httpx.post(f"{two.base}/auth/logout", headers=auth).status_code == 204
        assert httpx.get(f"{one.base}/me", headers=auth).status_code == 401


def test_login_throttling_is_shared_by_the_processes(postgres_url: str, tmp_path: Path) -> None:
    make_patient(postgres_url)
    with (
        running_server(postgres_url, tmp_path / "one.log") as one,
        running_server(postgres_url, tmp_path / "two.log") as two,
    ):
        for base in (one.base, two.base, one.base, two.base, one.base):
            wrong = {"email": "pat@example.org", "password": "not-the-password"}
            assert httpx.post(f"{base}/auth/login", json=wrong).status_code == 401
        right = {"email": "pat@example.org", "password": PASSWORD}
        assert httpx.post(f"{two.base}/auth/login", json=right).status_code == 429


def start_session(url: str, base: str, patient: int, auth: dict[str, str]) -> int:
    check = checks.record_check(
        UnitOfWork(open_server_database(url)),
        patient,
        PreSessionAnswers(red_flags=frozenset(), flare_up=False, pain=2, reach=Reach.BACK),
        datetime.now(UTC),
    )
    body = {"exercise": "hands-knees-breathing", "check_id": check.id}
    answer = httpx.post(f"{base}/patients/{patient}/sessions", json=body, headers=auth)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def test_a_killed_server_loses_no_acknowledged_post(database_url: str, tmp_path: Path) -> None:
    patient = make_patient(database_url)
    acknowledged: list[str] = []
    with running_server(database_url, tmp_path / "first.log") as server:
        auth = login(server.base)
        session = start_session(database_url, server.base, patient, auth)
        url = f"{server.base}/patients/{patient}/sessions/{session}/events"
        stop = threading.Event()

        def stream() -> None:
            with httpx.Client(headers=auth, timeout=5.0) as client:
                for n in range(5000):
                    if stop.is_set():
                        return
                    body = {"client_id": f"e{n}", "kind": "discomfort", "plan_seconds": n / 10}
                    try:
                        if client.post(url, json=body).status_code in (200, 201):
                            acknowledged.append(body["client_id"])
                    except httpx.TransportError:
                        return

        poster = threading.Thread(target=stream)
        poster.start()
        while len(acknowledged) < 50 and poster.is_alive():
            threading.Event().wait(0.05)
        server.kill()
        stop.set()
        poster.join(timeout=10)
    assert len(acknowledged) >= 50
    with running_server(database_url, tmp_path / "second.log") as server:
        detail = httpx.get(f"{server.base}/patients/{patient}/sessions/{session}", headers=login(server.base))
        stored = {e["client_id"] for e in detail.json()["events"]}
    assert set(acknowledged) <= stored
    assert detail.json()["outcome"] == "interrupted"
    if database_url.startswith("sqlite"):
        engine = engine_for(database_url)
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        engine.dispose()
