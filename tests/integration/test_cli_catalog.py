"""The CLI's help, its exercise catalog, plans and activities."""

import itertools
import re
from typing import Any

import pytest
from typer.testing import CliRunner

from spinecoach.catalog import default_catalog
from spinecoach.domain.plans import build_plan
from spinecoach.domain.prescription import prescribe
from tests.integration.cli_support import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    UNIVERSAL,
    as_json,
    assert_bad_input,
    flat,
    invoke,
)

pytestmark = pytest.mark.usefixtures("wide_consoles")


# --- spinecoach --help --------------------------------------------------------------------------


def test_root_help_says_it_does_not_replace_a_doctor(runner: CliRunner) -> None:
    result = invoke(runner, "--help")
    assert result.exit_code == EXIT_OK
    assert "does not replace a doctor" in flat(result.output)
    for command in ("exercises", "plan", "screen", "check-program", "session", "journal", "clear-pause"):
        assert command in result.output


def test_no_arguments_shows_usage_not_a_traceback(runner: CliRunner) -> None:
    result = invoke(runner)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "Usage" in result.output
    assert "Traceback" not in result.output


# --- spinecoach exercises -----------------------------------------------------------------------


def test_exercises_list_table_names_both_universal_exercises(runner: CliRunner) -> None:
    result = invoke(runner, "exercises", "list")
    assert result.exit_code == EXIT_OK, result.output
    for exercise_id in UNIVERSAL:
        assert exercise_id in result.stdout
    assert "Red rows are refused or warned for a disc hernia." in result.stdout


def test_exercises_list_json_describes_every_exercise(runner: CliRunner) -> None:
    listed = as_json(invoke(runner, "exercises", "list", "--json"))
    assert isinstance(listed, list)
    assert len(listed) >= 29
    for entry in listed:
        assert {"id", "purpose", "movements", "safe_for_hernia"} <= entry.keys()
        assert isinstance(entry["purpose"], list) and entry["purpose"]
        assert isinstance(entry["movements"], list)
        assert isinstance(entry["safe_for_hernia"], bool)
    by_id = {e["id"]: e for e in listed}
    assert len(by_id) == len(listed), "an id is listed twice"
    for exercise_id in UNIVERSAL:
        assert by_id[exercise_id]["universal"] is True
        assert by_id[exercise_id]["safe_for_hernia"] is True
    assert sorted(e["id"] for e in listed if e["universal"]) == sorted(UNIVERSAL)
    if "seated-twist" in by_id:
        assert "twisting" in by_id["seated-twist"]["movements"]
        assert by_id["seated-twist"]["safe_for_hernia"] is False
    # the flag agrees with the movement tags for every entry
    unsafe_tags = {"twisting", "sharp", "running", "jumping", "step-aerobics", "impact", "flexion-under-load"}
    for entry in listed:
        assert entry["safe_for_hernia"] == (not unsafe_tags & set(entry["movements"])), entry["id"]


def phases(shown: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["phase"]: p for p in shown["cycle"]}


def test_exercises_show_chest_on_table_breathing(runner: CliRunner) -> None:
    shown = as_json(invoke(runner, "exercises", "show", "chest-on-table-breathing", "--json"))
    assert shown["id"] == "chest-on-table-breathing"
    assert shown["universal"] is True
    assert shown["reps"]["min"] == 7 and shown["reps"]["max"] == 8
    assert shown["sets"]["min"] == 2 and shown["sets"]["max"] == 3
    assert [p["phase"] for p in shown["cycle"]] == ["inhale", "hold", "exhale"]
    hold = phases(shown)["hold"]
    assert hold["seconds"] == 4
    assert hold["fixed"] is True
    assert shown["setup_exit_each_set"] is True
    assert isinstance(shown["movements"], list)
    assert "breathing" in shown["purpose"]


def test_exercises_show_hands_knees_breathing(runner: CliRunner) -> None:
    shown = as_json(invoke(runner, "exercises", "show", "hands-knees-breathing", "--json"))
    assert shown["id"] == "hands-knees-breathing"
    assert shown["reps"]["min"] == 7 and shown["reps"]["max"] == 8
    assert shown["sets"]["min"] == 2 and shown["sets"]["max"] == 3
    assert [p["phase"] for p in shown["cycle"]] == ["inhale", "exhale", "pause"]
    cycle = phases(shown)
    assert cycle["pause"]["seconds"] == 4
    assert cycle["pause"]["fixed"] is True
    assert cycle["exhale"]["same_as"] == "inhale"
    assert cycle["exhale"]["seconds"] == cycle["inhale"]["seconds"]
    assert isinstance(shown["movements"], list)
    assert "breathing" in shown["purpose"]


