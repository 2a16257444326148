"""Every command of the `spinecoach` CLI through typer's CliRunner, with its errors and exit codes.

Each test points the journal at a file under tmp_path (`--db`, or SPINECOACH_DB), so nothing
touches the person's real data folder. Exit codes: 0 fine, 1 refused by a safety rule, 2 bad input.
"""

import itertools
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from spinecoach.catalog import default_catalog
from spinecoach.cli import catalog_commands, errors, safety_commands, session_commands
from spinecoach.cli.app import app
from spinecoach.domain.pain import Reach
from spinecoach.domain.plans import build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.session_rules import Outcome
from spinecoach.services import accounts, sessions
from spinecoach.store.database import open_journal
from spinecoach.store.unit_of_work import UnitOfWork

UNIVERSAL = ("chest-on-table-breathing", "hands-knees-breathing")
EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT = 0, 1, 2


@pytest.fixture(autouse=True)
def wide_consoles(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Wide rich consoles so tables and panels do not fold ids and sentences across lines.

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


def invoke(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def as_json(result: Result) -> Any:
    assert result.exit_code == EXIT_OK, result.output
    return json.loads(result.stdout)


def assert_bad_input(result: Result, *fragments: str) -> str:
    """Exit 2 with one clear message on stderr that starts with 'error:', and no traceback."""
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert result.stderr.startswith("error:"), result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    return result.stderr


def flat(text: str) -> str:
    """Text with rich's box drawing removed and runs of whitespace collapsed into one space."""
    return " ".join(re.sub(r"[│╭╮╰╯─━┃┏┓┗┛]", " ", text).split())


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
