"""The CLI's journal, clear-pause and session commands, on an empty and on a paused journal."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spinecoach.catalog import default_catalog
from spinecoach.cli.app import app
from spinecoach.domain.pain import Reach
from spinecoach.domain.plans import build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.session_rules import Outcome
from spinecoach.services import accounts, sessions
from spinecoach.store.database import open_journal
from spinecoach.store.unit_of_work import UnitOfWork
from tests.integration.cli_support import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_REFUSED,
    as_json,
    assert_bad_input,
    flat,
    invoke,
)

pytestmark = pytest.mark.usefixtures("wide_consoles")


# --- spinecoach journal and clear-pause on an empty journal -------------------------------------


def test_journal_json_on_an_empty_db(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite3"
    assert as_json(invoke(runner, "journal", "--json", "--db", db)) == []
    assert db.exists()


def test_journal_text_on_an_empty_db(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "journal", "--db", tmp_path / "journal.sqlite3")
    assert result.exit_code == EXIT_OK, result.output
    assert "No sessions yet" in result.stdout


def test_journal_reads_spinecoach_db_from_the_environment(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "from-env" / "j.sqlite3"
    monkeypatch.setenv("SPINECOACH_DB", str(db))
    assert as_json(invoke(runner, "journal", "--json")) == []
    assert db.exists()


def test_journal_on_a_file_that_is_not_a_journal(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "not-a-db.sqlite3"
    db.write_text("this is not sqlite, just some words " * 100, encoding="utf-8")
    assert_bad_input(invoke(runner, "journal", "--json", "--db", db), "not-a-db.sqlite3")


def test_clear_pause_when_not_paused(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "clear-pause", "--note", "x", "--db", tmp_path / "journal.sqlite3")
    assert result.exit_code == EXIT_OK, result.output
    assert "nothing to clear" in result.stdout


def test_clear_pause_needs_a_note(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "clear-pause", "--db", tmp_path / "journal.sqlite3")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "--note" in result.output


# --- spinecoach session: bad input fails before any prompt --------------------------------------


@pytest.mark.parametrize("speed", ["0", "5000", "-1"])
def test_session_speed_out_of_range(runner: CliRunner, tmp_path: Path, speed: str) -> None:
    db = tmp_path / "journal.sqlite3"
    result = invoke(runner, "session", "--speed", speed, "--db", db)
    assert_bad_input(result, "--speed", "0.1", "1000")
    assert "Any of them" not in result.output


def test_session_unknown_exercise(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "session", "--exercise", "nope", "--db", tmp_path / "journal.sqlite3")
    assert_bad_input(result, "nope", "spinecoach exercises list")


@pytest.mark.parametrize(("option", "value"), [("--reps", "99"), ("--reps", "6"), ("--sets", "9")])
def test_session_counts_out_of_range(runner: CliRunner, tmp_path: Path, option: str, value: str) -> None:
    db = tmp_path / "journal.sqlite3"
    result = invoke(runner, "session", option, value, "--db", db)
    assert_bad_input(result, option.removeprefix("--"), value)
    assert "Any of them" not in result.output
    assert as_json(invoke(runner, "journal", "--json", "--db", db)) == []


def test_session_emergency_from_piped_answers(runner: CliRunner, tmp_path: Path) -> None:
    """Answers typed at the prompts: a red flag ends it with no session written."""
    db = tmp_path / "journal.sqlite3"
    result = runner.invoke(
        app, ["session", "--exercise", "hands-knees-breathing", "--db", str(db)], input="y\n1\nn\n3\n1\n"
    )
    assert result.exit_code == EXIT_OK, result.output
    assert "No exercise today" in result.stdout
    assert as_json(invoke(runner, "journal", "--json", "--db", db)) == []


def test_session_flare_up_postpones(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite3"
    result = runner.invoke(
        app, ["session", "--exercise", "hands-knees-breathing", "--db", str(db)], input="n\ny\n3\n1\n"
    )
    assert result.exit_code == EXIT_OK, result.output
    assert "Postpone" in result.stdout
    assert as_json(invoke(runner, "journal", "--json", "--db", db)) == []


# --- a paused program ---------------------------------------------------------------------------


def stop_twice_with_sharp_pain(db: Path) -> None:
    """Two sessions in a row stopped by sharp pain, written through the real services."""
    factory = open_journal(db)
    try:
        uow = UnitOfWork(factory)
        patient = accounts.local_patient(uow, datetime.now(UTC))
        exercise = default_catalog().exercise("hands-knees-breathing")
        plan = build_plan(prescribe(exercise))
        start = datetime.now(UTC) - timedelta(hours=2)
        for n in range(2):
            began = start + timedelta(minutes=30 * n)
            started = sessions.start_session(uow, patient, plan, 1.0, 3, Reach.BACK, began)
            follow = sessions.finish_session(
                uow,
                patient,
                started.session_id,
                Outcome.STOPPED_SHARP_PAIN,
                4,
                Reach.BACK,
                exercise.reps,
                began + timedelta(minutes=2),
            )
        assert follow.pause_program
        assert sessions.pause_status(uow, patient).paused
    finally:
        factory.kw["bind"].dispose()


def is_paused(db: Path) -> bool:
    factory = open_journal(db)
    try:
        uow = UnitOfWork(factory)
        return sessions.pause_status(uow, accounts.local_patient(uow, datetime.now(UTC))).paused
    finally:
        factory.kw["bind"].dispose()


@pytest.fixture
def paused_db(tmp_path: Path) -> Path:
    db = tmp_path / "paused.sqlite3"
    stop_twice_with_sharp_pain(db)
    return db


def test_session_refused_while_paused(runner: CliRunner, paused_db: Path) -> None:
    result = invoke(runner, "session", "--db", paused_db)
    assert result.exit_code == EXIT_REFUSED, result.output
    text = flat(result.output)
    assert "Program paused" in text
    assert "see a doctor" in text
    assert "spinecoach clear-pause" in text
    assert "Any of them" not in result.output  # refused before the pre-session questions
    assert len(as_json(invoke(runner, "journal", "--json", "--db", paused_db))) == 2


def test_session_refused_while_paused_via_environment(
    runner: CliRunner, paused_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPINECOACH_DB", str(paused_db))
    result = invoke(runner, "session", "--exercise", "chest-on-table-breathing")
    assert result.exit_code == EXIT_REFUSED, result.output


def test_clear_pause_lifts_the_pause(runner: CliRunner, paused_db: Path) -> None:
    assert is_paused(paused_db)
    result = invoke(runner, "clear-pause", "--note", "Dr X, 2 Dec", "--db", paused_db)
    assert result.exit_code == EXIT_OK, result.output
    assert "no longer paused" in result.stdout
    assert not is_paused(paused_db)

    again = invoke(runner, "clear-pause", "--note", "Dr X, 2 Dec", "--db", paused_db)
    assert again.exit_code == EXIT_OK
    assert "nothing to clear" in again.stdout

    # the session is no longer refused: it reaches the pre-session questions
    after = runner.invoke(
        app,
        ["session", "--exercise", "hands-knees-breathing", "--db", str(paused_db)],
        input="y\n1\nn\n3\n1\n",
    )
    assert after.exit_code == EXIT_OK, after.output
    assert "Any of them" in after.stdout
    assert "No exercise today" in after.stdout


@pytest.mark.parametrize("note", ["", "   "])
def test_clear_pause_refuses_an_empty_note(runner: CliRunner, paused_db: Path, note: str) -> None:
    assert_bad_input(invoke(runner, "clear-pause", "--note", note, "--db", paused_db), "--note")
    assert is_paused(paused_db)


def test_journal_lists_the_stopped_sessions(runner: CliRunner, paused_db: Path) -> None:
    entries = as_json(invoke(runner, "journal", "--json", "--db", paused_db))
    assert [e["outcome"] for e in entries] == ["stopped-sharp-pain", "stopped-sharp-pain"]
    for entry in entries:
        assert entry["exercise"] == "hands-knees-breathing"
        assert entry["pain_before"] == 3 and entry["pain_after"] == 4
        assert entry["planned"] == {"reps": 8, "sets": 2}
        assert entry["done"] == {"reps": 0, "sets": 0}
    result = invoke(runner, "journal", "--db", paused_db)
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout.count("stopped-sharp-pain") == 2
    assert len(re.findall(r"\b3\s*(?:->|→)\s*4\b", result.stdout)) == 2, result.stdout
