"""Who is acting: roles, and the plain facts the access rules look at."""

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    PATIENT = "patient"
    INSTRUCTOR = "instructor"
    ADMIN = "admin"


@dataclass(frozen=True)
class Actor:
    """A logged-in user as the access rules see them."""

    user_id: int
    role: Role


@dataclass(frozen=True)
class PatientRef:
    """A patient as the access rules see them: whose account it is and who looks after it."""

    patient_id: int
    user_id: int
    instructor_id: int | None
