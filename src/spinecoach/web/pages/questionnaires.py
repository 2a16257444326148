"""The questionnaires as pages: the Oswestry Disability Index and the Keele STarT Back tool.

The forms are the same data the API and the CLI use (shipped section names and short descriptions,
or a clinic's licensed wording); scoring and storing is `services/outcomes`. A form with a problem
is shown again with the answers kept and each problem named; nothing is stored until it is whole.
The person or their instructor may answer (the API's write rule). A stored answer redirects to the
form's page with `?saved=ID`, which shows the result: reloading it stores nothing twice.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from spinecoach.domain.access import can_read_patient, can_record_for_patient
from spinecoach.domain.errors import DomainError, NotFound
from spinecoach.domain.odi import LEVEL_MAX, LEVEL_MIN, MIN_ANSWERED, SECTIONS, SectionAnswer, round_half_up
from spinecoach.domain.odi import band_of as odi_band_of
from spinecoach.domain.questionnaires import Instrument, Questionnaire
from spinecoach.domain.startback import AGREE_ITEMS, Bother
from spinecoach.domain.text import Language
from spinecoach.services import outcomes
from spinecoach.services.outcomes import AnsweredQuestionnaire
from spinecoach.store.unit_of_work import UnitOfWork
from spinecoach.web.deps import PatientAccess, UoW, now, patient_guard
from spinecoach.web.i18n import Gettext, choose_language, gettext_for
from spinecoach.web.pages.rendering import render
from spinecoach.web.questionnaire_forms import FormsDep

router = APIRouter(include_in_schema=False)
Reader = Annotated[PatientAccess, Depends(patient_guard(can_read_patient))]
Recorder = Annotated[PatientAccess, Depends(patient_guard(can_record_for_patient))]
SKIP = "-"  # the ODI's "leave this section unanswered" choice
LEVELS = {str(level) for level in range(LEVEL_MIN, LEVEL_MAX + 1)}


def bands_with_limits(_: Gettext) -> dict[str, str]:
    """The ODI bands of Fairbank & Pynsent 2000, by the exact percent, each with its limits: the person's
    own pages show one band at a time and say where it ends. The instructor's page words them as
    `desk_patient.disability_bands`, beside the percents it already shows."""
    return {
        "minimal": _("minimal (0-20%)"),
        "moderate": _("moderate (over 20 to 40%)"),
        "severe": _("severe (over 40 to 60%)"),
        "crippled": _("crippling (over 60 to 80%)"),
        "bed-bound": _("bed-bound (over 80%)"),
    }


def risk_names(_: Gettext) -> dict[str, str]:
    return {"low": _("low risk"), "medium": _("medium risk"), "high": _("high risk")}


def form_context(pid: int, instrument: Instrument, form: Questionnaire) -> dict[str, object]:
    return {"patient_id": pid, "instrument": instrument, "form": form, "answers": {}, "errors": {}}


async def posted_form(request: Request) -> FormData:
    """The posted fields (read here, in an async dependency, so that the routes stay plain functions)."""
    return await request.form()


Posted = Annotated[FormData, Depends(posted_form)]


def answers_of(data: FormData, form: Questionnaire) -> dict[str, str]:
    """The answer given to each item of the form, by item id ("" when none)."""
    return {item.id: str(data.get(item.id, "")).strip()[:20] for item in form.items}


def odi_problems(
    _: Gettext, language: Language, form: Questionnaire, answers: dict[str, str]
) -> dict[str, str]:
    """Each section's problem, and under "form" the summary; empty when the ODI can be scored."""
    errors = {}
    for item in form.items:
        if answers[item.id] not in LEVELS | {"", SKIP}:
            errors[item.id] = _("Choose one of the levels from 0 to 5, or leave this section unanswered.")
    unanswered = [item for item in form.items if answers[item.id] in ("", SKIP)]
    if SECTIONS - len(unanswered) < MIN_ANSWERED:
        for item in unanswered:
            errors[item.id] = _("Not answered yet.")
        errors["form"] = _(
            "Please answer at least %(min)s of the %(all)s sections; %(n)s are answered. "
            "Not answered yet: %(names)s."
        ) % {
            "min": MIN_ANSWERED,
            "all": SECTIONS,
            "n": SECTIONS - len(unanswered),
            "names": ", ".join(item.text.in_(language) for item in unanswered),
        }
    elif errors:
        errors["form"] = _("Please check the sections marked below.")
    return errors


def odi_sections(form: Questionnaire, answers: dict[str, str]) -> list[SectionAnswer]:
    return [None if answers[i.id] in ("", SKIP) else (int(answers[i.id]),) for i in form.items]


Saved = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="a stored answer to show")]


