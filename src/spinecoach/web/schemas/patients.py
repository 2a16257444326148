"""Patients: the list with flags, one patient's summary, screenings, checks, clearances, alerts, audit."""

from datetime import datetime
from typing import Any

from pydantic import Field

from spinecoach.domain.presession import Go
from spinecoach.domain.screening import DecisionKind
from spinecoach.web.schemas.base import Public, Strict


class ReasonPublic(Public):
    code: str
    text: str


class DecisionPublic(Public):
    """What the screening decided: what is safe now, and why."""

    kind: DecisionKind
    reasons: list[ReasonPublic]
    allowed: list[str] = Field(description="the exercise ids allowed now")
    talk_to_doctor: bool


class PatientPublic(Public):
    id: int
    name: str
    email: str
    instructor_id: int | None
    decision: DecisionPublic | None = Field(description="the latest screening's; null before any")
    allowed: list[str] = Field(description="the exercise ids allowed now")
    program_paused: bool
    paused_since: datetime | None


class ScreeningPublic(Public):
    id: int
    answered_at: datetime
    answers: dict[str, Any] = Field(description="the answers as they were posted")
    kind: str = Field(description="the decision's kind, as in `decision`")
    reasons: list[ReasonPublic]


class CheckPublic(Public):
    id: int = Field(description="with `go`, the check to start a session with (within an hour)")
    result: Go
    message: str


class ClearanceCreate(Strict):
    note: str = Field(min_length=1, max_length=2000, description="whom the person saw, and when")


class PauseStatePublic(Public):
    program_paused: bool


class AlertPublic(Public):
    id: int
    patient_id: int
    session_id: int | None
    kind: str
    message: str
    created_at: datetime
    acknowledged_at: datetime | None = Field(description="null while the alert is open")


class AuditEntryPublic(Public):
    at: datetime
    actor_id: int | None
    actor_role: str = Field(description="the role, or `anonymous` when not logged in")
    patient_id: int | None
    action: str = Field(description="the method and the route as declared")
    outcome: str = Field(description="allowed, denied, rejected or failed")
    status: int
    request_id: str
