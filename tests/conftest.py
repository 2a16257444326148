from collections.abc import Iterator
from pathlib import Path

import pytest

from spinecoach.catalog import default_catalog
from spinecoach.domain.catalog import Catalog
from spinecoach.store.database import open_journal
from spinecoach.store.unit_of_work import UnitOfWork


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