def test_exercises_show_text(runner: CliRunner) -> None:
    result = invoke(runner, "exercises", "show", "hands-knees-breathing")
    assert result.exit_code == EXIT_OK, result.output
    assert "hands-knees-breathing" in result.stdout
    assert "Breathing cycle: inhale 5 s, exhale 5 s, pause 4 s (fixed)" in result.stdout
    assert "Reps 7-8, sets 2-3" in result.stdout


@pytest.mark.parametrize("as_json_flag", [(), ("--json",)])
def test_exercises_show_unknown_id(runner: CliRunner, as_json_flag: tuple[str, ...]) -> None:
    result = invoke(runner, "exercises", "show", "no-such-exercise", *as_json_flag)
    assert_bad_input(result, "no-such-exercise", "spinecoach exercises list")


# --- spinecoach plan ----------------------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", UNIVERSAL)
def test_plan_json_is_contiguous_and_totals_up(runner: CliRunner, exercise_id: str) -> None:
    plan = as_json(invoke(runner, "plan", exercise_id, "--json"))
    steps = plan["steps"]
    assert plan["exercise"] == exercise_id
    assert steps, "an empty plan"
    for step in steps:
        assert {"kind", "start", "duration", "rep", "set", "text"} <= step.keys()
        assert step["duration"] > 0
        assert isinstance(step["text"], str) and step["text"]
    assert steps[0]["start"] == 0
    for before, after in itertools.pairwise(steps):
        assert after["start"] == pytest.approx(before["start"] + before["duration"])
    assert plan["total"] == pytest.approx(steps[-1]["start"] + steps[-1]["duration"])
    assert steps[0]["kind"] == "setup"
    assert steps[-1]["kind"] == "exit"
    inhales = [s for s in steps if s["kind"] == "inhale"]
    assert len(inhales) == plan["reps"] * plan["sets"]


@pytest.mark.parametrize("exercise_id", UNIVERSAL)
@pytest.mark.parametrize("reps", ["6", "9"])
def test_plan_refuses_reps_outside_the_range(runner: CliRunner, exercise_id: str, reps: str) -> None:
    message = assert_bad_input(invoke(runner, "plan", exercise_id, "--reps", reps, "--json"), "reps")
    assert "7" in message and "8" in message
    assert re.search(r"\b7\b.*\b8\b", message), message
    assert reps in message


@pytest.mark.parametrize("exercise_id", UNIVERSAL)
def test_plan_refuses_too_many_sets(runner: CliRunner, exercise_id: str) -> None:
    message = assert_bad_input(invoke(runner, "plan", exercise_id, "--sets", "4"), "sets")
    assert re.search(r"\b2\b.*\b3\b", message), message


@pytest.mark.parametrize("exercise_id", UNIVERSAL)
def test_plan_with_chosen_reps_and_sets(runner: CliRunner, exercise_id: str) -> None:
    plan = as_json(invoke(runner, "plan", exercise_id, "--reps", "7", "--sets", "3", "--json"))
    assert plan["reps"] == 7 and plan["sets"] == 3
    inhales = [s for s in plan["steps"] if s["kind"] == "inhale"]
    assert len(inhales) == 3 * 7
    assert sorted({(s["set"], s["rep"]) for s in inhales}) == [
        (set_, rep) for set_ in range(1, 4) for rep in range(1, 8)
    ]


def test_plan_text_table(runner: CliRunner) -> None:
    result = invoke(runner, "plan", "hands-knees-breathing")
    assert result.exit_code == EXIT_OK, result.output
    plan = build_plan(prescribe(default_catalog().exercise("hands-knees-breathing")))
    assert f"Total: {plan.total:g} s" in result.stdout


def test_plan_unknown_exercise(runner: CliRunner) -> None:
    assert_bad_input(invoke(runner, "plan", "nope", "--json"), "nope", "spinecoach exercises list")


# --- spinecoach activities ----------------------------------------------------------------------


def test_activities_json_recommends_and_warns(runner: CliRunner) -> None:
    listed = as_json(invoke(runner, "activities", "--json"))
    advice = {a["id"]: a["advice"] for a in listed}
    for recommended in ("swimming", "walking", "cycling", "cross-country-skiing"):
        assert advice.get(recommended) == "recommended", recommended
    for undesirable in ("running", "jumping", "step-aerobics"):
        assert advice.get(undesirable) == "undesirable", undesirable
    for entry in listed:
        assert entry["name"]["en"] and entry["note"]["en"]


def test_activities_text(runner: CliRunner) -> None:
    result = invoke(runner, "activities")
    assert result.exit_code == EXIT_OK, result.output
    assert "recommended" in result.stdout and "undesirable" in result.stdout
    assert "Swimming" in result.stdout or "swimming" in result.stdout
