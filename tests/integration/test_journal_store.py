"""The journal on a real SQLite file: durable settings, migrations, and the session use cases."""

import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.errors import DomainError, OutOfRange
from spinecoach.domain.pain import Reach
from spinecoach.domain.plans import Plan, build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.session_rules import EventKind, FollowUp, Outcome
from spinecoach.services import accounts, journal, session_events, sessions
from spinecoach.store.database import DatabaseError, alembic_config, open_journal, sqlite_engine, upgrade
from spinecoach.store.tables import Base
from spinecoach.store.unit_of_work import UnitOfWork

T0 = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)


@pytest.fixture
def patient(uow: UnitOfWork) -> int:
    return accounts.local_patient(uow, T0)


@pytest.fixture
def plan(catalog: Catalog) -> Plan:
    return build_plan(prescribe(catalog.exercise("hands-knees-breathing"), reps=8, sets=2))


def run_session(
    uow: UnitOfWork, catalog: Catalog, plan: Plan, outcome: Outcome, before: int = 3, after: int = 3
) -> tuple[int, FollowUp]:
    patient = accounts.local_patient(uow, T0)
    session_id = sessions.start_session(uow, patient, plan, 1.0, before, Reach.BACK, T0).session_id
    reps_range = catalog.exercise(plan.exercise_id).reps
    follow = sessions.finish_session(uow, patient, session_id, outcome, after, Reach.BACK, reps_range, T0)
    return session_id, follow


def test_the_journal_runs_with_wal_full_sync_and_foreign_keys(db_path: Path) -> None:
    engine = sqlite_engine(db_path)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_migrations_build_an_empty_database_that_matches_the_models(db_path: Path) -> None:
    engine = sqlite_engine(db_path)
    upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == "0005"
    engine.dispose()


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("this is not a database " * 100)
    with pytest.raises(DatabaseError, match="cannot open the journal"):
        open_journal(path)


def test_a_session_is_written_as_interrupted_when_it_starts(
    uow: UnitOfWork, plan: Plan, patient: int
) -> None:
    session_id = sessions.start_session(uow, patient, plan, 2.0, 4, Reach.BUTTOCK, T0).session_id
    [entry] = journal.list_journal(uow, patient)
    assert entry.id == session_id and entry.outcome == "interrupted"
    assert (entry.pain_before, entry.reach_before, entry.speed) == (4, "buttock", 2.0)
    assert entry.finished_at is None and entry.pain_after is None


def test_progress_and_events_are_kept_as_they_happen(uow: UnitOfWork, plan: Plan, patient: int) -> None:
    session_id = sessions.start_session(uow, patient, plan, 1.0, 2, Reach.BACK, T0).session_id
    session_events.record_progress(uow, patient, session_id, 5, 0)
    step = plan.steps[4]
    for _ in range(2):
        event = session_events.Event(EventKind.DISCOMFORT, step.start, step.rep, step.set)
        session_events.record_event(uow, patient, session_id, event, T0)
    [entry] = journal.list_journal(uow, patient)
    assert (entry.reps_done, entry.sets_done, entry.discomfort) == (5, 0, 2)


def test_finishing_records_the_outcome_and_pain_after(
    uow: UnitOfWork, catalog: Catalog, plan: Plan, patient: int
) -> None:
    run_session(uow, catalog, plan, Outcome.COMPLETED, before=3, after=2)
    [entry] = journal.list_journal(uow, patient)
    assert entry.outcome == "completed" and entry.pain_after == 2 and entry.finished_at == T0


def test_pain_after_out_of_range_changes_nothing(
    uow: UnitOfWork, catalog: Catalog, plan: Plan, patient: int
) -> None:
    session_id = sessions.start_session(uow, patient, plan, 1.0, 3, Reach.BACK, T0).session_id
    reps = catalog.exercise(plan.exercise_id).reps
    with pytest.raises(OutOfRange, match="from 0"):
        sessions.finish_session(uow, patient, session_id, Outcome.COMPLETED, 11, Reach.BACK, reps, T0)
    [entry] = journal.list_journal(uow, patient)
    assert entry.outcome == "interrupted" and entry.pain_after is None


def test_a_pain_rise_makes_the_next_session_of_that_exercise_easier(
    uow: UnitOfWork,
    catalog: Catalog,
    plan: Plan,
    patient: int,
) -> None:
    _, follow = run_session(uow, catalog, plan, Outcome.COMPLETED, before=2, after=4)
    assert follow.next_reps == 7 and follow.alert_instructor
    assert sessions.suggested_reps(uow, patient, "hands-knees-breathing") == 7
    assert sessions.suggested_reps(uow, patient, "chest-on-table-breathing") is None
    run_session(uow, catalog, plan, Outcome.COMPLETED, before=2, after=2)
    assert sessions.suggested_reps(uow, patient, "hands-knees-breathing") is None


