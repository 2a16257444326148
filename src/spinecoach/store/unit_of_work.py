"""The unit of work: one transaction per use case, rolled back unless the use case commits.

`UnitOfWork` opens a fresh session for each `with` block (the terminal, the commands, the tests).
`RequestUnitOfWork` keeps one session for a whole web request: every block of the request shares
one pooled connection, and the audit row the request hands it when it is built (`AuditInCommit`)
is stored in the same transaction as the write it records.
"""

from types import TracebackType
from typing import Any, Self

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, sessionmaker

from spinecoach.store.accounts import AccountsRepository
from spinecoach.store.audit import AuditInCommit, AuditRepository
from spinecoach.store.desk import DeskRepository
from spinecoach.store.journal import JournalRepository
from spinecoach.store.outcomes import OutcomesRepository
from spinecoach.store.ports import JournalStore, RecordsStore
from spinecoach.store.records import RecordsRepository


class UnitOfWork:
    # the protocols the use cases rely on, so that a fake unit of work may hold fakes (store/ports.py)
    journal: JournalStore
    accounts: AccountsRepository
    records: RecordsStore
    outcomes: OutcomesRepository
    desk: DeskRepository
    audit: AuditRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def _bind(self, session: Session) -> None:
        self._session = session
        self.journal = JournalRepository(session)
        self.accounts = AccountsRepository(session)
        self.records = RecordsRepository(session)
        self.outcomes = OutcomesRepository(session)
        self.desk = DeskRepository(session)
        self.audit = AuditRepository(session)

    def __enter__(self) -> Self:
        self._bind(self._factory())
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


WROTE = "spinecoach_wrote"  # in Session.info: this transaction has written something


# Registered once for every session (not per request): a flush or an INSERT, UPDATE or DELETE
# statement marks the session as written, so a block that does not commit is rolled back.
@event.listens_for(Session, "after_flush")
def _mark_flush(session: Session, _flush: UOWTransaction) -> None:
    session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _mark_statement(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info[WROTE] = True


class RequestUnitOfWork(UnitOfWork):
    """One session for a whole request, with the same all-or-nothing promise per block.

    A block that ends without committing, or with an error, rolls back what it wrote, exactly as a
    fresh session would have; reads keep the connection for the next block. The row that
    `audit_in_commit` holds, once filled in, is inserted inside the next commit, so that a write and
    its audit row are stored together. `finish` commits a last audit row, if any, and gives the
    connection back.
    """

    def __init__(
        self, session_factory: sessionmaker[Session], audit_in_commit: AuditInCommit | None = None
    ) -> None:
        super().__init__(session_factory)
        self.audit_in_commit = audit_in_commit or AuditInCommit()
        self._opened = False

    def __enter__(self) -> Self:
        if not self._opened:
            self._bind(self._factory())
            self._opened = True
        return self

    @property
    def _wrote(self) -> bool:
        return bool(self._session.info.get(WROTE))

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        session = self._session
        if kind is not None or self._wrote or session.new or session.dirty or session.deleted:
            self.rollback()
        else:
            # rows read here stay readable (and unchanged) after the block, as with close()
            session.expunge_all()

    def commit(self) -> None:
        row = self.audit_in_commit.due()
        if row is not None:
            self.audit.insert(row)
        self._session.commit()
        self._session.info[WROTE] = False
        if row is not None:
            self.audit_in_commit.stored = row

    def rollback(self) -> None:
        self._session.rollback()
        self._session.expunge_all()
        self._session.info[WROTE] = False

    @property
    def opened(self) -> bool:
        return self._opened

    @property
    def holds_connection(self) -> bool:
        """Whether finishing needs the database (a transaction is open); after a commit it does not."""
        return self._opened and self._session.in_transaction()

    def finish(self, audit: dict[str, Any] | None = None) -> None:
        """End the request: roll back anything uncommitted, store an `audit` row if given, close."""
        if audit is not None:
            self.__enter__()
            session = self._session
            if self._wrote or session.new or session.dirty or session.deleted:
                self.rollback()
            self.audit.insert(audit)
            self._session.commit()
            session.info[WROTE] = False
        if self._opened:
            self._session.close()
            self._opened = False
