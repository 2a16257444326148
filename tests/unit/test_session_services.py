"""The session use cases on the in-memory unit of work: starting (refused while the program is
paused, once per client id), events, and the follow-up of a finished session."""

from datetime import UTC, datetime, timedelta

import pytest

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.errors import Conflict, DomainError, NotFound
from spinecoach.domain.journal_records import SessionRecord
from spinecoach.domain.pain import Reach
from spinecoach.domain.plans import Plan, build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.session_rules import EventKind, FollowUp, Outcome
from spinecoach.services import session_events, sessions
from tests.unit.fake_uow import FakeUnitOfWork

T0 = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)
PATIENT = 1


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def plan(catalog: Catalog) -> Plan:
    return build_plan(prescribe(catalog.exercise("hands-knees-breathing"), reps=8, sets=2))


def start(uow: FakeUnitOfWork, plan: Plan, client_id: str | None = None, at: datetime = T0) -> int:
    return sessions.start_session(uow, PATIENT, plan, 1.0, 3, Reach.BACK, at, client_id).session_id


def finish(
    uow: FakeUnitOfWork, catalog: Catalog, session_id: int, outcome: Outcome, pain_after: int = 3
) -> FollowUp:
    reps = catalog.exercise("hands-knees-breathing").reps
    return sessions.finish_session(uow, PATIENT, session_id, outcome, pain_after, Reach.BACK, reps, T0)


def stored(uow: FakeUnitOfWork) -> list[SessionRecord]:
    return uow.journal.sessions(PATIENT)


def test_a_session_is_stored_as_interrupted_before_the_first_step(uow: FakeUnitOfWork, plan: Plan) -> None:
    session_id = start(uow, plan)
    [session] = stored(uow)
    assert (session.id, session.outcome, session.reps_done, session.planned_reps) == (
        session_id,
        "interrupted",
        0,
        8,
    )
    assert uow.committed


def test_a_retried_start_with_the_same_client_id_gets_the_same_session(
    uow: FakeUnitOfWork, plan: Plan
) -> None:
    first = sessions.start_session(uow, PATIENT, plan, 1.0, 3, Reach.BACK, T0, "start-1")
    again = sessions.start_session(uow, PATIENT, plan, 1.0, 3, Reach.BACK, T0, "start-1")
    assert (again.session_id, first.created, again.created) == (first.session_id, True, False)
    assert len(stored(uow)) == 1


def test_a_start_that_lost_the_race_for_its_client_id_finds_the_stored_one(
    uow: FakeUnitOfWork, plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = start(uow, plan, "start-1")
    lookups = iter([None])  # the first look finds nothing: the other start is committing meanwhile
    real = uow.journal.by_client_id
    monkeypatch.setattr(uow.journal, "by_client_id", lambda p, c: next(lookups, None) or real(p, c))
    again = sessions.start_session(uow, PATIENT, plan, 1.0, 3, Reach.BACK, T0, "start-1")
    assert (again.session_id, again.created) == (first, False)
    assert len(stored(uow)) == 1


def test_a_paused_program_refuses_a_start_until_a_doctor_clears_it(
    uow: FakeUnitOfWork, catalog: Catalog, plan: Plan
) -> None:
    for _ in range(2):
        finish(uow, catalog, start(uow, plan), Outcome.STOPPED_SHARP_PAIN)
    with pytest.raises(sessions.ProgramPaused, match="see a doctor"):
        start(uow, plan)
    assert len(stored(uow)) == 2  # nothing was written
    sessions.clear_pause(uow, PATIENT, "Dr Ivanova, 2 Dec", T0 + timedelta(days=1))
    start(uow, plan, at=T0 + timedelta(days=2))
    assert len(stored(uow)) == 3


def test_an_event_is_stored_once_per_client_id_with_its_progress(uow: FakeUnitOfWork, plan: Plan) -> None:
    session_id = start(uow, plan)
    event = session_events.Event(EventKind.DISCOMFORT, 12.5, rep=2, set=1, client_id="e-1")
    assert session_events.record_event(uow, PATIENT, session_id, event, T0, progress=(2, 0))
    assert not session_events.record_event(uow, PATIENT, session_id, event, T0, progress=(2, 0))
    assert [e.kind for e in uow.journal.events(session_id)] == ["discomfort"]
    assert stored(uow)[0].reps_done == 2


def test_an_event_for_a_finished_or_unknown_session_is_refused(
    uow: FakeUnitOfWork, catalog: Catalog, plan: Plan
) -> None:
    session_id = start(uow, plan)
    finish(uow, catalog, session_id, Outcome.COMPLETED)
    with pytest.raises(Conflict, match="already finished"):
        session_events.record_event(uow, PATIENT, session_id, session_events.Event(EventKind.PAUSE, 1.0), T0)
    with pytest.raises(NotFound):
        session_events.record_event(uow, PATIENT, 99, session_events.Event(EventKind.PAUSE, 1.0), T0)


def test_a_pain_rise_means_fewer_reps_next_time_and_alerts_the_instructor(
    uow: FakeUnitOfWork, catalog: Catalog, plan: Plan
) -> None:
    follow = finish(uow, catalog, start(uow, plan), Outcome.COMPLETED, pain_after=6)
    assert follow.next_reps == 7
    assert sessions.suggested_reps(uow, PATIENT, "hands-knees-breathing") == 7
    [alert] = uow.records.alerts_of(PATIENT)
    assert alert.kind == "pain-rise" and "next time 7 reps" in alert.message


def test_two_sharp_pain_stops_pause_the_program_with_alerts(
    uow: FakeUnitOfWork, catalog: Catalog, plan: Plan
) -> None:
    first = finish(uow, catalog, start(uow, plan), Outcome.STOPPED_SHARP_PAIN)
    assert not first.pause_program and not sessions.pause_status(uow, PATIENT).paused
    second = finish(uow, catalog, start(uow, plan), Outcome.STOPPED_SHARP_PAIN)
    assert second.pause_program and sessions.pause_status(uow, PATIENT).paused
    kinds = sorted(a.kind for a in uow.records.alerts_of(PATIENT))
    assert kinds == ["program-paused", "sharp-pain-stop", "sharp-pain-stop"]


def test_a_retried_finish_gets_the_same_follow_up_and_a_different_one_conflicts(
    uow: FakeUnitOfWork, catalog: Catalog, plan: Plan
) -> None:
    session_id = start(uow, plan)
    first = finish(uow, catalog, session_id, Outcome.COMPLETED, pain_after=6)
    again = finish(uow, catalog, session_id, Outcome.COMPLETED, pain_after=6)
    assert (again.next_reps, again.pause_program) == (first.next_reps, first.pause_program)
    assert len(uow.records.alerts_of(PATIENT)) == 1
    with pytest.raises(Conflict):
        finish(uow, catalog, session_id, Outcome.QUIT, pain_after=2)


def test_a_block_that_fails_leaves_nothing_behind(uow: FakeUnitOfWork, plan: Plan) -> None:
    with pytest.raises(DomainError), uow:
        uow.journal.add_clearance(PATIENT, T0, None, "noted")
        raise DomainError("something went wrong before the commit")
    assert uow.journal.last_clearance(PATIENT) is None
