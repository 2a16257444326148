"""Fixtures shared by the integration test modules of one kind: the CLI ones and the API ones."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from spinecoach.cli import catalog_commands, errors, safety_commands, session_commands
from tests.integration.api_support import Clinic, build_clinic


@pytest.fixture
def wide_consoles(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Wide rich consoles so tables and panels do not fold ids and sentences across lines.

    The CLI test modules ask for it in their `pytestmark`; the other modules do not need it.

    SPINECOACH_DB also points into tmp_path, as a safety net for a test that forgets `--db`.
    """
    for console in (
        catalog_commands.console,
        safety_commands.console,
        session_commands.console,
        errors.stderr,
    ):
        monkeypatch.setattr(console, "_width", 240)
    monkeypatch.setenv("SPINECOACH_DB", str(tmp_path / "env-journal.sqlite3"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def clinic(make_client: Callable[[], TestClient]) -> Clinic:
    """The API tests' clinic of logged-in people; a module that needs another clinic defines its own."""
    return build_clinic(make_client())
