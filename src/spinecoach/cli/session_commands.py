"""`spinecoach session`, `spinecoach journal` and `spinecoach clear-pause`."""

import json
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from spinecoach.catalog import default_catalog
from spinecoach.cli import prompts
from spinecoach.cli.errors import EXIT_REFUSED, BadInput, reports_errors
from spinecoach.cli.keys import TerminalKeys
from spinecoach.cli.player import Player
from spinecoach.domain.exercises import Exercise
from spinecoach.domain.pain import Reach
from spinecoach.domain.plans import Plan, PlanStep, build_plan
from spinecoach.domain.playback import MAX_SPEED, MIN_SPEED
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.presession import Go, PreSessionAnswers, check_before_session
from spinecoach.domain.reasons import DOES_NOT_REPLACE_A_DOCTOR
from spinecoach.domain.red_flags import SESSION_FLAGS
from spinecoach.domain.session_rules import PROGRAM_PAUSED, EventKind, Outcome
from spinecoach.services import accounts, session_events, sessions
from spinecoach.services import journal as journal_service
from spinecoach.settings import load_settings
from spinecoach.store.database import open_journal
from spinecoach.store.unit_of_work import UnitOfWork

console = Console(highlight=False)
DB_OPTION = typer.Option(None, "--db", help="The journal file (default: SPINECOACH_DB or your data folder).")
STOPPED = frozenset({Outcome.STOPPED_SHARP_PAIN, Outcome.STOPPED_PAIN_SPREAD, Outcome.QUIT})


def now() -> datetime:
    return datetime.now(UTC)


class LocalJournal:
    """The journal file of the person at this terminal."""

    def __init__(self, db: Path | None) -> None:
        self.uow = UnitOfWork(open_journal(load_settings(db).db_path))
        self.patient_id = accounts.local_patient(self.uow, now())


class JournalSink:
    """Writes what the player reports straight into the journal, one commit each."""

    def __init__(self, journal: LocalJournal, session_id: int) -> None:
        self.journal, self.session_id = journal, session_id

    def event(self, kind: EventKind, plan_t: float, step: PlanStep, reach: Reach | None = None) -> None:
        event = session_events.Event(kind, plan_t, step.rep, step.set, reach)
        session_events.record_event(self.journal.uow, self.journal.patient_id, self.session_id, event, now())

    def progress(self, reps_done: int, sets_done: int) -> None:
        session_events.record_progress(
            self.journal.uow, self.journal.patient_id, self.session_id, reps_done, sets_done
        )


@reports_errors
def session_command(
    exercise_id: str | None = typer.Option(
        None, "--exercise", help="One exercise by id (default: the universal program, both exercises)."
    ),
    reps: int | None = typer.Option(None, "--reps", help="Breaths or reps per set."),
    sets: int | None = typer.Option(None, "--sets", help="Number of sets."),
    speed: float = typer.Option(1.0, "--speed", help="Play faster, for demonstrations and tests."),
    bell: bool = typer.Option(True, "--bell/--no-bell", help="Ring the terminal bell at each change."),
    db: Path | None = DB_OPTION,
) -> None:
    """A guided session in the terminal, with the check before it and pain asked after."""
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise BadInput(f"--speed must be from {MIN_SPEED:g} to {MAX_SPEED:g}, got {speed:g}")
    catalog = default_catalog()
    chosen = [catalog.exercise(exercise_id)] if exercise_id else catalog.universal
    journal = LocalJournal(db)
    plans = [_plan(journal, e, reps, sets) for e in chosen]
    if sessions.pause_status(journal.uow, journal.patient_id).paused:
        console.print(Panel(PAUSED_TEXT, title="Program paused", border_style="red"))
        raise typer.Exit(EXIT_REFUSED)
    console.print(Panel(SAFETY_NOTICE, title="Before you start", border_style="cyan"))
    pre = _pre_session_check()
    if pre is None:
        return
    pain, reach = pre.pain, pre.reach
    for exercise, plan in zip(chosen, plans, strict=True):
        outcome, pain, reach = _run_one(journal, exercise, plan, speed, bell, pain, reach)
        if outcome in STOPPED:
            break
    console.print("\nYour journal: [b]spinecoach journal[/]")


def _plan(journal: LocalJournal, exercise: Exercise, reps: int | None, sets: int | None) -> Plan:
    suggested = sessions.suggested_reps(journal.uow, journal.patient_id, exercise.id)
    chosen_reps = reps if reps is not None else suggested
    if reps is None and chosen_reps is not None:
        console.print(f"{exercise.name.en}: {chosen_reps} a set this time, as your pain rose last time.")
    return build_plan(prescribe(exercise, chosen_reps, sets))


