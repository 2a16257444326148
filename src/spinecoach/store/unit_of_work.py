"""The unit of work: one transaction per use case, rolled back unless the use case commits."""

from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from spinecoach.store.journal import JournalRepository


class UnitOfWork:
    journal: JournalRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def __enter__(self) -> Self:
        self._session = self._factory()
        self.journal = JournalRepository(self._session)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._session.rollback()
        self._session.close()

    def commit(self) -> None:
        self._session.commit()
