"""The server's database runs on SQLite and on a real PostgreSQL server alike."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from spinecoach.domain.accounts import Role
from spinecoach.services import accounts
from spinecoach.store.database import open_server_database
from spinecoach.store.unit_of_work import UnitOfWork
from tests.conftest import T0


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
