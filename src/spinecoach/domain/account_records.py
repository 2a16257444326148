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
