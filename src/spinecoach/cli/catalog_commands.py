"""`spinecoach exercises`, `spinecoach activities` and `spinecoach plan`."""

import json

import typer
from rich.console import Console
from rich.table import Table

from spinecoach.catalog import default_catalog
from spinecoach.cli.errors import reports_errors
from spinecoach.domain.exercises import Exercise
from spinecoach.domain.plans import build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.programs import safe_for_hernia

exercises_app = typer.Typer(help="The exercise library.", no_args_is_help=True)
console = Console(highlight=False)


def summary(exercise: Exercise) -> dict[str, object]:
    return {
        "id": exercise.id,
        "name": exercise.name.en,
        "position": exercise.position.value,
        "purpose": [p.value for p in exercise.purpose],
        "movements": [m.value for m in exercise.movements],
        "universal": exercise.universal,
        "safe_for_hernia": safe_for_hernia(exercise),
    }


@exercises_app.command("list")
@reports_errors
def list_exercises(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List every exercise with its position, purpose and movement tags."""
    exercises = default_catalog().exercises.values()
    if as_json:
        typer.echo(json.dumps([summary(e) for e in exercises], ensure_ascii=False, indent=2))
        return
    table = Table("id", "name", "position", "purpose", "movements")
    for e in exercises:
        style = "" if safe_for_hernia(e) else "red"
        movements = ", ".join(m.value for m in e.movements)
        table.add_row(e.id, e.name.en, e.position.value, ", ".join(e.purpose), movements, style=style)
    console.print(table)
    console.print("Red rows are refused or warned for a disc hernia.")


@exercises_app.command("show")
@reports_errors
def show_exercise(
    exercise_id: str = typer.Argument(..., metavar="ID"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Everything about one exercise: instructions, breathing cycle, ranges, tags, sources."""
    exercise = default_catalog().exercise(exercise_id)
    if as_json:
        typer.echo(json.dumps(exercise.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    console.print(f"[b]{exercise.name.en}[/]  ({exercise.id})\n{exercise.summary.en}\n")
    for number, line in enumerate(exercise.instructions, start=1):
        console.print(f"  {number}. {line.en}")
    cycle = ", ".join(
        f"{p.phase.value} {p.seconds:g} s{' (fixed)' if p.fixed else ''}" for p in exercise.cycle
    )
    console.print(f"\nBreathing cycle: {cycle}")
    console.print(
        f"Reps {exercise.reps.min}-{exercise.reps.max}, sets {exercise.sets.min}-{exercise.sets.max}, "
        f"rest {exercise.rest.seconds:g} s"
    )
    console.print(f"Purpose: {', '.join(exercise.purpose)}")
    console.print(f"Movements: {', '.join(exercise.movements) or 'none'}")
    for source in exercise.sources:
        console.print(f"Source: {source}")


def list_activities(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Everyday activities that are recommended or undesirable."""
    activities = default_catalog().activities.values()
    if as_json:
        data = [a.model_dump(mode="json") for a in activities]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for a in activities:
        colour = "green" if a.advice.value == "recommended" else "yellow"
        console.print(f"[{colour}]{a.advice.value:12}[/] [b]{a.name.en}[/]: {a.note.en}")


def plan(
    exercise_id: str = typer.Argument(..., metavar="ID"),
    reps: int | None = typer.Option(None, "--reps", help="Breaths or reps per set."),
    sets: int | None = typer.Option(None, "--sets", help="Number of sets."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The timed plan of a session: every step with its start and length in seconds."""
    exercise = default_catalog().exercise(exercise_id)
    session_plan = build_plan(prescribe(exercise, reps, sets))
    if as_json:
        typer.echo(json.dumps(session_plan.as_dict(), ensure_ascii=False, indent=2))
        return
    table = Table("start", "length", "step", "set", "rep", "what to do")
    for s in session_plan.steps:
        table.add_row(
            f"{s.start:g}", f"{s.duration:g}", s.kind.value, str(s.set or ""), str(s.rep or ""), s.text.en
        )
    console.print(table)
    console.print(f"Total: {session_plan.total:g} s ({session_plan.total / 60:.1f} min)")
