"""The program builder: the instructor picks exercises from the library, sets each one's values, and
sees the safety engine's findings; a refused item cannot be saved and a warned one needs a reason.

Works without JavaScript (the Add, Remove and Check buttons post the form and the page comes back
with the findings); `static/program_builder.js` adds the live check against the review API as the
program is edited, and fetches a new row from `/program/item` instead of reloading the page.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from spinecoach.domain.access import can_prescribe
from spinecoach.domain.catalog import Catalog
from spinecoach.domain.exercises import Exercise
from spinecoach.domain.programs import Profile, Program, ProgramItem, ProgramKind, Review, review_program
from spinecoach.services import accounts, checks, programs
from spinecoach.web.deps import CatalogDep, PatientAccess, UoW, now, patient_guard
from spinecoach.web.i18n import choose_language, gettext_for
from spinecoach.web.pages.builder_view import builder_context, item_context
from spinecoach.web.pages.program_form import Draft, DraftItem, read_draft, to_program
from spinecoach.web.pages.rendering import render

router = APIRouter(include_in_schema=False)
Instructor = Annotated[PatientAccess, Depends(patient_guard(can_prescribe))]
ExerciseQuery = Annotated[str, Query(max_length=80)]


async def form_fields(request: Request) -> dict[str, list[str]]:
    """The posted form as lists of strings (read here because its item fields are numbered)."""
    form = await request.form()
    return {key: [v for v in form.getlist(key) if isinstance(v, str)] for key in form}


FormFields = Annotated[dict[str, list[str]], Depends(form_fields)]


def draft_of_active(uow: UoW, patient_id: int) -> Draft:
    """The current program as a draft to edit, or an empty one."""
    active = next((p for p in programs.list_programs(uow, patient_id) if p.active), None)
    if active is None:
        return Draft(name="", kind=ProgramKind.INDIVIDUAL.value, items=[])
    items = [
        DraftItem(
            index=n,
            exercise=i.exercise,
            reps=str(i.reps),
            sets=str(i.sets),
            rest=f"{i.rest:g}",
            breath={k: f"{v:g}" for k, v in i.breathing.items()},
            days=list(i.days),
            time=i.time,
            reason=i.reason or "",
        )
        for n, i in enumerate(active.items, start=1)
    ]
    return Draft(name=active.name, kind=active.kind, items=items)


def safety_review(draft: Draft, program: Program | None, profile: Profile, catalog: Catalog) -> Review | None:
    """The review of the program, or, while some value is wrong, of its exercises with their reasons
    (the movement rules do not depend on the values, so the findings show all the same)."""
    if program is None:
        known = [
            ProgramItem(exercise=i.exercise, reason=i.reason.strip()[:2000] or None)
            for i in draft.items
            if i.exercise in catalog.exercises
        ]
        if not known or len(known) != len(draft.items):
            return None
        program = Program(name="draft", kind=ProgramKind.INDIVIDUAL, items=known[:50])
    return review_program(program, profile, catalog)


def builder_page(
    request: Request,
    access: PatientAccess,
    uow: UoW,
    catalog: Catalog,
    draft: Draft,
    filters: tuple[str, str],
    show_errors: bool = False,
    tried_to_save: bool = False,
) -> Response:
    """The builder with the draft as typed, its findings and, when asked, the problems of its fields.
    A refused save answers 422, so that a script or a test sees the refusal in the status too."""
    _ = gettext_for(request)
    pid = access.patient.patient_id
    language = choose_language(request)
    profile = checks.profile_for(uow, pid)
    program, errors = to_program(_, draft, catalog, lambda e: e.name.in_(language))
    review = safety_review(draft, program, profile, catalog)
    shown = errors if show_errors else {}
    context = builder_context(request, catalog, draft, review, profile, filters, shown, pid)
    context.update(
        patient_id=pid,
        person=accounts.user_info(uow, access.patient.user_id),
        tried_to_save=tried_to_save,
    )
    return render(request, "desk_program.html", context, status_code=422 if tried_to_save else 200)


@router.get("/desk/patients/{patient_id}/program")
def builder(
    request: Request,
    access: Instructor,
    uow: UoW,
    catalog: CatalogDep,
    purpose: Annotated[str, Query(max_length=20)] = "",
    position: Annotated[str, Query(max_length=30)] = "",
) -> Response:
    """The builder, opened on the patient's current program (or an empty one)."""
    draft = draft_of_active(uow, access.patient.patient_id)
    return builder_page(request, access, uow, catalog, draft, (purpose, position))


@router.post("/desk/patients/{patient_id}/program")
def edit_or_save(
    request: Request, access: Instructor, uow: UoW, catalog: CatalogDep, form: FormFields
) -> Response:
    """Add, Remove and Check come back to the builder with the findings; Save stores the program
    when every value is right and the safety review allows it, else says which item stops it."""
    draft = read_draft(form)
    filters = (one(form, "filter-purpose"), one(form, "filter-position"))
    added, removed = one(form, "add"), one(form, "remove")
    if added:
        exercise = catalog.exercises.get(added)
        if exercise is not None:
            draft.items.append(DraftItem.fresh(draft.next_index(), exercise))
        return builder_page(request, access, uow, catalog, draft, filters)
    if removed:
        draft.items = [i for i in draft.items if str(i.index) != removed]
        return builder_page(request, access, uow, catalog, draft, filters)
    if one(form, "action") != "save":
        return builder_page(request, access, uow, catalog, draft, filters, show_errors=True)
    language = choose_language(request)
    program, _errors = to_program(gettext_for(request), draft, catalog, lambda e: e.name.in_(language))
    pid = access.patient.patient_id
    profile = checks.profile_for(uow, pid)
    if program is None or not review_program(program, profile, catalog).allowed:
        return builder_page(request, access, uow, catalog, draft, filters, True, tried_to_save=True)
    programs.prescribe_program(uow, catalog, pid, program, profile, access.actor.user_id, now())
    return RedirectResponse(f"/desk/patients/{pid}?notice=program-saved#program", status_code=303)


def one(form: dict[str, list[str]], key: str) -> str:
    values = form.get(key) or [""]
    return values[-1].strip()


@router.get("/desk/patients/{patient_id}/program/item")
def new_item(
    request: Request,
    access: Instructor,
    uow: UoW,
    catalog: CatalogDep,
    exercise: ExerciseQuery,
    index: Annotated[int, Query(ge=1, le=10_000)],
) -> Response:
    """One new row of the builder with the exercise's defaults, for the page's script to insert."""
    chosen: Exercise = catalog.exercise(exercise)  # an unknown id is a 404 with the reason
    row: dict[str, Any] = item_context(request, catalog, DraftItem.fresh(index, chosen), index, [], {})
    return render(request, "_desk_item.html", {"row": row, "patient_id": access.patient.patient_id})
