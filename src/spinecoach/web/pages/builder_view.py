"""What the program builder's template gets: each row with its ranges, findings and errors, the
library with its filters, what stops a save, and the data the page's script needs."""

from typing import Any

from fastapi import Request

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.exercises import Position, Purpose
from spinecoach.domain.programs import (
    REFUSED_FOR_HERNIA,
    WARNED_FOR_HERNIA,
    Profile,
    Review,
    Severity,
    Weekday,
)
from spinecoach.web.i18n import Gettext, choose_language, gettext_for
from spinecoach.web.pages.desk_texts import finding_templates, finding_text
from spinecoach.web.pages.program_form import Draft, DraftItem, adjustable, phase_name


def purpose_names(_: Gettext) -> dict[str, str]:
    return {
        Purpose.STRENGTHEN.value: _("strengthen"),
        Purpose.RELAX.value: _("relax"),
        Purpose.MOBILITY.value: _("mobility"),
        Purpose.BREATHING.value: _("breathing"),
    }


def position_names(_: Gettext) -> dict[str, str]:
    return {
        Position.CHEST_ON_SURFACE.value: _("chest on a table or bed"),
        Position.HANDS_AND_KNEES.value: _("on hands and knees"),
        Position.LYING_ON_BACK.value: _("lying on the back"),
        Position.LYING_ON_FRONT.value: _("lying on the front"),
        Position.LYING_ON_SIDE.value: _("lying on the side"),
        Position.SITTING.value: _("sitting"),
        Position.STANDING.value: _("standing"),
        Position.KNEELING.value: _("kneeling"),
    }


def weekday_names(_: Gettext) -> dict[str, str]:
    return {
        Weekday.MON.value: _("Mon"),
        Weekday.TUE.value: _("Tue"),
        Weekday.WED.value: _("Wed"),
        Weekday.THU.value: _("Thu"),
        Weekday.FRI.value: _("Fri"),
        Weekday.SAT.value: _("Sat"),
        Weekday.SUN.value: _("Sun"),
    }


def item_context(
    request: Request,
    catalog: Catalog,
    item: DraftItem,
    number: int,
    findings: list[tuple[str, str]],
    errors: dict[str, str],
) -> dict[str, Any]:
    """One row: the values as typed, the allowed ranges, the findings and the errors of its fields."""
    _ = gettext_for(request)
    exercise = catalog.exercises.get(item.exercise)
    prefix = f"items-{item.index}-"
    row: dict[str, Any] = {
        "item": item,
        "number": number,
        "exercise": exercise,
        "name": exercise.name.in_(choose_language(request)) if exercise else item.exercise,
        "findings": findings,
        # a reason can keep a warned item, never a refused one
        "warned": any(severity == Severity.WARNING.value for severity, _text in findings)
        and not any(severity == Severity.REFUSED.value for severity, _text in findings),
        "errors": {k.removeprefix(prefix): v for k, v in errors.items() if k.startswith(prefix)},
        "days": [(d, label, d in item.days) for d, label in weekday_names(_).items()],
    }
    if exercise is not None:
        row["phases"] = [
            (p.phase.value, phase_name(_, p.phase.value), p.min, p.max, item.breath.get(p.phase.value, ""))
            for p in adjustable(exercise)
        ]
        row["fixed"] = [(phase_name(_, p.phase.value), p.seconds) for p in exercise.cycle if p.fixed]
    return row


def finding_rows(
    _: Gettext, review: Review | None, draft: Draft, names: dict[str, str]
) -> list[list[tuple[str, str]]]:
    """For each row, its findings as (severity, sentence)."""
    rows: list[list[tuple[str, str]]] = [[] for _item in draft.items]
    for f in review.findings if review else ():
        if 1 <= f.item <= len(rows):
            rows[f.item - 1].append((f.severity.value, finding_text(_, f, names.get(f.exercise, f.exercise))))
    return rows


def blocking(_: Gettext, review: Review | None, names: dict[str, str]) -> tuple[list[str], list[str]]:
    """What stops a save: refused items (the button is disabled) and warnings still without a reason."""
    refused: list[str] = []
    missing: list[str] = []
    templates = finding_templates(_)
    for f in review.findings if review else ():
        name = names.get(f.exercise, f.exercise)
        if f.severity == Severity.REFUSED:
            refused.append(finding_text(_, f, name))
        elif f.blocks:
            missing.append(str(templates["missing-reason"]) % {"n": f.item, "name": name})
    return refused, missing


def library(catalog: Catalog, profile: Profile, filters: tuple[str, str]) -> list[dict[str, Any]]:
    """Every exercise with what the rules say about it for this patient; `shown` follows the filters."""
    purpose, position = filters
    entries = []
    for exercise in catalog.exercises.values():
        movements = set(exercise.movements)
        hernia = profile == Profile.HERNIA
        entries.append(
            {
                "exercise": exercise,
                "refused": hernia and bool(movements & REFUSED_FOR_HERNIA),
                "warned": hernia
                and bool(movements & WARNED_FOR_HERNIA)
                and not movements & REFUSED_FOR_HERNIA,
                "shown": (not purpose or purpose in exercise.purpose)
                and (not position or exercise.position == position),
            }
        )
    return entries


def script_data(_: Gettext, names: dict[str, str], patient_id: int) -> dict[str, Any]:
    """What program_builder.js needs: the sentences in the page's language and where to ask."""
    return {
        "texts": {
            **finding_templates(_),
            "purposes": purpose_names(_),
            "noItems": _("Add at least one exercise from the library."),
            "allClear": _("Checked: nothing in this program is refused."),
            "incomplete": _("Some values are not complete yet; the check runs again when they are."),
            "offline": _("The check could not reach the server. The Check button works too."),
            "balance": _("Balance of purposes"),
            "checking": _("Checking…"),
            "cannotSave": _("Saving is not possible:"),
        },
        "names": names,
        "reviewUrl": f"/api/v1/patients/{patient_id}/programs/review",
        "itemUrl": f"/desk/patients/{patient_id}/program/item",
    }


def builder_context(
    request: Request,
    catalog: Catalog,
    draft: Draft,
    review: Review | None,
    profile: Profile,
    filters: tuple[str, str],
    errors: dict[str, str],
    patient_id: int,
) -> dict[str, Any]:
    """The builder page: the rows, what stops a save, the balance, the library and its filters."""
    _ = gettext_for(request)
    language = choose_language(request)
    names = {e.id: e.name.in_(language) for e in catalog.exercises.values()}
    per_row = finding_rows(_, review, draft, names)
    rows = [
        item_context(request, catalog, item, n, per_row[n - 1], errors)
        for n, item in enumerate(draft.items, start=1)
    ]
    refused, missing = blocking(_, review, names)
    purposes, positions = purpose_names(_), position_names(_)
    return {
        "draft": draft,
        "rows": rows,
        "profile": profile.value,
        "refused": refused,
        "missing": missing,
        "save_blocked": bool(refused) or not draft.items,
        "balance": [(purposes[p.value], n) for p, n in review.balance.items()] if review else [],
        "library": library(catalog, profile, filters),
        "filters": {"purpose": filters[0], "position": filters[1]},
        "purposes": purposes,
        "positions": positions,
        "kinds": {"individual": _("individual"), "complex": _("complex")},
        "script_data": script_data(_, names, patient_id),
        "errors": errors,
    }
