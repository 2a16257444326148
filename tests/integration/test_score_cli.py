"""`spinecoach score odi|startback`: the JSON contract, the text, and exit code 2 for bad answers."""

import json

import pytest
from typer.testing import CliRunner

from spinecoach.cli.app import app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_odi_json_has_the_exact_percent_the_rounded_display_band_and_answered(runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", "odi", "1,2,2,2,2,0,0,0,-,-", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "percent": "22.5",
        "display": 23,
        "band": "moderate",
        "answered": 8,
        "points": 9,
    }


def test_odi_two_marks_count_the_higher_and_the_text_says_the_band(runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", "odi", "1/3,0,0,0,0,0,0,0,0,0"])
    assert result.exit_code == 0, result.output
    assert "ODI 6% (minimal)" in result.stdout and "3/50 points" in result.stdout


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ("2,2,2,2,2,2,2,-,-,-", "at least 8 of 10"),
        ("2,2,2", "give 10 answers, got 3"),
        ("2,2,2,2,2,2,2,2,2,x", "section 10: 'x' is not an answer"),
        ("2,2,2,2,2,2,2,2,2,7", "section 10: a level is 0 to 5"),
    ],
)
def test_odi_unscorable_or_malformed_exits_2_with_one_error_line(
    runner: CliRunner, answers: str, message: str
) -> None:
    result = runner.invoke(app, ["score", "odi", answers, "--json"])
    assert result.exit_code == 2
    assert result.stdout == "" and message in result.stderr and "Traceback" not in result.output


def test_startback_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", "startback", "1,0,0,0,1,1,1,0", "--bother", "very-much", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"total": 5, "psychosocial": 4, "risk": "high"}


def test_startback_text(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["score", "startback", "agree,disagree,no,no,yes,yes,yes,no", "--bother", "slightly"]
    )
    assert result.exit_code == 0, result.output
    assert "medium risk; total 4/9, psychosocial 3/5" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1,0,0,0,1,1,1", "--bother", "slightly"], "give 8 answers, got 7"),
        (["1,0,0,-,1,1,1,0", "--bother", "slightly"], "unanswered: item 4"),
        (["1,0,0,0,1,1,1,0", "--bother", "a-lot"], "item 9 (--bother): 'a-lot'"),
    ],
)
def test_startback_incomplete_or_malformed_exits_2(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["score", "startback", *args])
    assert result.exit_code == 2 and message in result.stderr


def test_startback_without_bother_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", "startback", "1,0,0,0,1,1,1,0"])
    assert result.exit_code == 2 and "--bother" in result.output
