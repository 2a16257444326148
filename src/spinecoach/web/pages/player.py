"""The guided session in the browser: the page, and the progress reports its script sends.

The page carries the session's plan (the server's one source of timing) and the figure's poses as
JSON; `static/session.js` plays it against the clock and reports events to the JSON API
(`POST /api/v1/patients/{id}/sessions/{id}/events` and `/finish`) with a client-made id each.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from spinecoach.domain.access import can_read_patient, can_record_for_patient
from spinecoach.domain.pain import PAIN_MAX, PAIN_MIN, Reach
from spinecoach.domain.session_rules import (
    DISCOMFORT_NOTE,
    PROGRAM_PAUSED,
    SHARP_PAIN_STOP,
    EventKind,
    respond,
)
from spinecoach.services import guided, journal, session_events
from spinecoach.web.deps import CatalogDep, IdPath, PatientAccess, UoW, patient_guard
from spinecoach.web.figure import figure_of
from spinecoach.web.i18n import Gettext, choose_language, gettext_for
from spinecoach.web.pages.rendering import render

router = APIRouter(include_in_schema=False)
Reader = Annotated[PatientAccess, Depends(patient_guard(can_read_patient))]
Recorder = Annotated[PatientAccess, Depends(patient_guard(can_record_for_patient))]


@router.get("/patients/{patient_id}/sessions/{session_id}")
def session_page(
    request: Request, session_id: IdPath, access: Reader, uow: UoW, catalog: CatalogDep
) -> Response:
    """The guided session; a finished one shows how it ended, with a link to the journal."""
    pid = access.patient.patient_id
    entry, events = journal.session_with_events(uow, pid, session_id)
    exercise = catalog.exercise(entry.exercise)
    language = choose_language(request)
    _ = gettext_for(request)
    plan = guided.plan_of(catalog, entry)
    data = {
        "sessionId": session_id,
        "patientId": pid,
        "speed": entry.speed,
        "finished": entry.finished_at is not None,
        "plan": plan.as_dict(language),
        "figure": figure_of(exercise).as_dict(),
        "exitSteps": [step.text.in_(language) for step in exercise.exit],
        # where an unfinished session stood by the server's record: the page offers to resume there
        "resumeAt": guided.resume_point(plan, [e.plan_seconds for e in events], entry.reps_done),
        "done": {"reps": entry.reps_done, "sets": entry.sets_done},
        "api": {
            "events": f"/api/v1/patients/{pid}/sessions/{session_id}/events",
            "finish": f"/api/v1/patients/{pid}/sessions/{session_id}/finish",
            "progress": f"/patients/{pid}/sessions/{session_id}/progress",
        },
        "lang": language,
        "strings": player_strings(_),
        "reachNow": reach_answers(_, Reach(entry.reach_before)),
    }
    context = {
        "patient_id": pid,
        "entry": entry,
        "exercise": exercise,
        "data": data,
        "pain_scale": range(PAIN_MIN, PAIN_MAX + 1),
        "reaches": [r.value for r in Reach],
        "answers": {},
    }
    return render(request, "session.html", context)


def reach_answers(_: Gettext, before: Reach) -> dict[str, dict[str, object]]:
    """The stop rule's answer for each place the pain may reach now, against where it reached before
    the session: the page applies the domain's rule without a copy of it, and without a connection."""
    answers: dict[str, dict[str, object]] = {}
    for now_ in Reach:
        response = respond(EventKind.PAIN_REACH, before, now_)
        answers[now_.value] = {"stop": response.stop is not None, "message": _(response.message)}
    return answers


def player_strings(_: Gettext) -> dict[str, str]:
    """The texts the script shows, in the page's language."""
    return {
        "setup": _("Get into position"),
        "inhale": _("Breathe in"),
        "hold": _("Hold"),
        "exhale": _("Breathe out"),
        "pause": _("Pause"),
        "rest": _("Rest"),
        "exit": _("Come out of the position"),
        "rep": _("Repetition %(rep)s of %(reps)s"),
        "set": _("Set %(set)s of %(sets)s"),
        "seconds": _("%(n)s s left"),
        "paused": _("Paused. Press Resume when you are ready."),
        "resumeTitle": _("This session was interrupted."),
        "resumeAt": _("It stopped at: %(step)s"),
        "discomfort": _(DISCOMFORT_NOTE),
        "sharp": _(SHARP_PAIN_STOP),
        "completed": _("Well done: the session is complete. Come out of the position slowly."),
        "quit": _("Session ended. Come out of the position slowly."),
        "saving": _("Saving…"),
        "saved": _("Saved in your journal."),
        "offline": _(
            "No connection: your answers are kept on this device and sent when the connection is back."
        ),
        "easier": _("Next time this exercise is made easier: %(n)s repetitions a set."),
        "pausedProgram": _(PROGRAM_PAUSED),
        "painRequired": _("Please choose your pain now and how far it reaches."),
        "reachRequired": _("Please choose how far the pain reaches now."),
    }


class Progress(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reps_done: int = Field(ge=0, le=10000)
    sets_done: int = Field(ge=0, le=100)


@router.post("/patients/{patient_id}/sessions/{session_id}/progress", status_code=204)
def progress(session_id: IdPath, body: Progress, access: Recorder, uow: UoW) -> Response:
    """Reps and sets done so far, so that a session cut off by a closed tab keeps them. Progress
    only moves forward, so a late or repeated report changes nothing."""
    session_events.record_progress(uow, access.patient.patient_id, session_id, body.reps_done, body.sets_done)
    return Response(status_code=204)
