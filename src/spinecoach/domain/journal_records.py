"""The journal as the store hands it back: sessions, their events and doctors' clearances.

Plain frozen records with the stored fields' names, so that pages, reports and services read them as
they read any value; only the repositories in `store/` build them.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One guided session; `outcome` stays `interrupted` unless the player finishes it."""

    id: int
    patient_id: int
    client_id: str | None
    exercise_id: str
    started_at: datetime
    finished_at: datetime | None
    planned_reps: int
    planned_sets: int
    reps_done: int  # all completed reps, every set
    sets_done: int  # sets with every rep completed
    outcome: str
    pain_before: int
    reach_before: str
    pain_after: int | None
    reach_after: str | None
    speed: float
    plan_total: float  # plan seconds
    next_reps: int | None  # set when the follow-up regressed
    paused_program: bool
    posture_observed_s: float | None  # None: the camera posture check was not used
    posture_correct_s: float | None


@dataclass(frozen=True, slots=True)
class EventRecord:
    """Something that happened during a session, at a plan time."""

    id: int
    session_id: int
    client_id: str | None
    kind: str
    occurred_at: datetime
    plan_seconds: float
    rep: int | None
    set: int | None
    reach: str | None


@dataclass(frozen=True, slots=True)
class ClearanceRecord:
    """A doctor has seen the person after the program was paused."""

    id: int
    patient_id: int
    cleared_at: datetime
    cleared_by: int | None
    note: str
