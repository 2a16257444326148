"""`spinecoach score odi` and `spinecoach score startback`: score a paper form, store nothing."""

import json

import typer
from rich.console import Console

from spinecoach.cli.errors import reports_errors
from spinecoach.domain.odi import parse_odi, score_odi
from spinecoach.domain.startback import parse_agree, parse_bother, score_startback

console = Console(highlight=False)
score_app = typer.Typer(
    help="Score a questionnaire from its answers (nothing is stored).", no_args_is_help=True
)
JSON = typer.Option(False, "--json", help="Print JSON.")


@score_app.command("odi")
@reports_errors
def odi(
    answers: str = typer.Argument(
        ..., help="Ten answers, comma-separated: a level 0-5, two marks as 1/3, - for unanswered."
    ),
    as_json: bool = JSON,
) -> None:
    """Oswestry Disability Index 2.1a: percent of the answered sections' maximum, and its band."""
    score = score_odi(parse_odi(answers))
    if as_json:
        typer.echo(json.dumps(score.as_dict()))
        return
    console.print(
        f"ODI {score.display}% ({score.band.value}); exact {score.as_dict()['percent']}%, "
        f"{score.points}/{score.maximum} points, {score.answered} of 10 sections answered."
    )


@score_app.command("startback")
@reports_errors
def startback(
    items: str = typer.Argument(..., help="Items 1-8, comma-separated: agree (1) or disagree (0)."),
    bother: str = typer.Option(
        ..., "--bother", help="Item 9: not-at-all, slightly, moderately, very-much or extremely."
    ),
    as_json: bool = JSON,
) -> None:
    """Keele STarT Back Screening Tool: total, psychosocial subscore and risk group."""
    score = score_startback(parse_agree(items), parse_bother(bother))
    if as_json:
        typer.echo(json.dumps(score.as_dict()))
        return
    console.print(
        f"STarT Back: {score.risk.value} risk; total {score.total}/9, psychosocial {score.psychosocial}/5."
    )