def test_two_sharp_pain_stops_pause_until_a_doctor_is_seen(
    uow: UnitOfWork,
    catalog: Catalog,
    plan: Plan,
    patient: int,
) -> None:
    run_session(uow, catalog, plan, Outcome.STOPPED_SHARP_PAIN)
    assert not sessions.pause_status(uow, patient).paused
    _, follow = run_session(uow, catalog, plan, Outcome.STOPPED_SHARP_PAIN)
    assert follow.pause_program and sessions.pause_status(uow, patient).paused
    with pytest.raises(sessions.ProgramPaused, match="see a doctor"):
        sessions.start_session(uow, patient, plan, 1.0, 3, Reach.BACK, T0)
    with pytest.raises(DomainError, match="whom the person saw"):
        sessions.clear_pause(uow, patient, "   ", T0)
    sessions.clear_pause(uow, patient, "Dr Ivanova, 2 Dec", T0 + timedelta(days=1))
    assert not sessions.pause_status(uow, patient).paused
    sessions.start_session(uow, patient, plan, 1.0, 3, Reach.BACK, T0 + timedelta(days=2))


def test_an_interrupted_session_between_two_sharp_stops_is_not_counted(
    uow: UnitOfWork,
    catalog: Catalog,
    plan: Plan,
    patient: int,
) -> None:
    run_session(uow, catalog, plan, Outcome.STOPPED_SHARP_PAIN)
    sessions.start_session(uow, patient, plan, 1.0, 3, Reach.BACK, T0)  # never finished
    run_session(uow, catalog, plan, Outcome.STOPPED_SHARP_PAIN)
    assert sessions.pause_status(uow, patient).paused


KILL_MID_SESSION = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import UTC, datetime
    from pathlib import Path
    from spinecoach.catalog import default_catalog
    from spinecoach.domain.pain import Reach
    from spinecoach.domain.plans import build_plan
    from spinecoach.domain.prescription import prescribe
    from spinecoach.services import accounts, session_events, sessions
    from spinecoach.store.database import open_journal
    from spinecoach.store.unit_of_work import UnitOfWork

    uow = UnitOfWork(open_journal(Path(sys.argv[1])))
    plan = build_plan(prescribe(default_catalog().exercise("chest-on-table-breathing")))
    patient = accounts.local_patient(uow, datetime.now(UTC))
    sid = sessions.start_session(uow, patient, plan, 1.0, 3, Reach.BACK, datetime.now(UTC)).session_id
    session_events.record_progress(uow, patient, sid, 3, 0)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_killed_process_leaves_an_interrupted_session_and_a_sound_file(db_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", KILL_MID_SESSION, str(db_path)], check=False)
    assert done.returncode == -9
    uow = UnitOfWork(open_journal(db_path))
    [entry] = journal.list_journal(uow, accounts.local_patient(uow, T0))
    assert entry.outcome == "interrupted" and entry.reps_done == 3
    engine = sqlite_engine(db_path)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    engine.dispose()


def test_after_a_clearance_one_sharp_stop_does_not_pause_again(
    uow: UnitOfWork,
    catalog: Catalog,
    plan: Plan,
    patient: int,
) -> None:
    run_session(uow, catalog, plan, Outcome.STOPPED_SHARP_PAIN)
    run_session(uow, catalog, plan, Outcome.STOPPED_SHARP_PAIN)
    sessions.clear_pause(uow, patient, "Dr Ivanova, 2 Dec", datetime.now(UTC))
    later = datetime.now(UTC) + timedelta(seconds=1)
    session_id = sessions.start_session(uow, patient, plan, 1.0, 3, Reach.BACK, later).session_id
    reps = catalog.exercise(plan.exercise_id).reps
    follow = sessions.finish_session(
        uow, patient, session_id, Outcome.STOPPED_SHARP_PAIN, 3, Reach.BACK, reps, later
    )
    assert not follow.pause_program
    assert not sessions.pause_status(uow, patient).paused


def test_a_journal_from_before_accounts_is_given_to_the_local_person(db_path: Path) -> None:
    engine = sqlite_engine(db_path)
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO sessions (exercise_id, started_at, planned_reps, planned_sets, reps_done, "
                "sets_done, outcome, pain_before, reach_before, speed, plan_total, paused_program) VALUES "
                "('hands-knees-breathing', '2026-11-01 07:00:00', 8, 2, 16, 2, 'completed', 3, 'back', 1.0, "
                "277.0, 0)"
            )
        )
    upgrade(engine)
    engine.dispose()
    uow = UnitOfWork(open_journal(db_path))
    patient = accounts.local_patient(uow, T0)
    [entry] = journal.list_journal(uow, patient)
    assert entry.outcome == "completed" and entry.reps_done == 16
