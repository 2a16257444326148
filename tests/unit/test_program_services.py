"""Prescribing a program on the in-memory unit of work: stored when the review allows it (a warned
item only with its written reason), refused with nothing stored, and replacing the last one."""

from datetime import UTC, datetime
from typing import Any

import pytest

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.exercises import Movement
from spinecoach.domain.programs import REFUSED_FOR_HERNIA, Profile, Program, Severity
from spinecoach.services import programs
from tests.unit.fake_uow import FakeUnitOfWork

T0 = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)
PATIENT, INSTRUCTOR = 1, 2


def program(*items: dict[str, Any]) -> Program:
    return Program.model_validate({"name": "Morning", "kind": "individual", "items": list(items)})


def prescribe(uow: FakeUnitOfWork, catalog: Catalog, plan: Program) -> programs.StoredProgram:
    stored, _ = programs.prescribe_program(uow, catalog, PATIENT, plan, Profile.HERNIA, INSTRUCTOR, T0)
    return stored


def warned_exercise(catalog: Catalog) -> str:
    return next(
        e.id
        for e in catalog.exercises.values()
        if Movement.RUNNING in e.movements and not set(e.movements) & REFUSED_FOR_HERNIA
    )


def test_an_allowed_program_is_stored_with_its_items(catalog: Catalog) -> None:
    uow = FakeUnitOfWork()
    stored = prescribe(uow, catalog, program({"exercise": "hands-knees-breathing", "reps": 8, "sets": 2}))
    assert (stored.name, stored.active, stored.created_by) == ("Morning", True, INSTRUCTOR)
    [item] = stored.items
    assert (item.exercise, item.reps, item.sets, item.reason, item.warnings) == (
        "hands-knees-breathing",
        8,
        2,
        None,
        [],
    )
    assert programs.list_programs(uow, PATIENT) == [stored]


def test_a_warned_item_is_kept_with_its_reason_and_the_warning(catalog: Catalog) -> None:
    uow = FakeUnitOfWork()
    exercise = warned_exercise(catalog)
    stored = prescribe(uow, catalog, program({"exercise": exercise, "reason": "  supervised return  "}))
    [item] = stored.items
    assert item.reason == "supervised return"
    assert Movement.RUNNING.value in {w["code"] for w in item.warnings}


def test_a_warned_item_without_a_reason_is_refused_and_nothing_is_stored(catalog: Catalog) -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(programs.ProgramRefused) as refused:
        prescribe(uow, catalog, program({"exercise": warned_exercise(catalog)}))
    assert {f.severity for f in refused.value.review.findings} == {Severity.WARNING}
    assert programs.list_programs(uow, PATIENT) == [] and not uow.committed


def test_a_refused_movement_is_refused_even_with_a_reason(catalog: Catalog) -> None:
    uow = FakeUnitOfWork()
    exercise = next(e.id for e in catalog.exercises.values() if set(e.movements) & REFUSED_FOR_HERNIA)
    with pytest.raises(programs.ProgramRefused, match="refused with a disc hernia"):
        prescribe(uow, catalog, program({"exercise": exercise, "reason": "the instructor insists"}))
    assert programs.list_programs(uow, PATIENT) == []


def test_a_new_program_replaces_the_active_one(catalog: Catalog) -> None:
    uow = FakeUnitOfWork()
    first = prescribe(uow, catalog, program({"exercise": "hands-knees-breathing"}))
    second = prescribe(uow, catalog, program({"exercise": "chest-on-table-breathing"}))
    listed = programs.list_programs(uow, PATIENT)
    assert [(p.id, p.active) for p in listed] == [(first.id, False), (second.id, True)]
