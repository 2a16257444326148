"""`spinecoach check-video`: the camera posture check on a recorded video or a still picture."""

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from spinecoach.catalog import default_catalog
from spinecoach.cli.errors import fail, reports_errors
from spinecoach.vision.check import check_media
from spinecoach.vision.errors import VisionError

console = Console(highlight=False)


def _print_report(report: dict[str, object]) -> None:
    console.print(f"[b]{report['file']}[/]  ({report['exercise']})")
    if report["kind"] == "image":
        correction = report["correction"]
        console.print(f"Posture: [b]{report['posture']}[/] (camera view: {report['view']})")
        if isinstance(correction, dict):
            console.print(correction["en"])
    else:
        console.print(f"{report['frames']} frames, {report['seconds']} s at {report['fps']} frames a second")
        console.print(f"Correct posture: {float(str(report['correct_share'])) * 100:.0f}% of the time")
        faults = report["faults"]
        assert isinstance(faults, dict)
        for fault, runs in faults.items():
            spans = ", ".join(f"{r['start_s']:.1f}-{r['end_s']:.1f} s" for r in runs)
            console.print(f"  {fault}: {spans}")
        if not faults:
            console.print("  No fault was seen.")
    not_checked = report["not_checked"]
    if isinstance(not_checked, list) and not_checked:
        console.print(f"Not checked by the camera (the landmarks cannot show it): {', '.join(not_checked)}")
    console.print("The check only watches; it does not replace a doctor or an instructor.")


@reports_errors
def check_video_command(
    file: Path = typer.Argument(..., metavar="FILE", help="A video (mp4, avi, ...) or a still picture."),
    exercise_id: str = typer.Option(..., "--exercise", metavar="ID", help="The exercise shown."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Check the posture in a recorded video or picture against the exercise's key posture."""
    exercise = default_catalog().exercise(exercise_id)
    try:
        report = check_media(file, exercise)
    except VisionError as error:
        raise fail(escape(str(error))) from None  # the message holds [vision], not markup
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    _print_report(report)
