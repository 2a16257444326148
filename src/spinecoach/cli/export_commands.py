"""`spinecoach report` and `spinecoach export`: a patient's record out of the server's database.

They read the database named by the settings (as `users` does) and write an audit row, like the
API's exports.
"""

import json
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from spinecoach.catalog.questionnaires import questionnaires
from spinecoach.cli.errors import BadInput, reports_errors
from spinecoach.cli.server_commands import CONFIG, URL, server_uow, settings_from
from spinecoach.reports import fhir, journal_export, pdf
from spinecoach.reports.fonts import pick_font
from spinecoach.services import accounts, exports

console = Console(highlight=False, stderr=True)
PATIENT = typer.Option(..., "--patient", min=1, help="The patient's id (see `spinecoach users list`).")


class Format(StrEnum):
    CSV = "csv"
    JSON = "json"
    FHIR = "fhir"


def write(out: Path | None, data: bytes) -> None:
    if out is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise BadInput(f"--out {out}: cannot be written ({exc.strerror})") from None
    console.print(f"Written to {out}.")


@reports_errors
def report_command(
    patient: int = PATIENT,
    out: Path = typer.Option(..., "--out", help="The PDF file to write."),
    config: Path | None = CONFIG,
    database_url: str | None = URL,
) -> None:
    """The PDF report for the doctor."""
    settings = settings_from(config, database_url)
    uow = server_uow(settings)
    now = datetime.now(UTC)
    record = exports.patient_record(uow, patient, now)
    body = pdf.render_report(record, pick_font(settings.report_font))
    exports.audit_export(uow, patient, "spinecoach report", now)
    write(out, body)


@reports_errors
def export_command(
    patient: int | None = typer.Option(None, "--patient", min=1, help="One patient's id."),
    instructor: str | None = typer.Option(
        None, "--instructor", help="An instructor's email: all of their patients (csv or json)."
    ),
    format_: Format = typer.Option(Format.JSON, "--format", help="csv, json or fhir."),
    out: Path | None = typer.Option(None, "--out", help="The file to write (default: standard output)."),
    config: Path | None = CONFIG,
    database_url: str | None = URL,
) -> None:
    """A patient's journal (or all of an instructor's patients) as CSV, JSON or FHIR R4."""
    if (patient is None) == (instructor is None):
        raise BadInput("give either --patient ID or --instructor EMAIL")
    if instructor is not None and format_ == Format.FHIR:
        raise BadInput("--format fhir is for one patient: use --patient ID")
    settings = settings_from(config, database_url)
    uow = server_uow(settings)
    now = datetime.now(UTC)
    if patient is not None:
        records = [exports.patient_record(uow, patient, now)]
    else:
        user_id = accounts.user_id_by_email(uow, instructor or "")
        if user_id is None:
            raise BadInput(f"--instructor: there is no account {instructor!r}")
        records = exports.instructor_records(uow, user_id, now)
    if format_ == Format.CSV:
        body = journal_export.journal_csv(records)
    elif format_ == Format.FHIR:
        body = json.dumps(fhir.fhir_bundle(records[0], questionnaires(settings.questionnaire_texts)))
    else:
        data = [journal_export.journal_json(r) for r in records]
        body = json.dumps(data[0] if patient is not None else data, ensure_ascii=False, indent=2)
    for record in records:
        exports.audit_export(uow, record.patient_id, f"spinecoach export --format {format_.value}", now)
    write(out, (body if body.endswith("\n") else body + "\n").encode("utf-8"))