@router.get("/patients/{patient_id}/questionnaires/odi")
def odi_form(request: Request, access: Reader, uow: UoW, forms: FormsDep, saved: Saved = None) -> Response:
    """The Oswestry Disability Index: ten sections, each 0-5, any of them may be left out (8 needed);
    with `saved`, the percent (rounded half up) and the band of that stored answer."""
    pid = access.patient.patient_id
    if saved is not None:
        _ = gettext_for(request)
        result = stored_answer(uow, pid, "odi", saved)
        context = {
            "patient_id": pid,
            "form": forms["odi"],
            "display": round_half_up(result.odi_percent),
            "band": bands_with_limits(_)[odi_band_of(result.odi_percent).value],
            "answered": result.answered,
            "still_due": still_due(uow, pid),
        }
        return render(request, "questionnaire_odi_result.html", context)
    return render(request, "questionnaire_odi.html", form_context(pid, "odi", forms["odi"]))


@router.post("/patients/{patient_id}/questionnaires/odi")
def odi_answer(request: Request, access: Recorder, uow: UoW, forms: FormsDep, data: Posted) -> Response:
    """Score and store the ODI, then show the percent (rounded half up) and its band."""
    _ = gettext_for(request)
    pid, form = access.patient.patient_id, forms["odi"]
    answers = answers_of(data, form)
    errors = odi_problems(_, choose_language(request), form, answers)
    result: AnsweredQuestionnaire | None = None
    if not errors:
        try:
            result = outcomes.record_odi(
                uow, pid, odi_sections(form, answers), form.validated_wording, access.actor.user_id, now()
            )
        except DomainError as exc:  # the page checks first; this names anything it did not foresee
            errors = {"form": str(exc)}
    if result is None:
        context = {**form_context(pid, "odi", form), "answers": answers, "errors": errors}
        return render(request, "questionnaire_odi.html", context, status_code=422)
    return RedirectResponse(f"/patients/{pid}/questionnaires/odi?saved={result.id}", status_code=303)


def startback_problems(_: Gettext, form: Questionnaire, answers: dict[str, str]) -> dict[str, str]:
    errors = {}
    for number, item in enumerate(form.items, start=1):
        allowed = {option.code for option in item.options}
        if answers[item.id] == "":
            errors[item.id] = _("Please answer this question (%(n)s).") % {"n": number}
        elif answers[item.id] not in allowed:
            errors[item.id] = _("This answer is not one of the choices; please choose again.")
    if errors:
        numbers = [str(n) for n, item in enumerate(form.items, start=1) if item.id in errors]
        errors["form"] = _(
            "The STarT Back tool is scored only when all %(all)s questions are answered. "
            "Still open: question %(numbers)s."
        ) % {"all": AGREE_ITEMS + 1, "numbers": ", ".join(numbers)}
    return errors


@router.get("/patients/{patient_id}/questionnaires/startback")
def startback_form(
    request: Request, access: Reader, uow: UoW, forms: FormsDep, saved: Saved = None
) -> Response:
    """The Keele STarT Back tool: eight agree/disagree questions and how bothersome the pain was;
    with `saved`, the total, the subscore and the risk group of that stored answer."""
    pid = access.patient.patient_id
    if saved is not None:
        _ = gettext_for(request)
        result = stored_answer(uow, pid, "startback", saved)
        context = {
            "patient_id": pid,
            "form": forms["startback"],
            "total": result.points,
            "psychosocial": result.subscore,
            "risk": result.band,
            "risk_name": risk_names(_)[result.band],
            "still_due": still_due(uow, pid),
        }
        return render(request, "questionnaire_startback_result.html", context)
    return render(request, "questionnaire_startback.html", form_context(pid, "startback", forms["startback"]))


@router.post("/patients/{patient_id}/questionnaires/startback")
def startback_answer(request: Request, access: Recorder, uow: UoW, forms: FormsDep, data: Posted) -> Response:
    """Score and store the STarT Back, then show the total, the subscore and the risk group."""
    _ = gettext_for(request)
    pid, form = access.patient.patient_id, forms["startback"]
    answers = answers_of(data, form)
    errors = startback_problems(_, form, answers)
    result: AnsweredQuestionnaire | None = None
    if not errors:
        agree: list[bool | None] = [answers[i.id] == "agree" for i in form.items[:AGREE_ITEMS]]
        bother = Bother(answers[form.items[AGREE_ITEMS].id])
        try:
            result = outcomes.record_startback(
                uow, pid, agree, bother, form.validated_wording, access.actor.user_id, now()
            )
        except DomainError as exc:
            errors = {"form": str(exc)}
    if result is None:
        context = {**form_context(pid, "startback", form), "answers": answers, "errors": errors}
        return render(request, "questionnaire_startback.html", context, status_code=422)
    return RedirectResponse(f"/patients/{pid}/questionnaires/startback?saved={result.id}", status_code=303)


def still_due(uow: UnitOfWork, pid: int) -> list[str]:
    """The questionnaires that are still due after this answer (the other one, perhaps)."""
    return [d.instrument for d in outcomes.due(uow, pid, now()) if d.due]


def stored_answer(
    uow: UnitOfWork, pid: int, instrument: Instrument, response_id: int
) -> AnsweredQuestionnaire:
    for answered in outcomes.responses(uow, pid):
        if answered.id == response_id and answered.instrument == instrument:
            return answered
    raise NotFound(f"there is no stored answer {response_id} to this questionnaire for this patient")
