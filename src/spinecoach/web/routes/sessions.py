"""Guided sessions over the API: start, events as they happen, finish."""

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from spinecoach.domain.access import can_read_patient, can_record_for_patient
from spinecoach.services import guided, journal, session_events, sessions
from spinecoach.web.deps import CatalogDep, IdPath, PatientAccess, UoW, now, patient_guard
from spinecoach.web.schemas.errors import GUARDED, WITH_BODY, errors
from spinecoach.web.schemas.sessions import (
    EventCreate,
    EventStored,
    FollowUpPublic,
    SessionDetailPublic,
    SessionFinish,
    SessionPublic,
    SessionStart,
    SessionStarted,
)

router = APIRouter(tags=["sessions"], responses=errors(*GUARDED))
Reader = Annotated[PatientAccess, Depends(patient_guard(can_read_patient))]
Recorder = Annotated[PatientAccess, Depends(patient_guard(can_record_for_patient))]


@router.get("/patients/{patient_id}/sessions", response_model=list[SessionPublic])
def list_sessions(access: Reader, uow: UoW) -> list[dict[str, object]]:
    """The patient's sessions, oldest first (a session never finished shows as interrupted)."""
    return [e.as_dict() for e in journal.list_journal(uow, access.patient.patient_id)]


@router.post(
    "/patients/{patient_id}/sessions",
    status_code=201,
    response_model=SessionStarted,
    responses={
        200: {"model": SessionStarted, "description": "a retried start: the session started before"},
        **errors(404, 409, *WITH_BODY),
    },
)
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


@router.get(
    "/patients/{patient_id}/sessions/{session_id}",
    response_model=SessionDetailPublic,
    responses=errors(404),
)
def show(session_id: IdPath, access: Reader, uow: UoW) -> dict[str, object]:
    return journal.session_detail(uow, access.patient.patient_id, session_id)


# The busiest route of all (every event of every session): the answer is built here, so FastAPI
# does not validate and serialize it again; `response_model` still documents it.
_STORED = {True: b'{"stored":true}', False: b'{"stored":false}'}


@router.post(
    "/patients/{patient_id}/sessions/{session_id}/events",
    status_code=201,
    response_model=EventStored,
    responses={
        200: {"model": EventStored, "description": "a retry, stored before"},
        **errors(404, 409, *WITH_BODY),
    },
)
def event(session_id: IdPath, body: EventCreate, access: Recorder, uow: UoW) -> Response:
    """Post an event as it happens. A retry with the same client_id is stored once (200, not 201)."""
    pid = access.patient.patient_id
    progress = None
    if body.reps_done is not None or body.sets_done is not None:
        progress = (body.reps_done or 0, body.sets_done or 0)
    event = session_events.Event(body.kind, body.plan_seconds, body.rep, body.set, body.reach, body.client_id)
    new = session_events.record_event(uow, pid, session_id, event, now(), progress)
    return Response(_STORED[new], status_code=201 if new else 200, media_type="application/json")


@router.post(
    "/patients/{patient_id}/sessions/{session_id}/finish",
    response_model=FollowUpPublic,
    responses=errors(404, 409, *WITH_BODY),
)
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
