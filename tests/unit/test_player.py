"""The terminal player, driven by a scripted clock and scripted keys (no real terminal)."""

import io

from rich.console import Console

from spinecoach.cli.player import Player
from spinecoach.domain.catalog import Catalog
from spinecoach.domain.pain import Reach
from spinecoach.domain.plans import Plan, PlanStep, StepKind, build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.session_rules import EventKind, Outcome


class ScriptedTime:
    """A clock that moves only when the player waits, and keys pressed at given clock times."""

    def __init__(self, keys: list[tuple[float, str]] | None = None) -> None:
        self.now = 0.0
        self.keys = sorted(keys or [])

    def clock(self) -> float:
        return self.now

    def read(self, timeout: float) -> str | None:
        if self.keys and self.keys[0][0] <= self.now + timeout:
            at, key = self.keys.pop(0)
            self.now = max(self.now, at)
            return key
        self.now += max(0.0, timeout)
        return None


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[EventKind, float, StepKind, Reach | None]] = []
        self.progress_reports: list[tuple[int, int]] = []

    def event(self, kind: EventKind, plan_t: float, step: PlanStep, reach: Reach | None = None) -> None:
        self.events.append((kind, plan_t, step.kind, reach))

    def progress(self, reps_done: int, sets_done: int) -> None:
        self.progress_reports.append((reps_done, sets_done))


def play(
    plan: Plan, keys: list[tuple[float, str]] | None = None, speed: float = 1.0, reach: Reach = Reach.BACK
) -> tuple[Player, Recorder, ScriptedTime, str]:
    time, sink = ScriptedTime(keys), Recorder()
    out = io.StringIO()
    console = Console(file=out, width=100, force_terminal=False)
    player = Player(plan, "test", console, time, sink, speed, reach, clock=time.clock, bell=True)
    player.play()
    return player, sink, time, out.getvalue()


def hands_knees(catalog: Catalog, reps: int = 7, sets: int = 2) -> Plan:
    return build_plan(prescribe(catalog.exercise("hands-knees-breathing"), reps, sets))


def test_a_whole_session_shows_every_step_exactly_when_due(catalog: Catalog) -> None:
    plan = hands_knees(catalog)
    player, sink, _, _ = play(plan)
    assert player.result.outcome == Outcome.COMPLETED
    assert [c.index for c in player.result.changes] == list(range(len(plan.steps)))
    for change in player.result.changes:
        assert change.shown - change.due < 1e-9
        assert change.due == plan.steps[change.index].start
    assert sink.progress_reports[-1] == (14, 2)


def test_at_high_speed_the_changes_land_on_the_scaled_plan(catalog: Catalog) -> None:
    plan = hands_knees(catalog)
    player, _, time, _ = play(plan, speed=20)
    assert player.result.outcome == Outcome.COMPLETED
    assert abs(time.now - plan.total / 20) < 0.11
    for change in player.result.changes:
        assert abs(change.due - plan.steps[change.index].start / 20) < 1e-9


def test_sharp_pain_stops_at_once_in_the_current_step(catalog: Catalog) -> None:
    plan = hands_knees(catalog)
    at = plan.steps[5].start + 1.0
    player, sink, time, screen = play(plan, keys=[(at, "p")])
    assert player.result.outcome == Outcome.STOPPED_SHARP_PAIN
    assert player.result.index == 5
    assert time.now == at
    assert sink.events == [(EventKind.SHARP_PAIN, at, plan.steps[5].kind, None)]
    assert "Stop now" in screen


def test_discomfort_is_logged_and_the_session_goes_on(catalog: Catalog) -> None:
    player, sink, _, screen = play(hands_knees(catalog), keys=[(20.0, "d")])
    assert player.result.outcome == Outcome.COMPLETED
    assert [e[0] for e in sink.events] == [EventKind.DISCOMFORT]
    assert "discomfort is allowed" in screen


def test_pause_holds_the_session_and_resume_goes_on_from_there(catalog: Catalog) -> None:
    plan = hands_knees(catalog)
    player, sink, time, _ = play(plan, keys=[(30.0, " "), (90.0, " ")])
    assert player.result.outcome == Outcome.COMPLETED
    assert [e[0] for e in sink.events] == [EventKind.PAUSE, EventKind.RESUME]
    assert sink.events[0][1] == sink.events[1][1] == 30.0
    assert abs(time.now - (plan.total + 60.0)) < 0.11
    later = [c for c in player.result.changes if plan.steps[c.index].start > 30]
    assert all(c.due == plan.steps[c.index].start + 60 for c in later)


def test_pain_spreading_further_stops_the_exercise(catalog: Catalog) -> None:
    player, sink, _, _ = play(hands_knees(catalog), keys=[(25.0, "l"), (26.0, "3")], reach=Reach.BACK)
    assert player.result.outcome == Outcome.STOPPED_PAIN_SPREAD
    assert sink.events[-1][0] == EventKind.PAIN_REACH and sink.events[-1][3] == Reach.THIGH


def test_pain_no_further_than_before_lets_the_session_go_on(catalog: Catalog) -> None:
    player, sink, _, _ = play(hands_knees(catalog), keys=[(25.0, "l"), (26.0, "1")], reach=Reach.BACK)
    assert player.result.outcome == Outcome.COMPLETED
    assert sink.events[-1][3] == Reach.BACK


def test_an_unknown_key_while_asking_for_the_reach_records_nothing(catalog: Catalog) -> None:
    player, sink, _, _ = play(hands_knees(catalog), keys=[(25.0, "l"), (26.0, "x")])
    assert player.result.outcome == Outcome.COMPLETED
    assert sink.events == []


def test_quit_ends_the_session_as_quit(catalog: Catalog) -> None:
    player, sink, _, _ = play(hands_knees(catalog), keys=[(40.0, "q")])
    assert player.result.outcome == Outcome.QUIT
    assert sink.events[-1][0] == EventKind.QUIT


def test_the_stop_key_works_even_while_asking_where_the_pain_reaches(catalog: Catalog) -> None:
    player, sink, _, _ = play(hands_knees(catalog), keys=[(25.0, "l"), (26.0, "p")])
    assert player.result.outcome == Outcome.STOPPED_SHARP_PAIN
    assert sink.events[-1][0] == EventKind.SHARP_PAIN
