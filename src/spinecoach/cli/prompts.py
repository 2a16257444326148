"""Questions asked in the terminal: screening, the check before a session, pain after it."""

from rich.console import Console
from rich.prompt import Confirm, IntPrompt, Prompt

from spinecoach.domain import red_flags
from spinecoach.domain.pain import PAIN_MAX, PAIN_MIN, Reach
from spinecoach.domain.red_flags import RedFlag

REACH_CHOICES = "  ".join(f"{i} {reach.value}" for i, reach in enumerate(Reach))


def ask_red_flags(console: Console, flags: tuple[RedFlag, ...]) -> frozenset[RedFlag]:
    console.print("[b]Do you have any of these signs?[/]")
    for number, flag in enumerate(flags, start=1):
        console.print(f"  {number:2}. {red_flags.QUESTIONS[flag]}")
    if not Confirm.ask("Any of them, new or worse?", console=console, default=False):
        return frozenset()
    while True:
        answer = Prompt.ask("Which ones? Their numbers, separated by commas", console=console)
        chosen = _numbers(answer, len(flags))
        if chosen:
            return frozenset(flags[n - 1] for n in chosen)
        console.print(f"[red]Please type numbers from 1 to {len(flags)}, for example: 2,5[/]")


def _numbers(answer: str, highest: int) -> set[int]:
    try:
        numbers = {int(part) for part in answer.replace(" ", "").split(",") if part}
    except ValueError:
        return set()
    return numbers if numbers and all(1 <= n <= highest for n in numbers) else set()


def ask_pain(console: Console, question: str) -> int:
    while True:
        pain = IntPrompt.ask(
            f"{question}, {PAIN_MIN} (none) to {PAIN_MAX} (worst imaginable)", console=console
        )
        if PAIN_MIN <= pain <= PAIN_MAX:
            return pain
        console.print(f"[red]Please type a whole number from {PAIN_MIN} to {PAIN_MAX}.[/]")


def ask_reach(console: Console) -> Reach:
    console.print(f"How far does the pain reach?  {REACH_CHOICES}")
    choices = [str(i) for i in range(len(Reach))]
    answer = Prompt.ask("Number", console=console, choices=choices, show_choices=False)
    return list(Reach)[int(answer)]


def ask_yes_no(console: Console, question: str) -> bool:
    return Confirm.ask(question, console=console, default=False)
