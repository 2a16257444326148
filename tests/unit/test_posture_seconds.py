"""Counting the seconds the camera watched and the seconds in a correct posture (domain/posture/observed.py)."""

import pytest

from spinecoach.domain.posture.geometry import Measure
from spinecoach.domain.posture.landmarks import Landmark
from spinecoach.domain.posture.observed import (
    MAX_FRAME_GAP_SECONDS,
    PostureClock,
    PostureSeconds,
    landmarks_of,
)


def run(frames: list[tuple[float, str, str | None]], stop: float | None = None) -> PostureSeconds:
    clock = PostureClock()
    for time, posture, phase in frames:
        clock.frame(time, posture, phase)
    if stop is not None:
        clock.stop(stop)
    return clock.total


def test_each_frame_stands_for_the_time_until_the_next() -> None:
    total = run([(0.0, "correct", "inhale"), (0.1, "correct", "inhale"), (0.2, "hips_high", "inhale")], 0.3)
    assert total.observed == pytest.approx(0.3)
    assert total.correct == pytest.approx(0.2)
    assert total.share == pytest.approx(2 / 3)


def test_a_frame_rate_of_its_own_does_not_change_the_seconds() -> None:
    slow = run([(t / 5, "correct", "hold") for t in range(11)])  # 5 frames a second for 2 s
    fast = run([(t / 15, "correct", "hold") for t in range(31)])  # 15 a second for 2 s
    assert slow.observed == pytest.approx(2.0) and fast.observed == pytest.approx(2.0)


def test_only_the_breathing_steps_count() -> None:
    total = run(
        [
            (0.0, "hips_low", "setup"),
            (0.4, "correct", "inhale"),
            (0.8, "correct", "rest"),
            (1.2, "correct", "exit"),
        ],
        1.6,
    )
    assert total == PostureSeconds(0.4, 0.4)  # only the inhale frame's 0.4 s
    assert run([(0.0, "correct", None), (0.3, "correct", None)], 0.5) == PostureSeconds()


@pytest.mark.parametrize("gap", [MAX_FRAME_GAP_SECONDS, MAX_FRAME_GAP_SECONDS + 0.01, 30.0])
def test_a_long_gap_counts_only_up_to_the_limit(gap: float) -> None:
    total = run([(0.0, "correct", "pause"), (gap, "correct", "pause")])
    assert total.observed == pytest.approx(min(gap, MAX_FRAME_GAP_SECONDS))


def test_not_visible_is_watched_but_not_correct() -> None:
    total = run([(0.0, "not-visible", "exhale"), (0.2, "correct", "exhale")], 0.4)
    assert (total.observed, total.correct) == pytest.approx((0.4, 0.2))


def test_stopping_ends_the_last_frame_and_a_restart_adds_on() -> None:
    clock = PostureClock()
    clock.frame(0.0, "correct", "inhale")
    clock.stop(0.25)
    clock.stop(5.0)  # a second stop adds nothing
    clock.frame(10.0, "correct", "inhale")
    clock.stop(10.1)
    assert clock.total.observed == pytest.approx(0.35)


def test_time_never_runs_backwards() -> None:
    clock = PostureClock()
    clock.frame(1.0, "correct", "inhale")
    with pytest.raises(ValueError, match="comes before"):
        clock.frame(0.5, "correct", "inhale")


def test_the_share_and_the_stored_form() -> None:
    assert PostureSeconds().share is None  # nothing watched: no share, not 0%
    assert PostureSeconds(0.0, 0.0).as_dict() == {"observed_s": 0.0, "correct_s": 0.0, "share": None}
    assert PostureSeconds(80.0, 60.0).as_dict() == {"observed_s": 80.0, "correct_s": 60.0, "share": 0.75}
    assert PostureSeconds(10, 4) + PostureSeconds(5, 5) == PostureSeconds(15, 9)
    assert PostureSeconds(15, 9) - PostureSeconds(10, 4) == PostureSeconds(5, 5)
    with pytest.raises(ValueError, match="correct seconds"):
        PostureSeconds(1.0, 2.0)
    with pytest.raises(ValueError):
        PostureSeconds(1.0, -0.5)


def test_the_landmarks_of_failing_measures_name_the_joints_to_mark() -> None:
    assert landmarks_of([]) == []
    assert landmarks_of([Measure.HEAD_TO_TORSO]) == sorted(
        [Landmark.LEFT_EAR, Landmark.RIGHT_EAR, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER]
    )
    knee = landmarks_of([Measure.KNEE])
    assert Landmark.LEFT_KNEE in knee and Landmark.RIGHT_ANKLE in knee and Landmark.NOSE not in knee
    assert set(landmarks_of(list(Measure))) <= set(range(33))
