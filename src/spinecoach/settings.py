"""One typed settings object, built once at the edge and passed in; nothing reads it at import."""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

DB_ENV = "SPINECOACH_DB"


@dataclass(frozen=True)
class Settings:
    db_path: Path


def default_db_path() -> Path:
    return Path(user_data_dir("spinecoach", appauthor=False)) / "journal.sqlite3"


def load_settings(db: Path | None = None, environ: Mapping[str, str] = os.environ) -> Settings:
    """`--db` wins over SPINECOACH_DB, which wins over the user's data directory."""
    if db is not None:
        return Settings(db_path=db)
    if environ.get(DB_ENV):
        return Settings(db_path=Path(environ[DB_ENV]))
    return Settings(db_path=default_db_path())
