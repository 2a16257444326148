"""`spinecoach screen` and `spinecoach check-program`."""

import json
from pathlib import Path

import typer
from rich.console import Console

from spinecoach.catalog import default_catalog
from spinecoach.cli import prompts
from spinecoach.cli.errors import EXIT_REFUSED, reports_errors
from spinecoach.cli.inputs import read_json, read_yaml, validated
from spinecoach.domain.programs import Profile, Program, Review, Severity, review_program
from spinecoach.domain.red_flags import RedFlag
from spinecoach.domain.screening import Decision, DecisionKind, Hernia, ScreeningAnswers, screen

console = Console(highlight=False)
KIND_STYLE = {
    DecisionKind.EMERGENCY: "bold white on red",
    DecisionKind.POSTPONE: "bold yellow",
    DecisionKind.SEE_DOCTOR_FIRST: "bold yellow",
}


@reports_errors
def screen_command(
    answers: Path | None = typer.Option(None, "--answers", help="Decide from a JSON file of answers."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Ask the screening questions (or read them from a file) and say what is safe."""
    given = validated(ScreeningAnswers, read_json(answers), answers) if answers else ask_screening()
    decision = screen(given, default_catalog())
    if as_json:
        typer.echo(json.dumps(decision.as_dict(), ensure_ascii=False, indent=2))
    else:
        show_decision(decision)


def ask_screening() -> ScreeningAnswers:
    flags = prompts.ask_red_flags(console, tuple(RedFlag))
    hernia = Hernia.NONE
    if prompts.ask_yes_no(console, "Has a doctor diagnosed a disc hernia?"):
        hernia = Hernia.DIAGNOSED
    elif prompts.ask_yes_no(console, "Do you think you may have a disc hernia?"):
        hernia = Hernia.SUSPECTED
    seen = hernia != Hernia.NONE and prompts.ask_yes_no(console, "Has a doctor seen you about it?")
    program = seen and prompts.ask_yes_no(console, "Has an instructor prescribed a program for you?")
    return ScreeningAnswers(
        red_flags=flags,
        hernia=hernia,
        seen_doctor=seen,
        flare_up=prompts.ask_yes_no(console, "Is your back pain flaring up right now?"),
        osteochondrosis=prompts.ask_yes_no(console, "Has a doctor told you that you have osteochondrosis?"),
        instructor_program=program,
    )


def show_decision(decision: Decision) -> None:
    console.print(f"\n[{KIND_STYLE.get(decision.kind, 'bold green')}] {decision.kind.value} [/]\n")
    for reason in decision.reasons:
        console.print(f"  - {reason.text}")
    if decision.allowed:
        catalog = default_catalog()
        console.print("\n[b]Exercises you may do:[/]")
        for exercise_id in decision.allowed:
            console.print(f"  {exercise_id:32} {catalog.exercise(exercise_id).name.en}")


@reports_errors
def check_program_command(
    program_file: Path = typer.Argument(..., metavar="FILE.yaml"),
    profile: Profile = typer.Option(..., "--profile", help="The person's profile."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Check a program against the safety rules: exit 0 when allowed, 1 when refused."""
    program = validated(Program, read_yaml(program_file), program_file)
    review = review_program(program, profile, default_catalog())
    if as_json:
        typer.echo(json.dumps(review.as_dict(), ensure_ascii=False, indent=2))
    else:
        show_review(review)
    if not review.allowed:
        raise typer.Exit(EXIT_REFUSED)


def show_review(review: Review) -> None:
    styles = {Severity.REFUSED: "red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}
    for f in review.findings:
        kept = (
            f"  kept because: {f.reason_given}" if f.severity == Severity.WARNING and f.reason_given else ""
        )
        console.print(f"[{styles[f.severity]}]{f.severity.value:8}[/] item {f.item}: {f.message}{kept}")
    balance = ", ".join(f"{p.value} {n}" for p, n in sorted(review.balance.items()))
    console.print(f"Balance of purposes: {balance or 'none'}")
    verdict = "[green]allowed[/]" if review.allowed else "[bold red]refused[/]"
    console.print(f"Program {verdict}")
