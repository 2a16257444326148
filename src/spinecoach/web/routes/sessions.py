"""Guided sessions over the API: start, events as they happen, finish."""

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from spinecoach.domain.access import can_read_patient, can_record_for_patient
from spinecoach.domain.pain import PAIN_MAX, PAIN_MIN, Reach
from spinecoach.domain.playback import MAX_SPEED, MIN_SPEED
from spinecoach.domain.session_rules import EventKind, Outcome
from spinecoach.services import guided, journal, sessions
from spinecoach.web.deps import MAX_ID, CatalogDep, IdPath, PatientAccess, UoW, now, patient_guard

router = APIRouter(tags=["sessions"])
Reader = Annotated[PatientAccess, Depends(patient_guard(can_read_patient))]
Recorder = Annotated[PatientAccess, Depends(patient_guard(can_record_for_patient))]
ClientId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SessionStart(Strict):
    exercise: str = Field(min_length=1, max_length=80)
    check_id: int = Field(ge=1, le=MAX_ID, description="a check made in the last hour that said `go`")
    reps: int | None = Field(default=None, ge=1, le=100)
    sets: int | None = Field(default=None, ge=1, le=100)
    speed: float = Field(default=1.0, ge=MIN_SPEED, le=MAX_SPEED)
    client_id: ClientId | None = Field(default=None, description="makes a retried start safe")


class EventIn(Strict):
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


@router.get("/patients/{patient_id}/sessions")
def list_sessions(access: Reader, uow: UoW) -> list[dict[str, object]]:
    """The patient's sessions, oldest first (a session never finished shows as interrupted)."""
    return [e.as_dict() for e in journal.list_journal(uow, access.patient.patient_id)]


@router.post("/patients/{patient_id}/sessions", status_code=201)
def start(
    body: SessionStart, access: Recorder, uow: UoW, catalog: CatalogDep, response: Response
) -> dict[str, object]:
    """Start a session of an allowed exercise after a check; answers with its id and timed plan."""
    started, plan = guided.start_after_check(
        uow,
        catalog,
        access.patient.patient_id,
        body.exercise,
        body.check_id,
        now(),
        body.reps,
        body.sets,
        body.speed,
        body.client_id,
    )
    if not started.created:
        response.status_code = 200
    return {"id": started.session_id, "plan": plan.as_dict()}


@router.get("/patients/{patient_id}/sessions/{session_id}")
def show(session_id: IdPath, access: Reader, uow: UoW) -> dict[str, object]:
    return journal.session_detail(uow, access.patient.patient_id, session_id)


class EventStored(BaseModel):
    stored: bool = Field(description="false: a retry of an event already stored")


# The busiest route of all (every event of every session): the answer is built here, so FastAPI
# does not validate and serialize it again; `response_model` still documents it.
_STORED = {True: b'{"stored":true}', False: b'{"stored":false}'}


@router.post(
    "/patients/{patient_id}/sessions/{session_id}/events",
    status_code=201,
    response_model=EventStored,
    responses={200: {"model": EventStored, "description": "a retry, stored before"}},
)
def event(session_id: IdPath, body: EventIn, access: Recorder, uow: UoW) -> Response:
    """Post an event as it happens. A retry with the same client_id is stored once (200, not 201)."""
    pid = access.patient.patient_id
    progress = None
    if body.reps_done is not None or body.sets_done is not None:
        progress = (body.reps_done or 0, body.sets_done or 0)
    event = sessions.Event(body.kind, body.plan_seconds, body.rep, body.set, body.reach, body.client_id)
    new = sessions.record_event(uow, pid, session_id, event, now(), progress)
    return Response(_STORED[new], status_code=201 if new else 200, media_type="application/json")


@router.post("/patients/{patient_id}/sessions/{session_id}/finish")
def finish(
    session_id: IdPath, body: SessionFinish, access: Recorder, uow: UoW, catalog: CatalogDep
) -> dict[str, object]:
    """Finish with the outcome and the pain after; the follow-up may regress or pause the program."""
    pid = access.patient.patient_id
    reps_range = catalog.exercise(sessions.exercise_of(uow, pid, session_id)).reps
    follow = sessions.finish_session(
        uow, pid, session_id, body.outcome, body.pain_after, body.reach_after, reps_range, now()
    )
    return {
        "next_reps": follow.next_reps,
        "alert_instructor": follow.alert_instructor,
        "program_paused": follow.pause_program,
        "messages": list(follow.messages),
    }
