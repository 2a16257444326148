"""The server's database runs on SQLite and on a real PostgreSQL server alike."""

import time
from collections.abc import Callable

import psycopg
from fastapi.testclient import TestClient
from sqlalchemy import text

from spinecoach.domain.accounts import Role
from spinecoach.services import accounts
from spinecoach.store.database import engine_for, open_server_database
from spinecoach.store.unit_of_work import UnitOfWork
from tests.conftest import T0
from tests.support.postgres import TemporaryPostgres


def test_an_account_made_on_the_database_can_log_in(
    database_url: str, make_client: Callable[[], TestClient]
) -> None:
    uow = UnitOfWork(open_server_database(database_url))
    accounts.create_user(uow, "pat@example.org", Role.PATIENT, "Pat", "long-enough-password", T0)
    client = make_client()
    answer = client.post(
        "/api/v1/auth/login", json={"email": "pat@example.org", "password": "long-enough-password"}
    )
    assert answer.status_code == 200, answer.text
    assert client.get("/api/v1/me").json()["email"] == "pat@example.org"


def test_a_connection_the_server_closed_is_replaced_before_a_request_uses_it(
    postgres_server: TemporaryPostgres,
) -> None:
    # The pool checks each connection as it hands it out (database._closed_by_server) instead of
    # sending a query first: one whose backend was ended while idle must not reach a request.
    engine = engine_for(postgres_server.new_database())
    try:
        with engine.connect() as conn:
            first = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
            assert admin.execute("SELECT pg_terminate_backend(%s)", (first,)).fetchone() == (True,)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # the backend exits and closes its socket soon after
            with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
                gone = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (first,))
                if gone.fetchone() == (0,):
                    break
            time.sleep(0.05)
        with engine.connect() as conn:  # the same pooled connection would raise "terminating connection"
            second = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert second != first
        assert engine.pool.checkedin() == 1  # the dead one was dropped, not kept beside the new one
    finally:
        engine.dispose()
