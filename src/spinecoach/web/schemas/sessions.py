"""Guided sessions: starting one, its events, finishing it, and the journal entry of each session."""

from typing import Annotated

from pydantic import Field

from spinecoach.domain.pain import PAIN_MAX, PAIN_MIN, Reach
from spinecoach.domain.playback import MAX_SPEED, MIN_SPEED
from spinecoach.domain.session_rules import EventKind, Outcome
from spinecoach.web.deps import MAX_ID
from spinecoach.web.schemas.base import Public, Strict
from spinecoach.web.schemas.catalog import PlanPublic

ClientId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]


class SessionStart(Strict):
    exercise: str = Field(min_length=1, max_length=80)
    check_id: int = Field(ge=1, le=MAX_ID, description="a check made in the last hour that said `go`")
    reps: int | None = Field(default=None, ge=1, le=100)
    sets: int | None = Field(default=None, ge=1, le=100)
    speed: float = Field(default=1.0, ge=MIN_SPEED, le=MAX_SPEED)
    client_id: ClientId | None = Field(default=None, description="makes a retried start safe")


class EventCreate(Strict):
    client_id: ClientId
    kind: EventKind
    plan_seconds: float = Field(ge=0, le=24 * 3600)
    rep: int | None = Field(default=None, ge=1, le=100)
    set: int | None = Field(default=None, ge=1, le=100)
    reach: Reach | None = None
    reps_done: int | None = Field(default=None, ge=0, le=10000)
    sets_done: int | None = Field(default=None, ge=0, le=100)


class SessionFinish(Strict):
    outcome: Outcome
    pain_after: int = Field(ge=PAIN_MIN, le=PAIN_MAX)
    reach_after: Reach


class SessionStarted(Public):
    id: int
    plan: PlanPublic


class EventStored(Public):
    stored: bool = Field(description="false: a retry of an event already stored")


class FollowUpPublic(Public):
    next_reps: int | None = Field(description="fewer reps next time, after a pain rise")
    alert_instructor: bool
    program_paused: bool
    messages: list[str]


class Counts(Public):
    reps: int
    sets: int


class PostureSecondsPublic(Public):
    observed_s: float = Field(description="seconds the camera watched the breathing steps")
    correct_s: float = Field(description="of those, seconds in a correct posture")
    share: float | None = Field(description="correct / observed, 0-1; null when nothing was watched")


class SessionPublic(Public):
    """A session as the journal shows it (`spinecoach journal --json`)."""

    id: int
    exercise: str
    started_at: str = Field(description="ISO 8601, UTC")
    finished_at: str | None
    planned: Counts
    done: Counts
    outcome: str = Field(description="an outcome; `interrupted` while never finished")
    pain_before: int
    reach_before: str
    pain_after: int | None
    reach_after: str | None
    discomfort: int = Field(description="how many discomfort events were reported")
    speed: float
    posture: PostureSecondsPublic | None = Field(description="null: the camera check was not used")


class EventPublic(Public):
    client_id: str | None = Field(description="null for events stored without one")
    kind: str
    occurred_at: str = Field(description="ISO 8601, UTC")
    plan_seconds: float
    rep: int | None
    set: int | None
    reach: str | None


class SessionDetailPublic(SessionPublic):
    events: list[EventPublic]
