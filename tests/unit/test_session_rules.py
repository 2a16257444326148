"""In-session stop rules and the after-session follow-up, each at its limit and one past it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinecoach.domain.exercises import CountRange
from spinecoach.domain.pain import Reach
from spinecoach.domain.session_rules import (
    PAIN_RISE_THAT_MATTERS,
    EventKind,
    Outcome,
    SessionResult,
    follow_up,
    respond,
)

SEVEN_TO_TEN = CountRange(min=7, max=10, default=10)


def test_discomfort_is_logged_and_the_session_goes_on() -> None:
    response = respond(EventKind.DISCOMFORT, Reach.BACK)
    assert response.stop is None
    assert "discomfort is allowed" in response.message


def test_sharp_pain_stops_at_once_and_shows_the_exit() -> None:
    response = respond(EventKind.SHARP_PAIN, Reach.NONE)
    assert response.stop == Outcome.STOPPED_SHARP_PAIN
    assert response.shows_exit


@given(before=st.sampled_from(list(Reach)), now=st.sampled_from(list(Reach)))
def test_pain_reaching_further_down_the_leg_stops_the_exercise(before: Reach, now: Reach) -> None:
    response = respond(EventKind.PAIN_REACH, before, now)
    if now.level > before.level:
        assert response.stop == Outcome.STOPPED_PAIN_SPREAD
    else:
        assert response.stop is None


def test_spreading_one_level_further_is_enough_to_stop() -> None:
    assert respond(EventKind.PAIN_REACH, Reach.BUTTOCK, Reach.THIGH).stop == Outcome.STOPPED_PAIN_SPREAD
    assert respond(EventKind.PAIN_REACH, Reach.BUTTOCK, Reach.BUTTOCK).stop is None


def test_pain_moving_back_to_the_spine_is_called_a_good_sign() -> None:
    response = respond(EventKind.PAIN_REACH, Reach.THIGH, Reach.BACK)
    assert response.stop is None and "good sign" in response.message


def test_a_reach_event_needs_the_reach() -> None:
    with pytest.raises(ValueError):
        respond(EventKind.PAIN_REACH, Reach.BACK)


def result(before: int, after: int, outcome: Outcome = Outcome.COMPLETED, reps: int = 10) -> SessionResult:
    return SessionResult(reps, SEVEN_TO_TEN, before, after, outcome)


def test_a_rise_of_two_points_regresses_the_next_session_and_alerts() -> None:
    follow = follow_up(result(3, 3 + PAIN_RISE_THAT_MATTERS), [])
    assert follow.next_reps == 8
    assert follow.alert_instructor
    assert not follow.pause_program


def test_a_rise_of_one_point_changes_nothing() -> None:
    follow = follow_up(result(3, 4), [])
    assert follow.next_reps is None and not follow.alert_instructor and follow.messages == ()


def test_regression_never_goes_below_the_prescribed_range() -> None:
    assert follow_up(result(2, 6, reps=8), []).next_reps == 7
    assert follow_up(result(2, 6, reps=7), []).next_reps == 7


@given(before=st.integers(0, 10), after=st.integers(0, 10), reps=st.integers(7, 10))
def test_regression_is_always_fewer_reps_within_the_range(before: int, after: int, reps: int) -> None:
    follow = follow_up(result(before, after, reps=reps), [])
    if after - before >= 2:
        assert follow.next_reps is not None
        assert SEVEN_TO_TEN.min <= follow.next_reps <= reps
        assert follow.next_reps < reps or reps == SEVEN_TO_TEN.min
    else:
        assert follow.next_reps is None


def test_two_sharp_pain_stops_in_a_row_pause_the_program() -> None:
    follow = follow_up(result(3, 3, Outcome.STOPPED_SHARP_PAIN), [Outcome.STOPPED_SHARP_PAIN])
    assert follow.pause_program and follow.alert_instructor
    assert any("see a doctor" in m for m in follow.messages)


@pytest.mark.parametrize(
    "previous",
    [[], [Outcome.COMPLETED], [Outcome.STOPPED_PAIN_SPREAD], [Outcome.QUIT, Outcome.STOPPED_SHARP_PAIN]],
)
def test_one_sharp_pain_stop_alone_does_not_pause(previous: list[Outcome]) -> None:
    assert not follow_up(result(3, 3, Outcome.STOPPED_SHARP_PAIN), previous).pause_program


def test_a_completed_session_after_a_sharp_stop_does_not_pause() -> None:
    assert not follow_up(result(3, 3, Outcome.COMPLETED), [Outcome.STOPPED_SHARP_PAIN]).pause_program
