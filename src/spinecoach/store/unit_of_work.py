"""The unit of work: one transaction per use case, rolled back unless the use case commits."""

from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from spinecoach.store.accounts import AccountsRepository
from spinecoach.store.audit import AuditRepository
from spinecoach.store.journal import JournalRepository
from spinecoach.store.records import RecordsRepository


class UnitOfWork:
    journal: JournalRepository
    accounts: AccountsRepository
    records: RecordsRepository
    audit: AuditRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def __enter__(self) -> Self:
        self._session = self._factory()
        self.journal = JournalRepository(self._session)
        self.accounts = AccountsRepository(self._session)
        self.records = RecordsRepository(self._session)
        self.audit = AuditRepository(self._session)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        # close() ends the transaction without committing (the pool rolls the connection back) and
        # detaches the rows without expiring them, so values read inside stay readable after.
        self._session.close()

    def commit(self) -> None:
        self._session.commit()

    def rollback(self) -> None:
        self._session.rollback()
