"""Opening the SQLite journal: durable settings on every connection, and migrations applied."""

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseError(Exception):
    """The journal file cannot be opened or used."""


def _durable_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets a reader and a writer work at once; synchronous=FULL syncs every commit to disk so a
    # killed process loses nothing committed; foreign keys are off in SQLite unless asked for.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def sqlite_engine(path: Path) -> Engine:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"cannot create the folder for the journal {path}: {exc.strerror}") from exc
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _durable_sqlite)
    return engine


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    command.upgrade(alembic_config(engine), "head")


def open_journal(path: Path) -> sessionmaker[Session]:
    """An engine on the file with the schema current, as a session factory."""
    engine = sqlite_engine(path)
    try:
        upgrade(engine)
    except Exception as exc:  # any driver error here means the file is not a usable journal
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseError(f"cannot open the journal {path}: {reason}") from exc
    return sessionmaker(engine, expire_on_commit=False)
