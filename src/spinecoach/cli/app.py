"""The `spinecoach` command."""

import typer

from spinecoach.cli import catalog_commands, safety_commands, server_commands, session_commands
from spinecoach.cli.errors import reports_errors
from spinecoach.cli.export_commands import export_command, report_command
from spinecoach.cli.posture_commands import check_video_command
from spinecoach.cli.score_commands import score_app

app = typer.Typer(
    help="spinecoach: safe, guided therapeutic gymnastics for a spinal disc hernia and its prevention.\n\n"
    "It does not diagnose and does not replace a doctor.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(catalog_commands.exercises_app, name="exercises")
app.command("activities")(reports_errors(catalog_commands.list_activities))
app.command("plan")(reports_errors(catalog_commands.plan))
app.command("screen")(safety_commands.screen_command)
app.command("check-program")(safety_commands.check_program_command)
app.command("session")(session_commands.session_command)
app.command("journal")(session_commands.journal_command)
app.command("clear-pause")(session_commands.clear_pause_command)
app.command("serve")(server_commands.serve)
app.add_typer(server_commands.db_app, name="db")
app.add_typer(server_commands.users_app, name="users")
app.command("demo")(server_commands.demo_command)
app.command("check-video")(check_video_command)
app.add_typer(score_app, name="score")
app.command("report")(report_command)
app.command("export")(export_command)


def main() -> None:
    app()
