"""A patient's clinical records as the store hands them back: screenings, checks, programs, diary
entries and alerts, each with the stored fields' names (see `journal_records.py`)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class ScreeningRecord:
    id: int
    patient_id: int
    answered_at: datetime
    answers: dict[str, Any]
    kind: str
    reasons: list[dict[str, str]]


@dataclass(frozen=True, slots=True)
class CheckRecord:
    """The check before a session."""

    id: int
    patient_id: int
    checked_at: datetime
    red_flags: list[str]
    flare_up: bool
    pain: int
    reach: str
    result: str  # go, emergency, postpone


@dataclass(frozen=True, slots=True)
class ProgramRecord:
    id: int
    patient_id: int
    name: str
    kind: str  # individual, complex
    created_by: int
    created_at: datetime
    active: bool  # the newest program replaces the last


@dataclass(frozen=True, slots=True)
class ProgramItemRecord:
    id: int
    program_id: int
    position: int
    exercise_id: str
    reps: int
    sets: int
    breathing: dict[str, float]
    rest: float
    days: list[str]
    time_of_day: str  # HH:MM
    reason: str | None  # the instructor's reason for a kept warning
    warnings: list[dict[str, Any]]  # findings kept with the reason


@dataclass(frozen=True, slots=True)
class PainRecord:
    id: int
    patient_id: int
    recorded_at: datetime
    score: int
    reach: str
    note: str


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    id: int
    patient_id: int
    recorded_at: datetime
    activity_id: str
    minutes: int
    note: str


@dataclass(frozen=True, slots=True)
class TreatmentRecord:
    id: int
    patient_id: int
    recorded_at: datetime
    kind: str
    started_on: str | None  # YYYY-MM-DD
    note: str


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """Something an instructor should look at."""

    id: int
    patient_id: int
    session_id: int | None
    kind: str
    message: str
    created_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: int | None
