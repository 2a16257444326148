"""The terminal player: shows a plan step by step against the clock and listens for keys.

Where the session stands is always read from the playhead (clock, pauses, speed), and the player
sleeps exactly until the next step is due, so phase changes land on time and never drift.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from rich.console import Console
from rich.live import Live

from spinecoach.cli.keys import KeySource
from spinecoach.cli.view import PlayerView, render, warm_up
from spinecoach.domain.pain import Reach
from spinecoach.domain.plans import Plan, PlanStep
from spinecoach.domain.playback import Playhead
from spinecoach.domain.session_rules import EventKind, Outcome, respond

# How often the countdown is redrawn between phase changes, in seconds.
REFRESH = 0.1
REACH_KEYS = {str(i): reach for i, reach in enumerate(Reach)}


class SessionSink(Protocol):
    """Where the player reports what happens, as it happens."""

    def event(self, kind: EventKind, plan_t: float, step: PlanStep, reach: Reach | None = None) -> None: ...

    def progress(self, reps_done: int, sets_done: int) -> None: ...


@dataclass(frozen=True)
class PhaseChange:
    index: int
    due: float  # clock seconds at which the plan put this step
    shown: float  # clock seconds at which the player had drawn it


@dataclass
class PlayResult:
    outcome: Outcome
    index: int  # the step the session ended in
    changes: list[PhaseChange] = field(default_factory=list)


class Player:
    def __init__(
        self,
        plan: Plan,
        title: str,
        console: Console,
        keys: KeySource,
        sink: SessionSink,
        speed: float = 1.0,
        reach_before: Reach = Reach.NONE,
        clock: Callable[[], float] = time.monotonic,
        bell: bool = True,
    ) -> None:
        self.plan, self.console, self.keys, self.sink = plan, console, keys, sink
        self.clock, self.bell = clock, bell
        self.reach_before = reach_before
        self.view = PlayerView(title=title, plan=plan, speed=speed)
        warm_up()
        self.head = Playhead(plan.total, clock(), speed)
        self.result = PlayResult(Outcome.INTERRUPTED, 0)
        self.asking_reach = False
        self.progress = (0, 0)

    def play(self) -> PlayResult:
        live = Live(console=self.console, auto_refresh=False, redirect_stdout=False, redirect_stderr=False)
        with live:
            try:
                while self._tick(live):
                    pass
            except KeyboardInterrupt:
                self._stop(EventKind.QUIT)
            self.view.ended = True
            self._draw(live)
        return self.result

    def _draw(self, live: Live) -> None:
        t = self.head.plan_time(self.clock())
        live.update(
            render(self.view, self.result.index, t, self.head.paused, self.asking_reach), refresh=True
        )

    def _tick(self, live: Live) -> bool:
        now = self.clock()
        t = self.head.plan_time(now)
        if t >= self.plan.total:
            self._report_progress(self.plan.total)
            self.result.outcome = Outcome.COMPLETED
            return False
        index = self.plan.index_at(t)
        changed = index != self.result.index or not self.result.changes
        self.result.index = index
        self._draw(live)
        if changed:
            step = self.plan.steps[index]
            self.result.changes.append(PhaseChange(index, self.head.clock_time(step.start), self.clock()))
            if self.bell:
                self.console.bell()
            self._report_progress(t)
        return self._listen(index)

    def _listen(self, index: int) -> bool:
        due = self.head.clock_time(self.plan.steps[index].end)
        wait = REFRESH if self.head.paused else min(REFRESH, due - self.clock())
        key = self.keys.read(wait)
        return True if key is None else self._on_key(key.lower())

    def _on_key(self, key: str) -> bool:
        now = self.clock()
        if self.asking_reach:
            return self._on_reach(key, now)
        if key == " ":
            kind = EventKind.RESUME if self.head.paused else EventKind.PAUSE
            self.head.resume(now) if self.head.paused else self.head.pause(now)
            self._event(kind)
            self.view.message = "Paused. Press space to go on." if self.head.paused else ""
        elif key == "d":
            self._event(EventKind.DISCOMFORT)
            self.view.message = respond(EventKind.DISCOMFORT, self.reach_before).message
        elif key == "l":
            self.asking_reach = True
            self.head.pause(now)
        elif key == "p":
            return self._stop(EventKind.SHARP_PAIN)
        elif key == "q":
            return self._stop(EventKind.QUIT)
        return True

    def _on_reach(self, key: str, now: float) -> bool:
        self.asking_reach = False
        if key in ("p", "q"):  # the stop keys work at every moment, even mid-question
            return self._stop(EventKind.SHARP_PAIN if key == "p" else EventKind.QUIT)
        reach = REACH_KEYS.get(key)
        if reach is None:
            self.view.message = "No change recorded. Press l again to say where the pain reaches."
        else:
            response = respond(EventKind.PAIN_REACH, self.reach_before, reach)
            self._event(EventKind.PAIN_REACH, reach)
            if response.stop is not None:
                self.result.outcome = response.stop
                self.view.message = response.message
                return False
            self.view.message = response.message
        self.head.resume(now)
        return True

    def _stop(self, kind: EventKind) -> bool:
        response = respond(kind, self.reach_before)
        self._event(kind)
        assert response.stop is not None
        self.result.outcome = response.stop
        self.view.message = response.message
        return False

    def _event(self, kind: EventKind, reach: Reach | None = None) -> None:
        t = self.head.plan_time(self.clock())
        self.sink.event(kind, t, self.plan.steps[self.plan.index_at(t)], reach)

    def _report_progress(self, t: float) -> None:
        progress = self.plan.progress_at(t)
        if progress != self.progress:
            self.progress = progress
            self.sink.progress(*progress)
