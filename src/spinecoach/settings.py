"""One typed settings object, built once at the edge and passed in; nothing reads it at import.

Sources, later ones winning: built-in defaults, a TOML config file (`--config` or
SPINECOACH_CONFIG), environment variables (SPINECOACH_*), and command-line options.
"""

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from spinecoach.domain.errors import DomainError
from spinecoach.domain.validation import describe

DB_ENV = "SPINECOACH_DB"
CONFIG_ENV = "SPINECOACH_CONFIG"
ENV_PREFIX = "SPINECOACH_"
DEVELOPMENT_SECRET = "development-only-secret-do-not-use-in-production"


def data_dir() -> Path:
    return Path(user_data_dir("spinecoach", appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "journal.sqlite3"


class Settings(BaseModel):
    """Every setting, with its unit and range. docs/configuration.md lists them all."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    db_path: Path = Field(default_factory=default_db_path, description="the terminal's journal file")
    database_url: str = Field(
        default_factory=lambda: f"sqlite:///{data_dir() / 'clinic.sqlite3'}",
        description="the server's database: sqlite:///PATH or postgresql://USER:PASSWORD@HOST/NAME",
    )
    environment: Literal["development", "production"] = "production"
    secret_key: str = ""
    login_hours: int = Field(default=12, ge=1, le=24 * 90, description="how long a login lasts")
    cookie_secure: bool = Field(default=True, description="send the login cookie over HTTPS only")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    questionnaire_texts: Path | None = Field(
        default=None, description="a YAML file of licensed questionnaire wording (docs/outcomes.md)"
    )
    report_font: Path | None = Field(
        default=None, description="a TrueType font for the PDF report (default: a system font)"
    )

    def check_can_serve(self) -> None:
        """The server refuses to start outside development without a real secret key."""
        if self.environment == "production" and (
            len(self.secret_key) < 32 or self.secret_key == DEVELOPMENT_SECRET
        ):
            raise DomainError(
                "set SPINECOACH_SECRET_KEY (or secret_key in the config file) to a random value of at "
                "least 32 characters, for example the output of: "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))'. "
                "For a local trial only, SPINECOACH_ENVIRONMENT=development runs without one."
            )

    @property
    def effective_secret(self) -> str:
        return self.secret_key or DEVELOPMENT_SECRET


FIELDS = set(Settings.model_fields)


def load_settings(
    db: Path | None = None,
    config_file: Path | None = None,
    environ: Mapping[str, str] = os.environ,
    **overrides: Any,
) -> Settings:
    """Merge the sources and validate; an error says which setting is wrong and why."""
    values: dict[str, Any] = {}
    path = config_file or (Path(environ[CONFIG_ENV]) if environ.get(CONFIG_ENV) else None)
    if path is not None:
        values.update(_read_config(path))
    values.update(_from_environment(environ))
    if environ.get(DB_ENV):
        values["db_path"] = environ[DB_ENV]
    if db is not None:
        values["db_path"] = db
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        raise DomainError(f"the settings are not valid:\n{describe(exc)}") from None


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DomainError(f"the config file {path} does not exist") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DomainError(f"the config file {path} cannot be read: {exc}") from None
    unknown = set(data) - FIELDS
    if unknown:
        raise DomainError(f"the config file {path} has unknown settings: {', '.join(sorted(unknown))}")
    return data


def _from_environment(environ: Mapping[str, str]) -> dict[str, str]:
    found = {}
    for name in FIELDS - {"db_path"}:
        key = ENV_PREFIX + name.upper()
        if key in environ:
            found[name] = environ[key]
    return found
