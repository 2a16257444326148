"""The CLI's `spinecoach check-program`: reviewing an instructor's program against the safety rules."""

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from tests.integration.cli_support import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_REFUSED,
    assert_bad_input,
    invoke,
)

pytestmark = pytest.mark.usefixtures("wide_consoles")


# --- spinecoach check-program -------------------------------------------------------------------


def write_program(tmp_path: Path, text: str, name: str = "program.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


ALLOWED = """\
name: Morning
kind: individual
items:
  - exercise: chest-on-table-breathing
  - exercise: hands-knees-breathing
    reps: 7
    sets: 3
  - exercise: glute-bridge
"""

TWISTING = """\
name: With a twist
kind: complex
items:
  - exercise: hands-knees-breathing
  - exercise: seated-twist
"""

JOGGING = """\
name: Jogging
kind: individual
items:
  - exercise: hands-knees-breathing
  - exercise: jogging-on-the-spot
"""

JOGGING_WITH_REASON = (
    JOGGING + "    reason: Marathon runner, cleared by Dr Petrova for light jogging on 2 Dec\n"
)


def check(runner: CliRunner, path: Path, profile: str = "hernia", *more: str) -> Result:
    return invoke(runner, "check-program", path, "--profile", profile, *more)


def review_of(result: Result) -> dict[str, Any]:
    assert "Traceback" not in result.output
    review: dict[str, Any] = json.loads(result.stdout)
    return review


def test_check_program_allows_universal_and_glute_bridge(runner: CliRunner, tmp_path: Path) -> None:
    result = check(runner, write_program(tmp_path, ALLOWED), "hernia", "--json")
    assert result.exit_code == EXIT_OK, result.output
    review = review_of(result)
    assert review["allowed"] is True
    assert not [f for f in review["findings"] if f["blocks"]]
    assert review["balance"].get("breathing") == 2
    assert review["balance"].get("strengthen", 0) >= 1


def test_check_program_allowed_text(runner: CliRunner, tmp_path: Path) -> None:
    result = check(runner, write_program(tmp_path, ALLOWED))
    assert result.exit_code == EXIT_OK, result.output
    assert "Program allowed" in result.stdout


def test_check_program_refuses_twisting_for_a_hernia(runner: CliRunner, tmp_path: Path) -> None:
    path = write_program(tmp_path, TWISTING)
    result = check(runner, path, "hernia", "--json")
    assert result.exit_code == EXIT_REFUSED, result.output
    review = review_of(result)
    assert review["allowed"] is False
    [finding] = [f for f in review["findings"] if f["exercise"] == "seated-twist"]
    assert finding["item"] == 2
    assert finding["severity"] == "refused"
    assert finding["blocks"] is True
    assert finding["code"] == "twisting"
    assert "twisting" in finding["message"]

    text = check(runner, path, "hernia")
    assert text.exit_code == EXIT_REFUSED
    assert "twisting" in text.stdout
    assert "Program refused" in text.stdout


def test_check_program_refuses_twisting_even_with_a_reason(runner: CliRunner, tmp_path: Path) -> None:
    path = write_program(tmp_path, TWISTING + "    reason: the instructor insists\n")
    result = check(runner, path, "hernia", "--json")
    assert result.exit_code == EXIT_REFUSED, result.output
    assert review_of(result)["allowed"] is False


def test_check_program_notes_twisting_for_prevention(runner: CliRunner, tmp_path: Path) -> None:
    result = check(runner, write_program(tmp_path, TWISTING), "prevention", "--json")
    assert result.exit_code == EXIT_OK, result.output
    review = review_of(result)
    assert review["allowed"] is True
    [finding] = [f for f in review["findings"] if f["exercise"] == "seated-twist"]
    assert finding["severity"] == "note"
    assert finding["blocks"] is False
    assert "twisting" in finding["message"]


def test_check_program_warned_exercise_without_reason_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = check(runner, write_program(tmp_path, JOGGING), "hernia", "--json")
    assert result.exit_code == EXIT_REFUSED, result.output
    review = review_of(result)
    findings = [f for f in review["findings"] if f["exercise"] == "jogging-on-the-spot"]
    assert findings
    assert all(f["severity"] == "warning" and f["blocks"] and f["reason"] is None for f in findings)
    assert "running" in {f["code"] for f in findings}
    assert any("written reason" in f["message"] for f in findings)


def test_check_program_warned_exercise_with_reason_is_kept(runner: CliRunner, tmp_path: Path) -> None:
    path = write_program(tmp_path, JOGGING_WITH_REASON)
    result = check(runner, path, "hernia", "--json")
    assert result.exit_code == EXIT_OK, result.output
    review = review_of(result)
    assert review["allowed"] is True
    findings = [f for f in review["findings"] if f["exercise"] == "jogging-on-the-spot"]
    assert findings
    for finding in findings:
        assert finding["severity"] == "warning"
        assert finding["blocks"] is False
        assert finding["reason"] == "Marathon runner, cleared by Dr Petrova for light jogging on 2 Dec"

    text = check(runner, path, "hernia")
    assert text.exit_code == EXIT_OK
    assert "kept because: Marathon runner" in text.stdout


def test_check_program_empty_reason_is_no_reason(runner: CliRunner, tmp_path: Path) -> None:
    path = write_program(tmp_path, JOGGING + '    reason: ""\n')
    assert check(runner, path, "hernia", "--json").exit_code == EXIT_REFUSED


def test_check_program_blank_reason_is_no_reason(runner: CliRunner, tmp_path: Path) -> None:
    path = write_program(tmp_path, JOGGING + '    reason: "   "\n')
    assert check(runner, path, "hernia", "--json").exit_code == EXIT_REFUSED


@pytest.mark.parametrize(
    ("item", "fragment"),
    [
        ("  - exercise: hands-knees-breathing\n    reps: 9\n", "reps"),
        ("  - exercise: chest-on-table-breathing\n    sets: 4\n", "sets"),
        ("  - exercise: chest-on-table-breathing\n    breathing: {hold: 6}\n", "fixed"),
        ("  - exercise: no-such-exercise\n", "no-such-exercise"),
    ],
)
def test_check_program_invalid_prescription(
    runner: CliRunner, tmp_path: Path, item: str, fragment: str
) -> None:
    path = write_program(tmp_path, "name: Bad\nkind: individual\nitems:\n" + item)
    result = check(runner, path, "hernia", "--json")
    assert result.exit_code == EXIT_REFUSED, result.output
    review = review_of(result)
    assert review["allowed"] is False
    [finding] = review["findings"]
    assert finding["code"] == "invalid-prescription"
    assert finding["severity"] == "refused"
    assert fragment in finding["message"]


def test_check_program_reps_out_of_range_names_the_range(runner: CliRunner, tmp_path: Path) -> None:
    path = write_program(
        tmp_path, "name: Bad\nkind: individual\nitems:\n  - exercise: hands-knees-breathing\n    reps: 12\n"
    )
    result = check(runner, path, "prevention", "--json")
    assert result.exit_code == EXIT_REFUSED, result.output
    [finding] = review_of(result)["findings"]
    assert "7" in finding["message"] and "8" in finding["message"] and "12" in finding["message"]


def test_check_program_malformed_yaml(runner: CliRunner, tmp_path: Path) -> None:
    path = write_program(tmp_path, "name: [unclosed\nkind: individual\n", "broken.yaml")
    assert_bad_input(check(runner, path, "hernia", "--json"), "broken.yaml", "not valid YAML")


def test_check_program_unknown_field(runner: CliRunner, tmp_path: Path) -> None:
    path = write_program(tmp_path, ALLOWED.replace("    reps: 7\n", "    repetitions: 7\n"))
    assert_bad_input(check(runner, path, "hernia", "--json"), "repetitions", "not a known field")


def test_check_program_missing_field(runner: CliRunner, tmp_path: Path) -> None:
    path = write_program(tmp_path, ALLOWED.replace("kind: individual\n", ""))
    assert_bad_input(check(runner, path, "hernia"), "kind", "is missing")


def test_check_program_empty_file(runner: CliRunner, tmp_path: Path) -> None:
    assert_bad_input(check(runner, write_program(tmp_path, ""), "hernia"))


def test_check_program_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    assert_bad_input(check(runner, tmp_path / "absent.yaml", "hernia"), "absent.yaml", "no such file")


def test_check_program_invalid_profile(runner: CliRunner, tmp_path: Path) -> None:
    result = check(runner, write_program(tmp_path, ALLOWED), "athlete")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "--profile" in result.output
    assert "Traceback" not in result.output


def test_check_program_needs_a_profile(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "check-program", write_program(tmp_path, ALLOWED))
    assert result.exit_code == EXIT_BAD_INPUT
    assert "--profile" in result.output
