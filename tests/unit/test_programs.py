"""Program review: refused, warned and noted movements, and prescriptions out of range."""

from typing import Any

import pytest

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.exercises import Movement, Purpose
from spinecoach.domain.programs import (
    DEFAULT_TIME,
    REFUSED_FOR_HERNIA,
    WARNED_FOR_HERNIA,
    Profile,
    Program,
    Severity,
    review_program,
)


def program(*items: dict[str, Any], kind: str = "individual") -> Program:
    return Program.model_validate({"name": "test", "kind": kind, "items": list(items)})


def with_movement(catalog: Catalog, movement: Movement) -> str:
    return next(e.id for e in catalog.exercises.values() if movement in e.movements)


def test_the_universal_program_is_allowed_for_a_hernia(catalog: Catalog) -> None:
    review = review_program(
        program({"exercise": "chest-on-table-breathing"}, {"exercise": "hands-knees-breathing"}),
        Profile.HERNIA,
        catalog,
    )
    assert review.allowed and review.findings == ()
    assert review.balance == {Purpose.BREATHING: 2, Purpose.RELAX: 2}


@pytest.mark.parametrize("movement", sorted(REFUSED_FOR_HERNIA))
def test_twisting_and_sharp_are_refused_for_a_hernia_even_with_a_reason(
    catalog: Catalog, movement: Movement
) -> None:
    exercise = with_movement(catalog, movement)
    review = review_program(
        program({"exercise": exercise, "reason": "the instructor insists"}), Profile.HERNIA, catalog
    )
    assert not review.allowed
    refused = [f for f in review.findings if f.code == movement.value]
    assert refused and refused[0].severity == Severity.REFUSED
    assert "seed article" in refused[0].message


@pytest.mark.parametrize("movement", [Movement.RUNNING, Movement.JUMPING, Movement.STEP_AEROBICS])
def test_undesirable_movements_need_a_written_reason(catalog: Catalog, movement: Movement) -> None:
    exercise = next(
        e.id
        for e in catalog.exercises.values()
        if movement in e.movements and not set(e.movements) & REFUSED_FOR_HERNIA
    )
    without = review_program(program({"exercise": exercise}), Profile.HERNIA, catalog)
    assert not without.allowed
    assert {f.severity for f in without.findings} == {Severity.WARNING}
    with_reason = review_program(
        program({"exercise": exercise, "reason": "a runner returning to sport, supervised"}),
        Profile.HERNIA,
        catalog,
    )
    assert with_reason.allowed
    assert all(f.reason_given for f in with_reason.findings)


def test_a_blank_reason_is_no_reason(catalog: Catalog) -> None:
    exercise = with_movement(catalog, Movement.RUNNING)
    review = review_program(program({"exercise": exercise, "reason": ""}), Profile.HERNIA, catalog)
    assert not review.allowed


def test_prevention_notes_risky_movements_without_blocking(catalog: Catalog) -> None:
    twist = with_movement(catalog, Movement.TWISTING)
    review = review_program(program({"exercise": twist}), Profile.PREVENTION, catalog)
    assert review.allowed
    assert review.findings and {f.severity for f in review.findings} == {Severity.NOTE}


def test_every_refused_or_warned_tag_has_its_source() -> None:
    from spinecoach.domain.programs import RULE_SOURCE

    assert set(RULE_SOURCE) == REFUSED_FOR_HERNIA | WARNED_FOR_HERNIA


@pytest.mark.parametrize(
    "item, words",
    [
        ({"exercise": "no-such-exercise"}, "no exercise 'no-such-exercise'"),
        ({"exercise": "chest-on-table-breathing", "reps": 9}, "reps must be from 7 to 8"),
        ({"exercise": "chest-on-table-breathing", "sets": 1}, "sets must be from 2 to 3"),
        ({"exercise": "chest-on-table-breathing", "breathing": {"hold": 6}}, "fixed at 4 s"),
        ({"exercise": "hands-knees-breathing", "rest": 1000}, "rest must be from"),
    ],
)
def test_an_invalid_prescription_is_refused_with_its_reason(
    catalog: Catalog, item: dict[str, Any], words: str
) -> None:
    review = review_program(program(item), Profile.HERNIA, catalog)
    assert not review.allowed
    [finding] = review.findings
    assert finding.code == "invalid-prescription" and words in finding.message


def test_each_item_is_reviewed_and_numbered(catalog: Catalog) -> None:
    twist = with_movement(catalog, Movement.TWISTING)
    review = review_program(
        program({"exercise": "hands-knees-breathing"}, {"exercise": twist}), Profile.HERNIA, catalog
    )
    assert {f.item for f in review.findings} == {2}


def test_a_program_defaults_to_every_morning() -> None:
    item = program({"exercise": "hands-knees-breathing"}).items[0]
    assert item.time == DEFAULT_TIME and DEFAULT_TIME.hour < 12
    assert len(item.days) == 7


def test_a_reason_of_only_spaces_is_no_reason(catalog: Catalog) -> None:
    exercise = with_movement(catalog, Movement.RUNNING)
    review = review_program(program({"exercise": exercise, "reason": "   "}), Profile.HERNIA, catalog)
    assert not review.allowed