def _pre_session_check() -> PreSessionAnswers | None:
    answers = PreSessionAnswers(
        red_flags=prompts.ask_red_flags(console, SESSION_FLAGS),
        flare_up=prompts.ask_yes_no(console, "Is your back pain flaring up right now?"),
        pain=prompts.ask_pain(console, "Pain right now"),
        reach=prompts.ask_reach(console),
    )
    result = check_before_session(answers)
    if result.go == Go.EMERGENCY:
        console.print(Panel(result.message, title="No exercise today", style="bold white on red"))
        return None
    if result.go == Go.POSTPONE:
        console.print(Panel(result.message, title="Postpone today's session", border_style="yellow"))
        return None
    console.print(result.message)
    return answers


def _run_one(
    journal: LocalJournal, exercise: Exercise, plan: Plan, speed: float, bell: bool, pain: int, reach: Reach
) -> tuple[Outcome, int, Reach]:
    uow, patient_id = journal.uow, journal.patient_id
    session_id = sessions.start_session(uow, patient_id, plan, speed, pain, reach, now()).session_id
    with TerminalKeys() as keys:
        player = Player(
            plan, exercise.name.en, console, keys, JournalSink(journal, session_id), speed, reach, bell=bell
        )
        result = player.play()
    if result.outcome in STOPPED:
        _show_exit(exercise, result.outcome)
    else:
        console.print(f"[green]Well done: {exercise.name.en} is finished.[/]")
    pain_after = prompts.ask_pain(console, "Pain now")
    reach_after = prompts.ask_reach(console)
    follow = sessions.finish_session(
        uow, patient_id, session_id, result.outcome, pain_after, reach_after, exercise.reps, now()
    )
    for message in follow.messages:
        console.print(Panel(message, border_style="yellow"))
    return result.outcome, pain_after, reach_after


def _show_exit(exercise: Exercise, outcome: Outcome) -> None:
    lines = "\n".join(f"{n}. {step.text.en}" for n, step in enumerate(exercise.exit, start=1))
    if outcome == Outcome.STOPPED_SHARP_PAIN:
        lines += "\n\nIf the pain does not ease, or any warning sign appears, contact your doctor."
    console.print(Panel(lines, title="Come out of the position slowly", border_style="red"))


@reports_errors
def journal_command(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    db: Path | None = DB_OPTION,
) -> None:
    """Your sessions: exercise, reps and sets, outcome, pain before and after."""
    journal = LocalJournal(db)
    entries = journal_service.list_journal(journal.uow, journal.patient_id)
    if as_json:
        typer.echo(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2))
        return
    if not entries:
        console.print("No sessions yet. Start one with [b]spinecoach session[/].")
        return
    table = Table("started", "exercise", "reps", "sets", "outcome", "pain", "reach", "discomfort")
    for column in table.columns:
        column.overflow = "fold"
    for e in entries:
        table.add_row(
            e.started_at.astimezone().strftime("%d %b %H:%M"),
            e.exercise,
            f"{e.reps_done}/{e.planned_reps * e.planned_sets}",
            f"{e.sets_done}/{e.planned_sets}",
            e.outcome,
            f"{e.pain_before}→{'' if e.pain_after is None else e.pain_after}",
            f"{e.reach_before}→{e.reach_after or ''}",
            str(e.discomfort),
        )
    console.print(table)


@reports_errors
def clear_pause_command(
    note: str = typer.Option(..., "--note", help="Whom you saw and when, e.g. 'Dr Ivanova, 2 Dec'."),
    db: Path | None = DB_OPTION,
) -> None:
    """Record that a doctor has seen you, which lifts a paused program."""
    if not note.strip():
        raise BadInput("--note must say whom you saw and when, e.g. --note 'Dr Ivanova, 2 Dec'")
    journal = LocalJournal(db)
    if not sessions.pause_status(journal.uow, journal.patient_id).paused:
        console.print("Your program is not paused; nothing to clear.")
        return
    sessions.clear_pause(journal.uow, journal.patient_id, note, now())
    console.print("Recorded. Your program is no longer paused. Go gently.")


SAFETY_NOTICE = (
    "Stop at once if you feel sharp pain: press [b]p[/]. A little discomfort is fine: press [b]d[/].\n"
    "No result is promised and there is no set date for one: every body is different.\n"
    + DOES_NOT_REPLACE_A_DOCTOR.text
)
PAUSED_TEXT = f"{PROGRAM_PAUSED}\nAfterwards record the visit with:\n  spinecoach clear-pause --note 'whom you saw and when'"
