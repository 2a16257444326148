"""`spinecoach serve`, `spinecoach db upgrade`, `spinecoach users ...` and `spinecoach demo`."""

import getpass
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from spinecoach.catalog import default_catalog
from spinecoach.cli.errors import BadInput, reports_errors
from spinecoach.domain.accounts import Role
from spinecoach.services import accounts, demo
from spinecoach.settings import Settings, load_settings
from spinecoach.store.database import (
    DatabaseError,
    engine_for,
    open_server_database,
    schema_revisions,
    upgrade,
)
from spinecoach.store.unit_of_work import UnitOfWork

console = Console(highlight=False)
db_app = typer.Typer(help="The server's database.", no_args_is_help=True)
users_app = typer.Typer(help="Accounts on the server.", no_args_is_help=True)
CONFIG = typer.Option(None, "--config", help="A TOML config file (default: SPINECOACH_CONFIG).")
URL = typer.Option(None, "--database-url", help="The database (default: SPINECOACH_DATABASE_URL).")


def settings_from(config: Path | None, database_url: str | None = None) -> Settings:
    return load_settings(config_file=config, database_url=database_url)


def server_uow(settings: Settings) -> UnitOfWork:
    return UnitOfWork(open_server_database(settings.database_url))


@db_app.command("upgrade")
@reports_errors
def db_upgrade(config: Path | None = CONFIG, database_url: str | None = URL) -> None:
    """Apply the migrations the database is missing (safe to run again)."""
    settings = settings_from(config, database_url)
    engine = engine_for(settings.database_url)
    try:
        upgrade(engine)
        current, _ = schema_revisions(engine)
    except Exception as exc:  # a driver error here means the database cannot be reached or used
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseError(f"cannot upgrade the database: {reason}") from exc
    console.print(f"The database schema is current (revision {current}).")


@reports_errors
def serve(
    host: str | None = typer.Option(None, "--host", help="Address to listen on (default 127.0.0.1)."),
    port: int | None = typer.Option(None, "--port", help="Port (default 8000)."),
    workers: int | None = typer.Option(None, "--workers", help="Server processes (default 1)."),
    config: Path | None = CONFIG,
    database_url: str | None = URL,
) -> None:
    """Start the API server. It refuses to start on a stale schema or without a secret in production."""
    import uvicorn

    settings = load_settings(
        config_file=config, host=host, port=port, workers=workers, database_url=database_url
    )
    settings.check_can_serve()
    open_server_database(settings.database_url)  # fails early, with what to run, on a stale schema
    # the worker processes build their settings from the environment: hand the options over
    if config is not None:
        os.environ["SPINECOACH_CONFIG"] = str(config)
    if database_url is not None:
        os.environ["SPINECOACH_DATABASE_URL"] = database_url
    console.print(f"spinecoach API on http://{settings.host}:{settings.port}/api/v1/docs")
    uvicorn.run(
        "spinecoach.web.app:app_from_environment",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level="info",
    )


@users_app.command("add")
@reports_errors
def add_user(
    email: str = typer.Option(..., "--email"),
    role: Role = typer.Option(..., "--role"),
    name: str = typer.Option(..., "--name", help="The name shown to others."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
    config: Path | None = CONFIG,
) -> None:
    """Create an account. The password is asked for (hidden), or read from stdin."""
    password = _password(password_stdin)
    info = accounts.create_user(server_uow(settings_from(config)), email, role, name, password, _now())
    console.print(f"Created {info.role.value} {info.email} (user {info.id}).")


@users_app.command("assign")
@reports_errors
def assign(
    patient: str = typer.Argument(..., metavar="PATIENT_EMAIL"),
    instructor: str = typer.Argument(..., metavar="INSTRUCTOR_EMAIL"),
    config: Path | None = CONFIG,
) -> None:
    """Make an instructor responsible for a patient."""
    accounts.assign_instructor(server_uow(settings_from(config)), patient, instructor)
    console.print(f"{instructor} now looks after {patient}.")


@users_app.command("list")
@reports_errors
def list_users(config: Path | None = CONFIG) -> None:
    """Every account with its role."""
    table = Table("id", "email", "name", "role", "active")
    for u in accounts.list_users(server_uow(settings_from(config))):
        table.add_row(str(u.id), u.email, u.display_name, u.role.value, "yes" if u.active else "no")
    console.print(table)


@reports_errors
def demo_command(config: Path | None = CONFIG, database_url: str | None = URL) -> None:
    """Fill the database with demo accounts and a few weeks of history, and say how to log in."""
    settings = settings_from(config, database_url)
    if settings.environment != "development":
        raise BadInput(
            "the demo adds accounts with a shared, printed password: it runs only with "
            "SPINECOACH_ENVIRONMENT=development, never on a clinic's database"
        )
    uow = server_uow(settings)
    logins = demo.create_demo(uow, default_catalog(), _now())
    console.print("[b]Demo accounts[/] (for trying spinecoach only, never for real patients):")
    for login in logins:
        console.print(f"  {login.role.value:10} {login.email:34} password: {login.password}")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\n")
        if not line:
            raise BadInput("no password on stdin")
        return line
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise BadInput("the two passwords differ")
    return first


def _now() -> datetime:
    return datetime.now(UTC)
