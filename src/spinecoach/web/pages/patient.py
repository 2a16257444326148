"""The patient's Today page and the check before each session, which starts the session it allows."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from spinecoach.domain.access import can_read_patient, can_record_for_patient
from spinecoach.domain.pain import PAIN_MAX, PAIN_MIN, Reach
from spinecoach.domain.presession import Go, PreSessionAnswers
from spinecoach.domain.red_flags import QUESTIONS, SESSION_FLAGS, RedFlag
from spinecoach.domain.screening import DecisionKind
from spinecoach.services import checks, guided, journal, outcomes, sessions
from spinecoach.web.deps import CatalogDep, PatientAccess, UoW, now, patient_guard
from spinecoach.web.i18n import Gettext, gettext_for
from spinecoach.web.pages.rendering import render

router = APIRouter(include_in_schema=False)
Reader = Annotated[PatientAccess, Depends(patient_guard(can_read_patient))]
Recorder = Annotated[PatientAccess, Depends(patient_guard(can_record_for_patient))]


@router.get("/patients/{patient_id}/today")
def today(request: Request, access: Reader, uow: UoW, catalog: CatalogDep) -> Response:
    """What is safe today and why, today's exercises, and the way to start."""
    pid = access.patient.patient_id
    decision = checks.latest_decision(uow, catalog, pid)
    pause = sessions.pause_status(uow, pid)
    entries = journal.list_journal(uow, pid)
    context = {
        "patient_id": pid,
        "decision": decision,
        "emergency": decision is not None and decision.kind == DecisionKind.EMERGENCY,
        "postponed": decision is not None and decision.kind == DecisionKind.POSTPONE,
        "paused": pause.paused,
        "items": guided.todays_exercises(uow, catalog, pid, now()),
        "last": entries[-1] if entries else None,
        "open_session": next((e for e in reversed(entries) if e.finished_at is None), None),
        **questionnaire_reminder(uow, pid),
    }
    return render(request, "today.html", context)


def questionnaire_reminder(uow: UoW, pid: int) -> dict[str, object]:
    """Which questionnaires are due (the baseline, then every few weeks), for a gentle reminder."""
    due = outcomes.due(uow, pid, now())
    return {
        "due_questionnaires": [d.instrument for d in due if d.due],
        "questionnaire_weeks": due[0].interval_weeks if due else None,
    }


def check_context(pid: int, exercise: str, choices: list[guided.TodayItem]) -> dict[str, object]:
    return {
        "patient_id": pid,
        "exercise": exercise,
        "choices": choices,
        "flags": [(f.value, QUESTIONS[f]) for f in SESSION_FLAGS],
        "pain_scale": range(PAIN_MIN, PAIN_MAX + 1),
        "reaches": [r.value for r in Reach],
        "errors": {},
        "answers": {},
    }


@router.get("/patients/{patient_id}/check")
def check_form(
    request: Request, access: Reader, uow: UoW, catalog: CatalogDep, exercise: str = ""
) -> Response:
    """The check before a session: warning signs, flare-up, pain now and how far it reaches."""
    pid = access.patient.patient_id
    choices = guided.todays_exercises(uow, catalog, pid, now())
    return render(request, "check.html", check_context(pid, exercise, choices))


@router.post("/patients/{patient_id}/check")
def check(
    request: Request,
    access: Recorder,
    uow: UoW,
    catalog: CatalogDep,
    exercise: Annotated[str, Form(max_length=80)] = "",
    red_flags: Annotated[list[str], Form()] = [],  # noqa: B006  (FastAPI copies defaults)
    flare_up: Annotated[str, Form(max_length=3)] = "",
    pain: Annotated[str, Form(max_length=3)] = "",
    reach: Annotated[str, Form(max_length=20)] = "",
    client_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Record the check. A warning sign shows the emergency advice and starts nothing; a flare-up
    postpones; otherwise the session starts and the guided page opens."""
    _ = gettext_for(request)
    pid = access.patient.patient_id
    choices = guided.todays_exercises(uow, catalog, pid, now())
    errors = check_errors(_, exercise, {c.exercise.id for c in choices}, red_flags, flare_up, pain, reach)
    if errors:
        context = check_context(pid, exercise, choices)
        given = {"red_flags": red_flags, "flare_up": flare_up, "pain": pain, "reach": reach}
        context.update(errors=errors, answers=given)
        return render(request, "check.html", context, status_code=422)
    answers = PreSessionAnswers(
        red_flags=frozenset(RedFlag(f) for f in red_flags),
        flare_up=flare_up == "yes",
        pain=int(pain),
        reach=Reach(reach),
    )
    recorded = checks.record_check(uow, pid, answers, now())
    if recorded.result.go != Go.GO:
        context = {"patient_id": pid, "go": recorded.result.go.value, "message": recorded.result.message}
        return render(request, "check_result.html", context)
    try:
        session_id = guided.start_guided_session(
            uow, catalog, pid, exercise, recorded.id, now(), client_id or None
        )
    except sessions.ProgramPaused as paused:
        context = {"patient_id": pid, "go": "paused", "message": str(paused)}
        return render(request, "check_result.html", context, status_code=409)
    return RedirectResponse(f"/patients/{pid}/sessions/{session_id}", status_code=303)


def check_errors(
    _: Gettext,
    exercise: str,
    allowed: set[str],
    red_flags: list[str],
    flare_up: str,
    pain: str,
    reach: str,
) -> dict[str, str]:
    """Each field's problem in words, or nothing: the form shows them beside the fields."""
    errors = {}
    known_flags = {f.value for f in RedFlag}
    if any(f not in known_flags for f in red_flags):
        errors["red_flags"] = _("One of the warning signs is not one we know. Reload the page and try again.")
    if flare_up not in ("yes", "no"):
        errors["flare_up"] = _("Please answer whether your pain is flaring up.")
    if not (pain.isdigit() and PAIN_MIN <= int(pain) <= PAIN_MAX):
        errors["pain"] = _("Please choose your pain now, from 0 (none) to 10 (worst imaginable).")
    if reach not in {r.value for r in Reach}:
        errors["reach"] = _("Please say how far the pain reaches.")
    if exercise not in allowed:
        errors["exercise"] = _("Please choose one of today's exercises.")
    return errors
