"""Reps, sets, breathing lengths and rest must stay inside what the exercise declares."""

import pytest

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.errors import DomainError, OutOfRange
from spinecoach.domain.exercises import Phase
from spinecoach.domain.prescription import prescribe

UNIVERSAL = ["chest-on-table-breathing", "hands-knees-breathing"]


@pytest.mark.parametrize("exercise_id", UNIVERSAL)
@pytest.mark.parametrize("reps, ok", [(6, False), (7, True), (8, True), (9, False)])
def test_universal_exercises_take_seven_or_eight_breaths(
    catalog: Catalog, exercise_id: str, reps: int, ok: bool
) -> None:
    exercise = catalog.exercise(exercise_id)
    if ok:
        assert prescribe(exercise, reps=reps).reps == reps
    else:
        with pytest.raises(OutOfRange, match=r"reps must be from 7 to 8"):
            prescribe(exercise, reps=reps)


@pytest.mark.parametrize("exercise_id", UNIVERSAL)
@pytest.mark.parametrize("sets, ok", [(1, False), (2, True), (3, True), (4, False)])
def test_universal_exercises_take_two_or_three_sets(
    catalog: Catalog, exercise_id: str, sets: int, ok: bool
) -> None:
    exercise = catalog.exercise(exercise_id)
    if ok:
        assert prescribe(exercise, sets=sets).sets == sets
    else:
        with pytest.raises(OutOfRange, match=r"sets must be from 2 to 3"):
            prescribe(exercise, sets=sets)


def test_defaults_come_from_the_catalog(catalog: Catalog) -> None:
    p = prescribe(catalog.exercise("chest-on-table-breathing"))
    assert (p.reps, p.sets) == (8, 2)
    assert [(c.phase.value, c.seconds) for c in p.cycle] == [("inhale", 5), ("hold", 4), ("exhale", 5)]


@pytest.mark.parametrize(
    "exercise_id, phase",
    [("chest-on-table-breathing", Phase.HOLD), ("hands-knees-breathing", Phase.PAUSE)],
)
def test_the_four_second_hold_and_pause_are_fixed_by_the_source(
    catalog: Catalog, exercise_id: str, phase: Phase
) -> None:
    with pytest.raises(DomainError, match="fixed at 4 s"):
        prescribe(catalog.exercise(exercise_id), breathing={phase: 6})


def test_a_tied_exhale_cannot_be_set_on_its_own(catalog: Catalog) -> None:
    with pytest.raises(DomainError, match="set the inhale instead"):
        prescribe(catalog.exercise("hands-knees-breathing"), breathing={Phase.EXHALE: 6})


def test_a_phase_the_cycle_lacks_is_refused(catalog: Catalog) -> None:
    with pytest.raises(DomainError, match="has no pause phase"):
        prescribe(catalog.exercise("chest-on-table-breathing"), breathing={Phase.PAUSE: 3})


@pytest.mark.parametrize("seconds, ok", [(2.9, False), (3.0, True), (8.0, True), (8.1, False)])
def test_adjustable_inhale_stays_within_its_range(catalog: Catalog, seconds: float, ok: bool) -> None:
    exercise = catalog.exercise("chest-on-table-breathing")
    if ok:
        cycle = prescribe(exercise, breathing={Phase.INHALE: seconds}).cycle
        assert cycle[0].seconds == seconds
    else:
        with pytest.raises(OutOfRange, match="from 3 to 8 seconds"):
            prescribe(exercise, breathing={Phase.INHALE: seconds})


@pytest.mark.parametrize("rest, ok", [(14, False), (15, True), (120, True), (121, False)])
def test_rest_stays_within_its_range(catalog: Catalog, rest: float, ok: bool) -> None:
    exercise = catalog.exercise("hands-knees-breathing")
    if ok:
        assert prescribe(exercise, rest=rest).rest == rest
    else:
        with pytest.raises(OutOfRange, match="rest must be from 15 to 120"):
            prescribe(exercise, rest=rest)
