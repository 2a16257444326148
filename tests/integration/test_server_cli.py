"""The server's commands: db upgrade, users, demo, and serve's refusals."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from spinecoach.cli.app import app
from spinecoach.services import accounts
from spinecoach.store.database import open_server_database
from spinecoach.store.unit_of_work import UnitOfWork


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    monkeypatch.setenv("SPINECOACH_DATABASE_URL", url)
    monkeypatch.setenv("SPINECOACH_ENVIRONMENT", "development")
    monkeypatch.delenv("SPINECOACH_CONFIG", raising=False)
    return url


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.output + (result.stderr or "")


def test_serve_refuses_a_database_that_was_never_migrated(env: str) -> None:
    code, out = run("serve", "--port", "1")
    assert code == 2 and "spinecoach db upgrade" in out


def test_serve_refuses_production_without_a_secret(env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPINECOACH_ENVIRONMENT", "production")
    monkeypatch.delenv("SPINECOACH_SECRET_KEY", raising=False)
    code, out = run("serve")
    assert code == 2 and "SPINECOACH_SECRET_KEY" in out and "Traceback" not in out


def test_serve_refuses_a_short_or_default_secret(env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPINECOACH_ENVIRONMENT", "production")
    for secret in ("short", "development-only-secret-do-not-use-in-production"):
        monkeypatch.setenv("SPINECOACH_SECRET_KEY", secret)
        assert run("serve")[0] == 2


def test_a_bad_setting_names_itself(env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPINECOACH_PORT", "not-a-port")
    code, out = run("serve")
    assert code == 2 and "port" in out


def test_a_config_file_with_an_unknown_setting_is_refused(env: str, tmp_path: Path) -> None:
    config = tmp_path / "spinecoach.toml"
    config.write_text('databse_url = "sqlite:///x"\n')
    code, out = run("db", "upgrade", "--config", str(config))
    assert code == 2 and "databse_url" in out


def test_upgrade_then_users_then_assign(env: str) -> None:
    assert run("db", "upgrade") == (0, "The database schema is current (revision 0005).\n")
    assert run("db", "upgrade")[0] == 0  # safe to run again
    code, out = run(
        "users", "add", "--email", "Ivan@Example.org", "--role", "instructor", "--name", "Ivan", "--password-stdin",
        stdin="a-long-password\n",
    )  # fmt: skip
    assert code == 0 and "ivan@example.org" in out
    code, _ = run(
        "users", "add", "--email", "pat@example.org", "--role", "patient", "--name", "Pat", "--password-stdin",
        stdin="another-long-password\n",
    )  # fmt: skip
    assert code == 0
    assert run("users", "assign", "pat@example.org", "ivan@example.org")[0] == 0
    uow = UnitOfWork(open_server_database(env))
    patient = accounts.find_user(uow, "pat@example.org")
    instructor = accounts.find_user(uow, "ivan@example.org")
    assert patient.patient_id is not None
    ref = accounts.patient_ref(uow, patient.patient_id)
    assert ref is not None and ref.instructor_id == instructor.id
    code, out = run("users", "list")
    assert code == 0 and "pat@example.org" in out and "instructor" in out


@pytest.mark.parametrize(
    "args, stdin, words",
    [
        (
            ["--email", "not-an-email", "--role", "patient", "--name", "X"],
            "a-long-password\n",
            "not an email",
        ),
        (["--email", "x@example.org", "--role", "patient", "--name", "X"], "short\n", "at least 10"),
        (["--email", "x@example.org", "--role", "patient", "--name", "X"], "\n", "no password"),
    ],
)
def test_users_add_refuses_bad_input(env: str, args: list[str], stdin: str, words: str) -> None:
    run("db", "upgrade")
    code, out = run("users", "add", *args, "--password-stdin", stdin=stdin)
    assert code == 2 and words in out


def test_a_second_account_with_the_same_email_is_refused(env: str) -> None:
    run("db", "upgrade")
    args = ["users", "add", "--email", "a@example.org", "--role", "admin", "--name", "A", "--password-stdin"]
    assert run(*args, stdin="a-long-password\n")[0] == 0
    code, out = run(*args, stdin="a-long-password\n")
    assert code == 2 and "already exists" in out


def test_assigning_to_a_patient_as_instructor_is_refused(env: str) -> None:
    run("db", "upgrade")
    for email in ("p1@example.org", "p2@example.org"):
        run(
            "users",
            "add",
            "--email",
            email,
            "--role",
            "patient",
            "--name",
            "P",
            "--password-stdin",
            stdin="a-long-password\n",
        )
    code, out = run("users", "assign", "p1@example.org", "p2@example.org")
    assert code == 2 and "not an instructor" in out


def test_demo_fills_the_clinic_once_and_prints_the_logins(env: str) -> None:
    run("db", "upgrade")
    code, out = run("demo")
    assert code == 0 and "instructor@demo.spinecoach.org" in out and "password" in out
    uow = UnitOfWork(open_server_database(env))
    before = len(accounts.list_users(uow))
    assert before == 5
    assert run("demo")[0] == 0
    assert len(accounts.list_users(uow)) == before
