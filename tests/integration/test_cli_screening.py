"""The CLI's `spinecoach screen`: the screening decisions and its bad answers files."""

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.integration.cli_support import (
    EXIT_OK,
    UNIVERSAL,
    as_json,
    assert_bad_input,
    invoke,
)

pytestmark = pytest.mark.usefixtures("wide_consoles")


# --- spinecoach screen --------------------------------------------------------------------------


def answers(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "red_flags": [],
        "hernia": "none",
        "seen_doctor": False,
        "flare_up": False,
        "osteochondrosis": False,
        "instructor_program": False,
    }
    return {**base, **changes}


def write_json(tmp_path: Path, data: object, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def screen(runner: CliRunner, tmp_path: Path, **changes: object) -> dict[str, Any]:
    path = write_json(tmp_path, answers(**changes))
    decision: dict[str, Any] = as_json(invoke(runner, "screen", "--answers", path, "--json"))
    return decision


def codes(decision: dict[str, Any]) -> list[str]:
    return [r["code"] for r in decision["reasons"]]


def test_screen_red_flag_is_an_emergency(runner: CliRunner, tmp_path: Path) -> None:
    decision = screen(runner, tmp_path, red_flags=["saddle-numbness"], hernia="diagnosed", seen_doctor=True)
    assert decision["kind"] == "emergency"
    assert decision["allowed"] == []
    assert decision["talk_to_doctor"] is True
    assert "red-flag" in codes(decision)
    assert "emergency" in " ".join(r["text"] for r in decision["reasons"]).lower()


def test_screen_suspected_hernia_not_seen_sees_doctor_first(runner: CliRunner, tmp_path: Path) -> None:
    decision = screen(runner, tmp_path, hernia="suspected", seen_doctor=False)
    assert decision["kind"] == "see-doctor-first"
    assert sorted(decision["allowed"]) == sorted(UNIVERSAL)
    assert decision["talk_to_doctor"] is True
    assert "see-doctor" in codes(decision)


def test_screen_flare_up_postpones(runner: CliRunner, tmp_path: Path) -> None:
    decision = screen(runner, tmp_path, hernia="diagnosed", seen_doctor=True, flare_up=True)
    assert decision["kind"] == "postpone"
    assert decision["allowed"] == []
    assert "flare-up" in codes(decision)


def test_screen_diagnosed_without_program_is_universal_only(runner: CliRunner, tmp_path: Path) -> None:
    decision = screen(runner, tmp_path, hernia="diagnosed", seen_doctor=True, instructor_program=False)
    assert decision["kind"] == "universal-only"
    assert sorted(decision["allowed"]) == sorted(UNIVERSAL)
    assert decision["talk_to_doctor"] is False


def test_screen_diagnosed_with_program_is_individual(runner: CliRunner, tmp_path: Path) -> None:
    decision = screen(runner, tmp_path, hernia="diagnosed", seen_doctor=True, instructor_program=True)
    assert decision["kind"] == "individual-program"
    assert set(UNIVERSAL) <= set(decision["allowed"])


def test_screen_no_hernia_is_prevention_from_the_safe_library(runner: CliRunner, tmp_path: Path) -> None:
    decision = screen(runner, tmp_path)
    assert decision["kind"] == "prevention"
    assert decision["talk_to_doctor"] is False
    assert set(UNIVERSAL) <= set(decision["allowed"])
    listed = as_json(invoke(runner, "exercises", "list", "--json"))
    safe = {e["id"] for e in listed if e["safe_for_hernia"]}
    assert set(decision["allowed"]) == safe
    assert "seated-twist" not in decision["allowed"]


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"hernia": "diagnosed", "seen_doctor": True},
        {"hernia": "diagnosed", "seen_doctor": True, "flare_up": True},
        {"red_flags": ["fever"]},
    ],
)
def test_screen_always_says_it_is_not_a_doctor(
    runner: CliRunner, tmp_path: Path, changes: dict[str, object]
) -> None:
    assert "not-a-doctor" in codes(screen(runner, tmp_path, **changes))


def test_screen_osteochondrosis_says_talk_to_doctor(runner: CliRunner, tmp_path: Path) -> None:
    decision = screen(runner, tmp_path, osteochondrosis=True)
    assert decision["kind"] == "prevention"
    assert decision["talk_to_doctor"] is True
    osteo = [r for r in decision["reasons"] if r["code"] == "osteochondrosis"]
    assert len(osteo) == 1 and "doctor" in osteo[0]["text"]


def test_screen_text_output(runner: CliRunner, tmp_path: Path) -> None:
    path = write_json(tmp_path, answers(hernia="diagnosed", seen_doctor=True))
    result = invoke(runner, "screen", "--answers", path)
    assert result.exit_code == EXIT_OK, result.output
    assert "universal-only" in result.stdout
    for exercise_id in UNIVERSAL:
        assert exercise_id in result.stdout


def test_screen_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "absent.json"
    assert_bad_input(invoke(runner, "screen", "--answers", missing, "--json"), "absent.json", "no such file")


def test_screen_invalid_json(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"hernia": "none",', encoding="utf-8")
    assert_bad_input(invoke(runner, "screen", "--answers", path, "--json"), "broken.json", "not valid JSON")


def test_screen_unknown_field(runner: CliRunner, tmp_path: Path) -> None:
    path = write_json(tmp_path, {**answers(), "hernai": "none"})
    assert_bad_input(invoke(runner, "screen", "--answers", path, "--json"), "hernai", "not a known field")


def test_screen_missing_field(runner: CliRunner, tmp_path: Path) -> None:
    data = answers()
    del data["flare_up"]
    path = write_json(tmp_path, data)
    assert_bad_input(invoke(runner, "screen", "--answers", path, "--json"), "flare_up", "is missing")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hernia", "maybe"),
        ("red_flags", ["headache"]),
        ("seen_doctor", "perhaps"),
        ("red_flags", "saddle-numbness"),
    ],
)
def test_screen_wrong_value(runner: CliRunner, tmp_path: Path, field: str, value: object) -> None:
    path = write_json(tmp_path, answers(**{field: value}))
    assert_bad_input(invoke(runner, "screen", "--answers", path, "--json"), field)


def test_screen_answers_not_an_object(runner: CliRunner, tmp_path: Path) -> None:
    path = write_json(tmp_path, ["none"])
    assert_bad_input(invoke(runner, "screen", "--answers", path, "--json"))
