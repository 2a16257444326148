"""A person's journal gathered for leaving the system: JSON and CSV here; the PDF report, FHIR and
the calendar in their own modules build on the same record."""

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from spinecoach.domain.errors import NotFound
from spinecoach.domain.records import EVIDENCE_NOTES, TreatmentKind
from spinecoach.services import journal
from spinecoach.services.outcomes import Response
from spinecoach.services.progress import Progress, progress
from spinecoach.store.tables import (
    ActivityEntryRow,
    AuditRow,
    CheckRow,
    PainEntryRow,
    ScreeningRow,
    TreatmentRow,
)
from spinecoach.store.unit_of_work import UnitOfWork

CSV_COLUMNS = ("patient_id", "at", "record", "item", "value", "detail", "note")


@dataclass(frozen=True)
class ProgramItem:
    exercise: str
    reps: int
    sets: int
    days: list[str]
    time: str


@dataclass(frozen=True)
class PatientRecord:
    patient_id: int
    name: str
    email: str
    generated_at: datetime
    program_name: str | None
    program_kind: str | None
    program: list[ProgramItem]
    sessions: list[journal.JournalEntry]
    pain: list[dict[str, Any]]
    activities: list[dict[str, Any]]
    treatments: list[dict[str, Any]]
    red_flags: list[dict[str, Any]]  # when a warning sign was reported, and which
    progress: Progress

    @property
    def responses(self) -> list[Response]:
        return sorted(self.progress.odi + self.progress.startback, key=lambda r: (r.answered_at, r.id))

    @property
    def stops_for_pain(self) -> list[journal.JournalEntry]:
        return [s for s in self.sessions if s.outcome.startswith("stopped")]


def patient_record(uow: UnitOfWork, patient_id: int, now: datetime) -> PatientRecord:
    """Everything the exports show about one patient, read in a few queries."""
    sessions = journal.list_journal(uow, patient_id)
    measured = progress(uow, patient_id, now)
    with uow:
        patient = uow.accounts.patient(patient_id)
        if patient is None:
            raise NotFound(f"there is no patient {patient_id}")
        user = uow.accounts.user(patient.user_id)
        assert user is not None
        program = uow.records.active_program(patient_id)
        items = [] if program is None else uow.records.program_items(program.id)
        return PatientRecord(
            patient_id=patient_id,
            name=user.display_name,
            email=user.email,
            generated_at=now,
            program_name=program.name if program else None,
            program_kind=program.kind if program else None,
            program=[ProgramItem(i.exercise_id, i.reps, i.sets, list(i.days), i.time_of_day) for i in items],
            sessions=sessions,
            pain=[_pain(r) for r in uow.records.entries(PainEntryRow, patient_id)],
            activities=[_activity(r) for r in uow.records.entries(ActivityEntryRow, patient_id)],
            treatments=[_treatment(r) for r in uow.records.entries(TreatmentRow, patient_id)],
            red_flags=_red_flags(uow, patient_id),
            progress=measured,
        )


def _pain(r: PainEntryRow) -> dict[str, Any]:
    return {"at": r.recorded_at.isoformat(), "score": r.score, "reach": r.reach, "note": r.note}


def _activity(r: ActivityEntryRow) -> dict[str, Any]:
    return {"at": r.recorded_at.isoformat(), "activity": r.activity_id, "minutes": r.minutes, "note": r.note}


def _treatment(r: TreatmentRow) -> dict[str, Any]:
    return {
        "at": r.recorded_at.isoformat(),
        "kind": r.kind,
        "started_on": r.started_on,
        "note": r.note,
        "evidence_note": EVIDENCE_NOTES.get(TreatmentKind(r.kind)),
    }


def _red_flags(uow: UnitOfWork, patient_id: int) -> list[dict[str, Any]]:
    found = [
        {"at": c.checked_at.isoformat(), "where": "check before a session", "flags": list(c.red_flags)}
        for c in uow.records.entries(CheckRow, patient_id)
        if c.red_flags
    ]
    found += [
        {"at": s.answered_at.isoformat(), "where": "screening", "flags": list(s.answers.get("red_flags", []))}
        for s in uow.records.entries(ScreeningRow, patient_id)
        if s.answers.get("red_flags")
    ]
    return sorted(found, key=lambda f: str(f["at"]))


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
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerows(csv_rows(record))
    return out.getvalue()


def instructor_records(uow: UnitOfWork, instructor_id: int, now: datetime) -> list[PatientRecord]:
    """Every patient the instructor looks after, oldest account first."""
    with uow:
        ids = [p.id for p, _ in uow.accounts.patients_of(instructor_id)]
    return [patient_record(uow, pid, now) for pid in sorted(ids)]


def audit_export(uow: UnitOfWork, patient_id: int | None, action: str, now: datetime) -> None:
    """Exports made on the server's own machine (`spinecoach report` / `export`) are audited too."""
    with uow:
        uow.audit.append(
            AuditRow(
                at=now,
                actor_id=None,
                actor_role="command-line",
                patient_id=patient_id,
                action=action[:200],
                outcome="allowed",
                status=200,
                request_id="cli",
            )
        )
        uow.commit()
