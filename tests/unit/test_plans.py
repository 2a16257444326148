"""Session timing: the plan is contiguous and keeps each universal exercise's own cycle."""

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.exercises import Phase
from spinecoach.domain.plans import Plan, StepKind, build_plan
from spinecoach.domain.prescription import prescribe


def kinds(plan: Plan) -> list[str]:
    return [s.kind.value for s in plan.steps]


def assert_contiguous(plan: Plan) -> None:
    assert plan.steps[0].start == 0
    for before, after in pairwise(plan.steps):
        assert after.start == before.end
    assert plan.total == plan.steps[-1].end


def test_chest_on_table_holds_four_seconds_after_every_inhale(catalog: Catalog) -> None:
    plan = build_plan(prescribe(catalog.exercise("chest-on-table-breathing"), reps=8, sets=2))
    breathing = [s for s in plan.steps if s.kind in {StepKind.INHALE, StepKind.HOLD, StepKind.EXHALE}]
    assert [s.kind.value for s in breathing[:3]] == ["inhale", "hold", "exhale"]
    for inhale, hold in pairwise(breathing):
        if inhale.kind == StepKind.INHALE:
            assert hold.kind == StepKind.HOLD and hold.duration == 4
    assert sum(1 for s in plan.steps if s.kind == StepKind.HOLD) == 16
    assert not any(s.kind == StepKind.PAUSE for s in plan.steps)


def test_chest_on_table_repeats_lying_down_and_getting_up_every_set(catalog: Catalog) -> None:
    exercise = catalog.exercise("chest-on-table-breathing")
    plan = build_plan(prescribe(exercise, reps=7, sets=3))
    setups, exits = len(exercise.setup), len(exercise.exit)
    assert sum(1 for s in plan.steps if s.kind == StepKind.SETUP) == 3 * setups
    assert sum(1 for s in plan.steps if s.kind == StepKind.EXIT) == 3 * exits
    # the order per set: setup, breaths, exit, then a rest unless it was the last set
    compact = [k for i, k in enumerate(kinds(plan)) if i == 0 or kinds(plan)[i - 1] != k]
    one_set = ["setup", "inhale", "hold", "exhale"]
    assert compact[:4] == one_set
    assert compact.count("rest") == 2 and compact[-1] == "exit"
    rests = [s for s in plan.steps if s.kind == StepKind.REST]
    assert [r.set for r in rests] == [1, 2]


def test_chest_on_table_total_is_exactly_the_sum_of_its_parts(catalog: Catalog) -> None:
    exercise = catalog.exercise("chest-on-table-breathing")
    plan = build_plan(prescribe(exercise, reps=8, sets=2))
    setup = sum(s.seconds for s in exercise.setup)
    exit_ = sum(s.seconds for s in exercise.exit)
    breaths = 8 * (5 + 4 + 5)
    assert plan.total == 2 * (setup + breaths + exit_) + exercise.rest.seconds
    assert_contiguous(plan)


def test_hands_knees_pauses_four_seconds_after_every_exhale(catalog: Catalog) -> None:
    plan = build_plan(prescribe(catalog.exercise("hands-knees-breathing"), reps=7, sets=2))
    breathing = [s for s in plan.steps if s.rep is not None]
    assert [s.kind.value for s in breathing[:3]] == ["inhale", "exhale", "pause"]
    for exhale, pause in pairwise(breathing):
        if exhale.kind == StepKind.EXHALE:
            assert pause.kind == StepKind.PAUSE and pause.duration == 4
    assert not any(s.kind == StepKind.HOLD for s in plan.steps)


def test_hands_knees_gets_into_position_once_and_rests_between_sets(catalog: Catalog) -> None:
    exercise = catalog.exercise("hands-knees-breathing")
    plan = build_plan(prescribe(exercise, reps=8, sets=3))
    assert sum(1 for s in plan.steps if s.kind == StepKind.SETUP) == len(exercise.setup)
    assert sum(1 for s in plan.steps if s.kind == StepKind.EXIT) == len(exercise.exit)
    assert kinds(plan)[0] == "setup" and kinds(plan)[-1] == "exit"
    assert sum(1 for s in plan.steps if s.kind == StepKind.REST) == 2
    assert_contiguous(plan)


@pytest.mark.parametrize("inhale", [3.0, 4.5, 8.0])
def test_hands_knees_exhale_is_always_as_long_as_the_inhale(catalog: Catalog, inhale: float) -> None:
    exercise = catalog.exercise("hands-knees-breathing")
    plan = build_plan(prescribe(exercise, breathing={Phase.INHALE: inhale}))
    for step in plan.steps:
        if step.kind in {StepKind.INHALE, StepKind.EXHALE}:
            assert step.duration == inhale


def test_every_breathing_step_names_its_rep_and_set(catalog: Catalog) -> None:
    plan = build_plan(prescribe(catalog.exercise("hands-knees-breathing"), reps=7, sets=2))
    inhales = [(s.set, s.rep) for s in plan.steps if s.kind == StepKind.INHALE]
    assert inhales == [(set_, rep) for set_ in (1, 2) for rep in range(1, 8)]


def test_index_at_puts_a_boundary_in_the_step_it_starts(catalog: Catalog) -> None:
    plan = build_plan(prescribe(catalog.exercise("hands-knees-breathing")))
    second = plan.steps[1]
    assert plan.index_at(second.start - 1e-9) == 0
    assert plan.index_at(second.start) == 1
    assert plan.index_at(-5) == 0
    assert plan.index_at(plan.total + 100) == len(plan.steps) - 1


def test_progress_counts_reps_and_sets_as_they_end(catalog: Catalog) -> None:
    plan = build_plan(prescribe(catalog.exercise("hands-knees-breathing"), reps=7, sets=2))
    first_rep_end = next(s.end for s in plan.steps if s.kind == StepKind.PAUSE)
    assert plan.progress_at(first_rep_end - 0.01) == (0, 0)
    assert plan.progress_at(first_rep_end) == (1, 0)
    first_rest = next(s for s in plan.steps if s.kind == StepKind.REST)
    assert plan.progress_at(first_rest.start) == (7, 1)
    assert plan.progress_at(plan.total) == (14, 2)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_every_plan_of_every_exercise_is_contiguous(catalog: Catalog, data: st.DataObject) -> None:
    exercise = data.draw(st.sampled_from(sorted(catalog.exercises.values(), key=lambda e: e.id)))
    reps = data.draw(st.integers(exercise.reps.min, exercise.reps.max))
    sets = data.draw(st.integers(exercise.sets.min, exercise.sets.max))
    plan = build_plan(prescribe(exercise, reps, sets))
    assert_contiguous(plan)
    assert sum(1 for s in plan.steps if s.kind.value == exercise.cycle[0].phase.value) == reps * sets
    assert all(s.duration > 0 for s in plan.steps)
