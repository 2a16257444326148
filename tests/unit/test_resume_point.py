"""Where an unfinished guided session stands by the server's record (services/guided.resume_point)."""

from spinecoach.catalog import default_catalog
from spinecoach.domain.plans import build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.services.guided import resume_point

PLAN = build_plan(prescribe(default_catalog().exercise("hands-knees-breathing"), 8, 2))


def rep_end(number: int) -> float:
    """The end of the number-th rep (1-based, across sets) in the plan."""
    return next(s.end for s in PLAN.steps if PLAN.progress_at(s.end)[0] == number)


def test_nothing_done_and_no_event_stands_at_the_start() -> None:
    assert resume_point(PLAN, [], 0) == 0.0


def test_the_reps_reported_done_put_it_at_the_end_of_the_last_of_them() -> None:
    assert resume_point(PLAN, [], 2) == rep_end(2)
    assert PLAN.steps[PLAN.index_at(rep_end(2))].rep == 3  # it goes on with the third breath
    assert resume_point(PLAN, [], 9) == rep_end(9)  # into the second set, past the rest


def test_a_later_event_wins_over_the_reps_and_an_earlier_one_does_not() -> None:
    assert resume_point(PLAN, [rep_end(2) + 3.5], 2) == rep_end(2) + 3.5
    assert resume_point(PLAN, [1.0, rep_end(1)], 2) == rep_end(2)


def test_every_rep_done_stands_at_the_end_of_the_last_breath() -> None:
    assert resume_point(PLAN, [], 16) == rep_end(16) <= PLAN.total
