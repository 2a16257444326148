"""Accounts as the store hands them back (see `journal_records.py`)."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: int
    email: str  # stored lower-case
    display_name: str
    role: str  # patient, instructor, admin
    password_hash: str | None  # None: cannot log in
    active: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PatientRecord:
    """The clinical side of a patient account, and the instructor assigned to it."""

    id: int
    user_id: int
    instructor_id: int | None


@dataclass(frozen=True, slots=True)
class PatientOnList:
    """A patient as the instructor's list shows them: who, and their newest session."""

    id: int
    user_id: int
    display_name: str
    email: str
    instructor_id: int | None
    last_session_at: datetime | None


@dataclass(frozen=True, slots=True)
class DeskFigures:
    """What the instructor's list counts per patient id, in three grouped queries."""

    people: list[PatientOnList]  # by name
    recent: dict[int, tuple[int, int]]  # sessions since the week began, stops since the window began
    open_alert_kinds: dict[int, set[str]]
    open_alerts: dict[int, int]
