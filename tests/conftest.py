from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from spinecoach.catalog import default_catalog
from spinecoach.domain.catalog import Catalog
from spinecoach.settings import Settings
from spinecoach.store.database import engine_for, open_journal, upgrade
from spinecoach.store.unit_of_work import UnitOfWork
from spinecoach.web.app import create_app
from tests.support.postgres import TemporaryPostgres, binaries, unavailable

T0 = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return default_catalog()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite3"


@pytest.fixture
def uow(db_path: Path) -> Iterator[UnitOfWork]:
    factory = open_journal(db_path)
    yield UnitOfWork(factory)
    factory.kw["bind"].dispose()


# --- PostgreSQL and the server ------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[TemporaryPostgres]:
    bin_dir = binaries()
    if bin_dir is None:
        unavailable("the server binaries are not installed")
    assert bin_dir is not None
    server = TemporaryPostgres(bin_dir)
    try:
        server.start()
    except Exception as exc:  # the reason is in the message; the log is in the server's folder
        unavailable(f"the server did not start ({exc})")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated database: an SQLite file, then a database on the real PostgreSQL server."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server").new_database()
    engine = engine_for(url)
    upgrade(engine)
    engine.dispose()
    return url


def server_settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, environment="development", cookie_secure=False)


@pytest.fixture
def make_client(database_url: str) -> Iterator[Callable[[], TestClient]]:
    """Clients of one app on the test database (each keeps its own cookies)."""
    app = create_app(server_settings(database_url))
    clients: list[TestClient] = []

    def make() -> TestClient:
        client = TestClient(app, base_url="http://testserver")
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
    app.state.sessions.kw["bind"].dispose()
