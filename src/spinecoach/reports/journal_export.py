"""A person's journal as JSON and as one CSV table, a row per record (docs/outcomes.md lists the
fields of both)."""

import csv
import io
from typing import Any

from spinecoach.services.exports import PatientRecord

CSV_COLUMNS = ("patient_id", "at", "record", "item", "value", "detail", "note")


def journal_json(record: PatientRecord) -> dict[str, Any]:
    """The JSON export (docs/outcomes.md lists every field)."""
    return {
        "patient": {"id": record.patient_id, "name": record.name, "email": record.email},
        "generated_at": record.generated_at.isoformat(),
        "program": None
        if record.program_name is None
        else {
            "name": record.program_name,
            "kind": record.program_kind,
            "items": [vars(i) for i in record.program],
        },
        "sessions": [s.as_dict() for s in record.sessions],
        "pain": record.pain,
        "activities": record.activities,
        "treatments": record.treatments,
        "red_flags": record.red_flags,
        "questionnaires": [r.as_dict() for r in record.responses],
        "progress": record.progress.as_dict(),
    }


def csv_rows(record: PatientRecord) -> list[tuple[object, ...]]:
    """One row per record in time order, in the columns of CSV_COLUMNS."""
    pid = record.patient_id
    rows: list[tuple[object, ...]] = []
    for s in record.sessions:
        done = f"{s.reps_done}/{s.planned_reps * s.planned_sets} reps, {s.sets_done}/{s.planned_sets} sets"
        pain = f"pain {s.pain_before}->{'' if s.pain_after is None else s.pain_after}"
        camera = ""
        if s.posture is not None and s.posture.share is not None:
            camera = f"; correct posture {s.posture.share:.0%} of {s.posture.observed:.0f} s watched"
        rows.append(
            (pid, s.started_at.isoformat(), "session", s.exercise, s.outcome, f"{done}; {pain}{camera}", "")
        )
    rows += [(pid, p["at"], "pain", "nrs", p["score"], p["reach"], p["note"]) for p in record.pain]
    rows += [
        (pid, a["at"], "activity", a["activity"], a["minutes"], "minutes", a["note"])
        for a in record.activities
    ]
    rows += [
        (pid, t["at"], "treatment", t["kind"], t["started_on"] or "", t["evidence_note"] or "", t["note"])
        for t in record.treatments
    ]
    for r in record.responses:
        score = r.score()
        value, detail = (
            (score["percent"], f"{score['display']}% {score['band']}")
            if r.instrument == "odi"
            else (score["total"], f"psychosocial {score['psychosocial']}, {score['risk']} risk")
        )
        rows.append((pid, r.answered_at.isoformat(), "questionnaire", r.instrument, value, detail, ""))
    rows += [(pid, f["at"], "red-flag", f["where"], ";".join(f["flags"]), "", "") for f in record.red_flags]
    return sorted(rows, key=lambda row: (str(row[1]), str(row[2])))


def journal_csv(records: list[PatientRecord]) -> str:
    """The CSV export of one or more patients: the header of CSV_COLUMNS, then every row of each."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerows(csv_rows(record))
    return out.getvalue()
