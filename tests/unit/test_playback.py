"""The playhead reads plan time from the clock: pauses hold it still, speed scales it."""

from hypothesis import given
from hypothesis import strategies as st

from spinecoach.domain.playback import Playhead


def test_plan_time_follows_the_clock() -> None:
    head = Playhead(total=100, started_at=1000.0)
    assert head.plan_time(1000.0) == 0
    assert head.plan_time(1012.5) == 12.5
    assert head.plan_time(2000.0) == 100
    assert head.finished(1100.0) and not head.finished(1099.0)


def test_a_pause_holds_plan_time_still_and_shifts_what_is_due() -> None:
    head = Playhead(total=100, started_at=0.0)
    head.pause(10.0)
    assert head.plan_time(50.0) == 10
    head.resume(40.0)
    assert head.plan_time(45.0) == 15
    assert head.clock_time(20.0) == 50.0


def test_pausing_twice_or_resuming_when_running_changes_nothing() -> None:
    head = Playhead(total=100, started_at=0.0)
    head.resume(5.0)
    head.pause(10.0)
    head.pause(20.0)
    head.resume(30.0)
    assert head.paused_total == 20.0 and not head.paused


def test_speed_scales_plan_time() -> None:
    head = Playhead(total=300, started_at=0.0, speed=10)
    assert head.plan_time(3.0) == 30
    assert head.clock_time(300) == 30


@given(
    speed=st.floats(0.1, 1000),
    pauses=st.lists(st.tuples(st.floats(0, 50), st.floats(0, 50)), max_size=5),
    plan_t=st.floats(0, 1000),
)
def test_clock_time_and_plan_time_agree(
    speed: float, pauses: list[tuple[float, float]], plan_t: float
) -> None:
    head = Playhead(total=1000, started_at=10.0, speed=speed)
    now = 10.0
    for run, rest in pauses:
        now += run
        head.pause(now)
        now += rest
        head.resume(now)
    due = head.clock_time(plan_t)
    if due >= now:
        assert abs(head.plan_time(due) - plan_t) < 1e-6 * max(1.0, plan_t)
