"""`spinecoach report` and `spinecoach export` on a server database (SQLite file), audited."""

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader
from typer.testing import CliRunner

from spinecoach.cli.app import app
from spinecoach.domain.accounts import Role
from spinecoach.domain.records import PainEntry
from spinecoach.services import accounts, outcomes, records
from spinecoach.store.database import open_server_database
from spinecoach.store.unit_of_work import UnitOfWork
from tests.integration.api_support import migrated_database

NOW = datetime(2026, 11, 23, 8, tzinfo=UTC)


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[str, int]:
    """A migrated database with an instructor and one patient with pain entries and an ODI."""
    url = migrated_database("sqlite", tmp_path, request)
    uow = UnitOfWork(open_server_database(url))
    accounts.create_user(uow, "ivy@example.org", Role.INSTRUCTOR, "Ivy Instructor", "long-enough-pass", NOW)
    info = accounts.create_user(uow, "pat@example.org", Role.PATIENT, "Pat Patient", "long-enough-pass", NOW)
    accounts.assign_instructor(uow, "pat@example.org", "ivy@example.org")
    assert info.patient_id is not None
    for score in (3, 6):
        records.add_pain(uow, info.patient_id, PainEntry(score=score, reach="thigh"), NOW)
    outcomes.record_odi(uow, info.patient_id, [(2,)] * 10, False, None, NOW)
    return url, info.patient_id


def audited(url: str, patient_id: int) -> list[str]:
    with UnitOfWork(open_server_database(url)) as uow:
        return [r.action for r in uow.audit.rows(patient_id) if r.actor_role == "command-line"]


def test_report_writes_a_pdf_and_is_audited(server: tuple[str, int], tmp_path: Path) -> None:
    url, pid = server
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(
        app, ["report", "--patient", str(pid), "--out", str(out), "--database-url", url]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Pat Patient" in " ".join(text.split()) and "40% moderate" in " ".join(text.split())
    assert audited(url, pid) == ["spinecoach report"]


@pytest.mark.parametrize("fmt", ["csv", "json", "fhir"])
def test_export_of_one_patient_in_each_format_parses_back(server: tuple[str, int], fmt: str) -> None:
    url, pid = server
    result = CliRunner().invoke(
        app, ["export", "--patient", str(pid), "--format", fmt, "--database-url", url]
    )
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [r["record"] for r in rows].count("pain") == 2
    elif fmt == "json":
        assert json.loads(result.stdout)["progress"]["pain"]["matters"] is True
    else:
        Bundle.model_validate(json.loads(result.stdout))
    assert audited(url, pid) == [f"spinecoach export --format {fmt}"]


def test_export_of_an_instructors_patients(server: tuple[str, int]) -> None:
    url, pid = server
    result = CliRunner().invoke(app, ["export", "--instructor", "IVY@example.org", "--database-url", url])
    assert result.exit_code == 0, result.output
    assert [p["patient"]["id"] for p in json.loads(result.stdout)] == [pid]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--format", "csv"], "give either --patient ID or --instructor EMAIL"),
        (["export", "--patient", "999"], "there is no patient 999"),
        (["export", "--instructor", "nobody@example.org"], "there is no account"),
        (
            ["export", "--instructor", "ivy@example.org", "--format", "fhir"],
            "--format fhir is for one patient",
        ),
        (["report", "--patient", "999", "--out", "x.pdf"], "there is no patient 999"),
    ],
)
def test_bad_input_exits_2_with_one_error_line(
    server: tuple[str, int], args: list[str], message: str
) -> None:
    url, _ = server
    result = CliRunner().invoke(app, [*args, "--database-url", url])
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output
