"""Opening a database: SQLite (the journal, or a small server) or PostgreSQL (a clinic).

SQLite gets durable settings on every connection. The terminal's journal is migrated when opened;
the server only checks that its schema is current and says what to run when it is not.
"""

import select
import sqlite3
import threading
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
# Connections per process. The server lets at most 16 requests use the database at once
# (web/app.py), each holding one connection, so the pool never makes a request wait.
POOL_SIZE = 16
POOL_OVERFLOW = 4


class DatabaseError(Exception):
    """The database cannot be opened or used."""


def _durable_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets a reader and a writer work at once; synchronous=FULL syncs every commit to disk so a
    # killed process loses nothing committed; foreign keys are off in SQLite unless asked for.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


def _writers_take_turns() -> type[sqlite3.Connection]:
    """SQLite connections whose writers, within this process, wait for each other in turn.

    SQLite lets one connection write at a time; one that finds the lock taken sleeps in its busy
    handler (1, 2, 5, ... 100 ms) and tries again, so under load writers waste time asleep and the
    unlucky ones wait for seconds. Here a connection takes a process lock before its transaction's
    first write and gives it back once its commit or rollback is done: the next writer starts the
    moment the file is free. Other processes on the same file still meet the busy handler.
    """
    lock = threading.Lock()

    class TakingTurns(sqlite3.Connection):
        writing = False

        def take_turn(self) -> None:
            if not self.writing:
                lock.acquire()
                self.writing = True

        def _end_turn(self) -> None:
            if self.writing:
                self.writing = False
                lock.release()

        def commit(self) -> None:
            try:
                super().commit()
            finally:
                self._end_turn()

        def rollback(self) -> None:
            try:
                super().rollback()
            finally:
                self._end_turn()

        def close(self) -> None:
            try:
                super().close()
            finally:
                self._end_turn()

    return TakingTurns


def _take_turn_before_writing(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
    if statement.lstrip()[:7].upper().startswith(WRITES):
        dbapi_connection = cursor.connection
        if hasattr(dbapi_connection, "take_turn"):
            dbapi_connection.take_turn()


def _closed_by_server(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Refuse a pooled PostgreSQL connection that the server has closed, before a request uses it.

    The pool checks each connection as it hands it out, without a round trip: an idle connection
    has nothing to read, so a readable socket means the server has said goodbye (a restart, an
    administrator, an idle timeout) and only its closing message or the end of the stream waits
    there. The pool then opens a fresh connection (`DisconnectionError`). This replaces
    `pool_pre_ping`, which sent a query to the server for every request.
    """
    if dbapi_connection.closed or dbapi_connection.broken:
        raise DisconnectionError("the connection is closed")
    poller = select.poll()
    poller.register(dbapi_connection.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
    if poller.poll(0):
        raise DisconnectionError("the database server closed the connection")


def parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"{url!r} is not a database URL (expected sqlite:///PATH or postgresql://USER@HOST/NAME)"
        ) from None
    if parsed.get_backend_name() in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        raise DatabaseError(f"{parsed.get_backend_name()} is not supported; use SQLite or PostgreSQL")
    return parsed


def engine_for(url: str) -> Engine:
    parsed = parse_url(url)
    if parsed.get_backend_name() == "postgresql":
        engine = create_engine(parsed, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
        event.listen(engine, "checkout", _closed_by_server)
        return engine
    if parsed.database:
        try:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot create the folder for {parsed.database}: {exc.strerror}") from exc
    in_memory = parsed.database in (None, "", ":memory:")
    engine = (
        create_engine(parsed)
        if in_memory
        else create_engine(
            parsed,
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
            connect_args={"factory": _writers_take_turns()},
        )
    )
    event.listen(engine, "connect", _durable_sqlite)
    event.listen(engine, "before_cursor_execute", _take_turn_before_writing)
    return engine


def sqlite_engine(path: Path) -> Engine:
    return engine_for(f"sqlite:///{path}")


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    command.upgrade(alembic_config(engine), "head")


def schema_revisions(engine: Engine) -> tuple[str | None, str | None]:
    """(the database's revision, the newest revision the code knows)."""
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head


def open_journal(path: Path) -> sessionmaker[Session]:
    """The terminal's journal file with its schema current, as a session factory."""
    engine = sqlite_engine(path)
    try:
        upgrade(engine)
    except Exception as exc:  # any driver error here means the file is not a usable journal
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseError(f"cannot open the journal {path}: {reason}") from exc
    return sessionmaker(engine, expire_on_commit=False)


def open_server_database(url: str) -> sessionmaker[Session]:
    """The server's database, refusing to run on a schema that is not current."""
    engine = engine_for(url)
    try:
        current, head = schema_revisions(engine)
    except Exception as exc:
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseError(
            f"cannot reach the database {parse_url(url).render_as_string()}: {reason}"
        ) from exc
    if current != head:
        raise DatabaseError(
            f"the database schema is at {current or 'nothing'}, the code needs {head}: "
            "run `spinecoach db upgrade` first"
        )
    return sessionmaker(engine, expire_on_commit=False)
