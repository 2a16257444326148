"""What the terminal player draws: the current step in large type, a countdown bar, counters."""

import math
from dataclasses import dataclass
from functools import cache

import pyfiglet
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from spinecoach.domain.pain import Reach
from spinecoach.domain.plans import Plan, StepKind

LABELS = {
    StepKind.SETUP: "GET READY",
    StepKind.INHALE: "BREATHE IN",
    StepKind.HOLD: "HOLD",
    StepKind.EXHALE: "BREATHE OUT",
    StepKind.PAUSE: "PAUSE",
    StepKind.REST: "REST",
    StepKind.EXIT: "COME OUT",
}
COLOURS = {
    StepKind.SETUP: "cyan",
    StepKind.INHALE: "green",
    StepKind.HOLD: "yellow",
    StepKind.EXHALE: "blue",
    StepKind.PAUSE: "magenta",
    StepKind.REST: "white",
    StepKind.EXIT: "cyan",
}
KEYS_HELP = "[b]space[/] pause/resume   [b]d[/] discomfort   [b]l[/] pain spreading?   [b]q[/] quit"
STOP_HELP = "[b reverse red] p  SHARP PAIN - STOP [/]"
REACH_HELP = "Where does the pain reach now?  " + "   ".join(
    f"[b]{i}[/] {reach.value}" for i, reach in enumerate(Reach)
)


@dataclass
class PlayerView:
    title: str
    plan: Plan
    speed: float
    message: str = ""
    ended: bool = False


@cache
def big(text: str) -> str:
    return str(pyfiglet.figlet_format(text, font="small", width=200)).rstrip("\n")


def warm_up() -> None:
    """Draw every label once so the first phase change does not pay for loading the font."""
    for label in [*LABELS.values(), *(str(n) for n in range(100))]:
        big(label)


def render(view: PlayerView, index: int, t: float, paused: bool, asking_reach: bool) -> RenderableType:
    step = view.plan.steps[index]
    left = max(0.0, step.end - t)
    colour = "grey50" if paused else COLOURS[step.kind]
    counters = Table.grid(expand=True)
    counters.add_column()
    counters.add_column(justify="right")
    set_text = f"Set {step.set} of {view.plan.sets}" if step.set else ""
    rep_text = f"Breath {step.rep} of {view.plan.reps}" if step.rep else ""
    counters.add_row(f"[b]{set_text}[/]   {rep_text}", f"session {t:5.0f} / {view.plan.total:.0f} s")
    headline = Table.grid(expand=True)
    headline.add_column()
    headline.add_column(justify="right")
    headline.add_row(
        Text(big(LABELS[step.kind]), style=f"bold {colour}"),
        Text(big(str(math.ceil(left))), style=f"bold {colour}"),
    )
    countdown = Table.grid(expand=True, padding=(0, 1))
    countdown.add_column(width=7)
    countdown.add_column(ratio=1)
    countdown.add_row(
        Text(f"{left:4.1f} s", style=f"bold {colour}"),
        ProgressBar(total=step.duration, completed=step.duration - left, complete_style=colour),
    )
    parts: list[RenderableType] = [counters, headline, countdown, Text(step.text.en, style="bold"), Text("")]
    if paused and not asking_reach:
        parts.append(Text("PAUSED", style="bold reverse"))
    if view.message:
        parts.append(Text(view.message, style="italic"))
    if not view.ended:
        parts.append(Text.from_markup(REACH_HELP if asking_reach else KEYS_HELP))
        parts.append(Text.from_markup(STOP_HELP))
    subtitle = f"speed x{view.speed:g}" if view.speed != 1 else None
    return Panel(Group(*parts), title=view.title, subtitle=subtitle, border_style=colour)
