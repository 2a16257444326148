"""Docs move with the code: these fail when a command, a field or a code is left undocumented."""

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer.main
import yaml
from typer.core import TyperGroup

from spinecoach.cli.app import app
from spinecoach.domain import screening
from spinecoach.domain.catalog import Catalog
from spinecoach.domain.programs import Profile, Program, review_program
from spinecoach.domain.reasons import Reason
from spinecoach.domain.red_flags import RedFlag
from spinecoach.domain.screening import DecisionKind, ScreeningAnswers
from spinecoach.domain.session_rules import Outcome
from spinecoach.services.journal import JournalEntry
from spinecoach.settings import DB_ENV, Settings

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CLI_DOC = (DOCS / "cli.md").read_text(encoding="utf-8")


def command_paths(group: TyperGroup, prefix: str = "spinecoach") -> list[str]:
    paths = []
    for name, command in group.commands.items():
        if isinstance(command, TyperGroup):
            paths += command_paths(command, f"{prefix} {name}")
        else:
            paths.append(f"{prefix} {name}")
    return paths


ALL_COMMANDS = command_paths(typer.main.get_group(app))  # type: ignore[arg-type]


def test_the_command_list_is_not_empty() -> None:
    assert "spinecoach exercises list" in ALL_COMMANDS and len(ALL_COMMANDS) >= 9


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_every_command_is_in_the_cli_reference(command: str) -> None:
    assert f"### `{command}" in CLI_DOC


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_every_command_is_in_the_readme_table(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{command}" in readme or f"`{command.rsplit(' ', 1)[0]} list`" in readme


@pytest.mark.parametrize(
    "value",
    [f.value for f in RedFlag] + [k.value for k in DecisionKind] + [o.value for o in Outcome],
)
def test_every_answer_value_kind_and_outcome_is_documented(value: str) -> None:
    assert f"`{value}`" in CLI_DOC


def reason_codes() -> list[str]:
    codes = [r.code for r in vars(screening).values() if isinstance(r, Reason)]
    return sorted({*codes, "red-flag", "red-flag-advice"})


@pytest.mark.parametrize("code", reason_codes())
def test_every_reason_code_is_documented(code: str) -> None:
    assert f"`{code}`" in CLI_DOC


@pytest.mark.parametrize("field", list(ScreeningAnswers.model_fields))
def test_every_screening_answer_field_is_documented(field: str) -> None:
    assert f"| `{field}` |" in CLI_DOC


def test_every_journal_json_field_is_documented() -> None:
    when = datetime(2026, 11, 23, tzinfo=UTC)
    entry = JournalEntry(1, "x", when, when, 8, 2, 16, 2, "completed", 3, "back", 2, "none", 0, 1.0)
    for key in entry.as_dict():
        assert f'"{key}"' in CLI_DOC, key


def test_the_db_setting_is_documented() -> None:
    assert DB_ENV in (DOCS / "configuration.md").read_text(encoding="utf-8")


def test_readme_links_point_to_existing_files() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\((docs/[^)]+)\)", readme):
        assert (ROOT / target).exists(), target
    assert "make run" in readme and "make test" in readme


def test_the_example_answers_decide_as_documented(catalog: Catalog) -> None:
    data = json.loads((DOCS / "examples" / "answers-hernia-seen-doctor.json").read_text())
    decision = screening.screen(ScreeningAnswers.model_validate(data), catalog)
    assert decision.kind == DecisionKind.UNIVERSAL_ONLY


def test_the_example_program_is_allowed_with_its_reason(catalog: Catalog) -> None:
    data = yaml.safe_load((DOCS / "examples" / "program-hernia.yaml").read_text())
    review = review_program(Program.model_validate(data), Profile.HERNIA, catalog)
    assert review.allowed and any(f.reason_given for f in review.findings)


def api_routes() -> list[str]:
    from spinecoach.web.routes import accounts, catalog, patients, programs, records, sessions

    found = []
    for module in (accounts, catalog, patients, programs, records, sessions):
        for route in module.router.routes:
            for method in sorted(getattr(route, "methods", set()) - {"HEAD", "OPTIONS"}):
                found.append(f"{method} /api/v1{getattr(route, 'path', '')}")
    return found


@pytest.mark.parametrize("route", api_routes())
def test_every_api_route_is_in_the_api_reference(route: str) -> None:
    assert f"`{route}`" in (DOCS / "api.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", sorted(Settings.model_fields))
def test_every_setting_is_in_the_configuration_doc(setting: str) -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    env = "SPINECOACH_DB" if setting == "db_path" else f"SPINECOACH_{setting.upper()}"
    assert env in text and f"`{setting}`" in text
