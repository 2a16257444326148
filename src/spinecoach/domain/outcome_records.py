"""Questionnaire answers, their schedule and calendar links as the store hands them back (see
`journal_records.py`)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class ResponseRecord:
    """One answered questionnaire with its exact score (points of maximum)."""

    id: int
    patient_id: int
    instrument: str  # odi, startback
    answered_at: datetime
    recorded_by: int | None
    answers: dict[str, Any]
    points: int
    maximum: int
    subscore: int | None
    band: str
    answered: int  # items answered
    validated_wording: bool


@dataclass(frozen=True, slots=True)
class ScheduleRecord:
    id: int
    patient_id: int
    interval_weeks: int
    set_by: int | None
    set_at: datetime


@dataclass(frozen=True, slots=True)
class FeedRecord:
    """A secret calendar link; only a keyed hash of its token is stored."""

    id: int
    patient_id: int
    token_hash: str
    created_at: datetime
    created_by: int | None
    revoked_at: datetime | None
