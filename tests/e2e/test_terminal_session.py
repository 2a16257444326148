"""The real `spinecoach` program in a pseudo-terminal: prompts, the live player, keys, the journal.

Each test runs the installed console script under pexpect with its journal in tmp_path, plays the
session fast (`--speed`), and then reads the journal back with `spinecoach journal --json`.
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest

pytestmark = pytest.mark.e2e

SPINECOACH = Path(sys.executable).parent / "spinecoach"
TIMEOUT = 30  # seconds for any one expected text; generous, the sessions themselves are fast

# Prompt texts from src/spinecoach/cli/prompts.py and session_commands.py (regexes; rich may put
# ANSI escapes around, never inside, these runs of plain text).
RED_FLAGS = r"Any of them, new or worse\?"
WHICH_FLAGS = r"Which ones\?"
FLARE_UP = r"flaring up right now\?"
PAIN_BEFORE = r"Pain right now, 0 \(none\) to 10"
PAIN_AFTER = r"Pain now, 0 \(none\) to 10"
REACH = r"Number:"
PLAYER = r"Breath\s+\d+\s+of\s+\d+"
EXIT_PANEL = r"Come out of the position slowly"
WELL_DONE = r"Well done"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES", "NO_COLOR"}}
    environ.update(
        SPINECOACH_DB=str(tmp_path / "j.sqlite3"),
        COLUMNS="100",
        LINES="40",
        TERM="xterm",
        PYTHONFAULTHANDLER="1",
    )
    return environ


def spawn(env: dict[str, str], *args: str, columns: int = 100) -> pexpect.spawn:
    assert SPINECOACH.exists(), f"the console script is not installed at {SPINECOACH}"
    return pexpect.spawn(
        str(SPINECOACH),
        list(args),
        env={**env, "COLUMNS": str(columns)},
        dimensions=(40, columns),
        encoding="utf-8",
        codec_errors="replace",
        timeout=TIMEOUT,
    )


def start_session(env: dict[str, str], *args: str) -> pexpect.spawn:
    return spawn(env, "session", "--no-bell", *args)


def answer_pre_session(
    child: pexpect.spawn, red_flags: str = "n", flare_up: str = "n", pain: str = "3", reach: str = "1"
) -> None:
    child.expect(RED_FLAGS)
    child.sendline(red_flags)
    if red_flags == "y":
        child.expect(WHICH_FLAGS)
        child.sendline("1")
    child.expect(FLARE_UP)
    child.sendline(flare_up)
    child.expect(PAIN_BEFORE)
    child.sendline(pain)
    child.expect(REACH)
    child.sendline(reach)


def answer_after(child: pexpect.spawn, pain: str, reach: str) -> None:
    child.expect(PAIN_AFTER)
    child.sendline(pain)
    child.expect(REACH)
    child.sendline(reach)


def finish(child: pexpect.spawn) -> int:
    """Wait for the program to end by itself and return its exit status."""
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus is None, f"ended by signal {child.signalstatus}"
    status: int = child.exitstatus
    return status


def journal(env: dict[str, str]) -> list[dict[str, Any]]:
    done = subprocess.run(
        [str(SPINECOACH), "journal", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    entries: list[dict[str, Any]] = json.loads(done.stdout)
    return entries


def only_session(env: dict[str, str]) -> dict[str, Any]:
    entries = journal(env)
    assert len(entries) == 1, entries
    return entries[0]


@pytest.fixture
def children() -> Any:
    """Every spawned child is ended at teardown, even when a test fails half-way."""
    spawned: list[pexpect.spawn] = []
    yield spawned
    for child in spawned:
        if child.isalive():
            child.terminate(force=True)


def test_sharp_pain_stops_the_session_and_is_journalled(env: dict[str, str], children: list[Any]) -> None:
    child = start_session(env, "--exercise", "hands-knees-breathing", "--speed", "10")
    children.append(child)
    answer_pre_session(child, pain="3", reach="1")
    child.expect(PLAYER)
    child.send("p")
    child.expect(EXIT_PANEL)
    answer_after(child, pain="5", reach="1")
    assert finish(child) == 0

    entry = only_session(env)
    assert entry["exercise"] == "hands-knees-breathing"
    assert entry["outcome"] == "stopped-sharp-pain"
    assert entry["pain_before"] == 3
    assert entry["pain_after"] == 5
    assert entry["reach_before"] == "back"
    assert entry["reach_after"] == "back"
    assert entry["speed"] == 10.0
    assert entry["finished_at"] is not None
    planned = entry["planned"]["reps"] * entry["planned"]["sets"]
    assert entry["done"]["reps"] < planned


def test_discomfort_is_logged_and_the_session_goes_on(env: dict[str, str], children: list[Any]) -> None:
    child = start_session(env, "--exercise", "hands-knees-breathing", "--speed", "10")
    children.append(child)
    answer_pre_session(child)
    child.expect(PLAYER)
    child.send("d")
    child.expect(r"Noted\. A little discomfort is allowed")
    child.expect(PLAYER)  # the player keeps drawing breaths after the note
    child.send("p")
    child.expect(EXIT_PANEL)
    answer_after(child, pain="3", reach="1")
    assert finish(child) == 0

    entry = only_session(env)
    assert entry["discomfort"] == 1
    assert entry["outcome"] == "stopped-sharp-pain"


def test_a_killed_terminal_leaves_an_interrupted_session(env: dict[str, str], children: list[Any]) -> None:
    child = start_session(env, "--exercise", "hands-knees-breathing", "--speed", "10")
    children.append(child)
    answer_pre_session(child, pain="2", reach="0")
    child.expect(PLAYER)
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL

    entry = only_session(env)
    assert entry["outcome"] == "interrupted"
    assert entry["finished_at"] is None
    assert entry["pain_before"] == 2
    assert entry["reach_before"] == "none"
    assert entry["pain_after"] is None


def test_a_red_flag_gets_no_session(env: dict[str, str], children: list[Any]) -> None:
    child = start_session(env, "--exercise", "hands-knees-breathing", "--speed", "10")
    children.append(child)
    answer_pre_session(child, red_flags="y")
    child.expect(r"No exercise today")
    child.expect(r"emergency")
    index = child.expect([PLAYER, pexpect.EOF])
    assert index == 1, "the player started despite a red flag"
    child.close()
    assert child.exitstatus == 0
    assert journal(env) == []


def test_pain_spreading_further_stops_the_exercise(env: dict[str, str], children: list[Any]) -> None:
    child = start_session(env, "--exercise", "hands-knees-breathing", "--speed", "10")
    children.append(child)
    answer_pre_session(child, pain="2", reach="1")  # back
    child.expect(PLAYER)
    child.send("l")
    child.expect(r"Where does the pain reach now\?")
    child.send("3")  # thigh: further than the back
    child.expect(EXIT_PANEL)
    answer_after(child, pain="4", reach="3")
    assert finish(child) == 0

    entry = only_session(env)
    assert entry["outcome"] == "stopped-pain-spread"
    assert entry["reach_before"] == "back"
    assert entry["reach_after"] == "thigh"


def test_pain_that_does_not_spread_lets_the_session_go_on(env: dict[str, str], children: list[Any]) -> None:
    child = start_session(env, "--exercise", "hands-knees-breathing", "--speed", "10")
    children.append(child)
    answer_pre_session(child, pain="2", reach="2")  # buttock
    child.expect(PLAYER)
    child.send("l")
    child.expect(r"Where does the pain reach now\?")
    child.send("1")  # back: nearer the spine than before
    child.expect(r"moved back towards the spine")
    child.send("q")
    child.expect(EXIT_PANEL)
    answer_after(child, pain="2", reach="1")
    assert finish(child) == 0

    entry = only_session(env)
    assert entry["outcome"] == "quit"


def test_sharp_pain_key_stops_even_while_asking_where_the_pain_reaches(
    env: dict[str, str], children: list[Any]
) -> None:
    child = start_session(env, "--exercise", "hands-knees-breathing", "--speed", "10")
    children.append(child)
    answer_pre_session(child)
    child.expect(PLAYER)
    child.send("l")
    child.expect(r"Where does the pain reach now\?")
    child.expect(r"SHARP PAIN - STOP")
    child.send("p")
    index = child.expect([EXIT_PANEL, r"No change recorded"])
    assert index == 0, "the sharp-pain key was ignored while the reach question was open"


def test_a_short_session_at_high_speed_completes(env: dict[str, str], children: list[Any]) -> None:
    child = start_session(
        env, "--exercise", "hands-knees-breathing", "--reps", "7", "--sets", "2", "--speed", "200"
    )
    children.append(child)
    answer_pre_session(child, pain="2", reach="1")
    child.expect(WELL_DONE)
    answer_after(child, pain="2", reach="1")
    child.expect(r"spinecoach journal")
    assert finish(child) == 0

    entry = only_session(env)
    assert entry["outcome"] == "completed"
    assert entry["planned"] == {"reps": 7, "sets": 2}
    assert entry["done"] == {"reps": 14, "sets": 2}
    assert entry["speed"] == 200.0
    assert entry["discomfort"] == 0


def test_journal_text_after_a_session(env: dict[str, str], children: list[Any]) -> None:
    child = start_session(
        env, "--exercise", "hands-knees-breathing", "--reps", "7", "--sets", "2", "--speed", "500"
    )
    children.append(child)
    answer_pre_session(child, pain="2", reach="1")
    child.expect(WELL_DONE)
    answer_after(child, pain="2", reach="1")
    assert finish(child) == 0

    # wide enough that the table does not shorten the exercise id or the outcome
    shown = spawn(env, "journal", columns=200)
    children.append(shown)
    shown.expect(r"hands-knees-breathing")
    shown.expect(r"14/14")
    shown.expect(r"completed")
    assert finish(shown) == 0
