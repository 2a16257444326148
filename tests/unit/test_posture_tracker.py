"""The check over time on synthetic sequences: steady feedback, hysteresis, and no credit while the
person is still getting into position."""

import itertools
import random

import pytest

from spinecoach.catalog import default_catalog
from spinecoach.domain.posture.rules import CORRECT, NOT_VISIBLE
from spinecoach.domain.posture.targets import CameraPosture, Fault
from spinecoach.domain.posture.tracker import SETTLE_SECONDS, SWITCH_SECONDS, PostureTracker, Tracked
from tests.unit.posture_synthetic import hands_and_knees

FPS = 15
DT = 1 / FPS


def hk() -> CameraPosture:
    posture = default_catalog().exercise("hands-knees-breathing").key_postures[0].camera
    assert posture is not None
    return posture


def run(torsos: list[float | None], heads: list[float] | None = None) -> list[Tracked]:
    """Feed one frame per value (None: no person in the frame) at 15 frames a second."""
    tracker = PostureTracker(hk())
    out = []
    for i, torso in enumerate(torsos):
        head = heads[i] if heads else -12.0
        frame = None if torso is None else hands_and_knees(torso=torso, head=head).frame()
        out.append(tracker.update(frame, i * DT))
    return out


def changes(shown: list[str]) -> int:
    return sum(a != b for a, b in itertools.pairwise(shown))


def test_a_fault_is_shown_soon_after_it_starts_and_cleared_soon_after_it_ends() -> None:
    torsos: list[float | None] = [10.0] * 30 + [-15.0] * 30 + [10.0] * 30
    shown = [t.posture for t in run(torsos)]
    start = shown.index(Fault.HIPS_HIGH.value)
    end = len(shown) - shown[::-1].index(Fault.HIPS_HIGH.value)
    assert 30 <= start <= 30 + 0.5 * FPS
    assert 60 <= end <= 60 + 0.5 * FPS
    assert changes(shown) == 2


def test_noise_around_the_tolerance_does_not_make_the_feedback_flicker() -> None:
    check_limit = 10 - 18  # hips_high: torso target 10, tolerance 18
    rng = random.Random(6)
    torsos: list[float | None] = [check_limit - 1.0 + rng.uniform(-1.2, 1.2) for _ in range(90)]
    raw = run(torsos)
    raw_flips = sum(
        (a.result.posture == CORRECT) != (b.result.posture == CORRECT) for a, b in itertools.pairwise(raw)
    )
    assert changes([t.posture for t in raw]) <= 1
    assert raw_flips <= 2  # the hysteresis holds even the per-frame verdict steady


def test_a_single_odd_frame_does_not_change_what_is_shown() -> None:
    torsos: list[float | None] = [10.0] * 20 + [-30.0] + [10.0] * 20
    tracked = run(torsos)
    assert all(t.posture == CORRECT for t in tracked)


def test_no_credit_until_the_position_is_reached_and_held() -> None:
    torsos: list[float | None] = [60.0] * 20 + [10.0] * 40  # still kneeling up, then in position
    tracked = run(torsos)
    assert not any(t.credit for t in tracked[:20])
    first_credit = next(i for i, t in enumerate(tracked) if t.credit)
    assert first_credit * DT >= 20 * DT + SETTLE_SECONDS - 1e-9
    assert all(t.credit for t in tracked[first_credit:])


def test_a_fault_in_position_stops_credit_and_a_long_one_leaves_the_position() -> None:
    torsos: list[float | None] = [10.0] * 30 + [-20.0] * 30 + [10.0] * 10
    tracked = run(torsos)
    assert tracked[29].in_position and tracked[29].credit
    during = tracked[30 + int(SWITCH_SECONDS * FPS) + 2 : 60]
    assert during and not any(t.credit for t in during)
    assert not tracked[59].in_position  # more than a second of fault
    assert not any(t.credit for t in tracked[60:])  # back in posture: it must settle again


def test_dropped_frames_read_as_not_visible_and_recover() -> None:
    torsos: list[float | None] = [10.0] * 20 + [None] * 10 + [10.0] * 20
    shown = [t.posture for t in run(torsos)]
    assert NOT_VISIBLE in shown[20:30]
    assert shown[-1] == CORRECT


def test_the_changed_flag_marks_when_to_speak() -> None:
    torsos: list[float | None] = [10.0] * 20 + [-20.0] * 20
    tracked = run(torsos)
    spoken = [t for t in tracked if t.changed]
    assert [t.posture for t in spoken] == [CORRECT, Fault.HIPS_HIGH.value]


def test_frames_must_come_in_time_order() -> None:
    tracker = PostureTracker(hk())
    tracker.update(hands_and_knees().frame(), 1.0)
    with pytest.raises(ValueError, match="comes before"):
        tracker.update(hands_and_knees().frame(), 0.5)
