"""A person's journal gathered for leaving the system, as one record that the renderers in
`spinecoach.reports` (the PDF report, JSON, CSV and FHIR) turn into files."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from spinecoach.domain.audit import audit_values
from spinecoach.domain.clinical_records import ActivityRecord, PainRecord, TreatmentRecord
from spinecoach.domain.errors import NotFound
from spinecoach.domain.records import EVIDENCE_NOTES, TreatmentKind
from spinecoach.services import journal
from spinecoach.services.outcomes import AnsweredQuestionnaire
from spinecoach.services.progress import Progress, progress_within
from spinecoach.store.unit_of_work import UnitOfWork


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
    def responses(self) -> list[AnsweredQuestionnaire]:
        return sorted(self.progress.odi + self.progress.startback, key=lambda r: (r.answered_at, r.id))

    @property
    def stops_for_pain(self) -> list[journal.JournalEntry]:
        return [s for s in self.sessions if s.outcome.startswith("stopped")]


def patient_record(uow: UnitOfWork, patient_id: int, now: datetime) -> PatientRecord:
    """Everything the exports show about one patient, read in a few queries."""
    with uow:
        return _patient_record(uow, patient_id, now)


def _patient_record(uow: UnitOfWork, patient_id: int, now: datetime) -> PatientRecord:
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
        sessions=journal.list_journal_within(uow, patient_id),
        pain=[_pain(r) for r in uow.records.pain_entries(patient_id)],
        activities=[_activity(r) for r in uow.records.activity_entries(patient_id)],
        treatments=[_treatment(r) for r in uow.records.treatments(patient_id)],
        red_flags=_red_flags(uow, patient_id),
        progress=progress_within(uow, patient_id, now),
    )


def _pain(r: PainRecord) -> dict[str, Any]:
    return {"at": r.recorded_at.isoformat(), "score": r.score, "reach": r.reach, "note": r.note}


def _activity(r: ActivityRecord) -> dict[str, Any]:
    return {"at": r.recorded_at.isoformat(), "activity": r.activity_id, "minutes": r.minutes, "note": r.note}


def _treatment(r: TreatmentRecord) -> dict[str, Any]:
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
        for c in uow.records.checks(patient_id)
        if c.red_flags
    ]
    found += [
        {"at": s.answered_at.isoformat(), "where": "screening", "flags": list(s.answers.get("red_flags", []))}
        for s in uow.records.screenings(patient_id)
        if s.answers.get("red_flags")
    ]
    return sorted(found, key=lambda f: str(f["at"]))


def instructor_records(uow: UnitOfWork, instructor_id: int, now: datetime) -> list[PatientRecord]:
    """Every patient the instructor looks after, oldest account first."""
    with uow:
        ids = [p.id for p, _ in uow.accounts.patients_of(instructor_id)]
        return [_patient_record(uow, pid, now) for pid in sorted(ids)]


def audit_export(uow: UnitOfWork, patient_id: int | None, action: str, now: datetime) -> None:
    """Exports made on the server's own machine (`spinecoach report` / `export`) are audited too."""
    with uow:
        row = audit_values(
            at=now,
            actor=None,
            role="command-line",
            action=action,
            patient_id=patient_id,
            status=200,
            request_id="cli",
        )
        uow.audit.insert(row)
        uow.commit()
