"""One transaction per request: all-or-nothing blocks on a shared session, and the audit row
stored in the same commit as the write it records. On SQLite and on PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from spinecoach.store.audit import AuditInCommit
from spinecoach.store.tables import AuditRow, EventRow, SessionRow
from spinecoach.store.unit_of_work import RequestUnitOfWork
from spinecoach.web.audit import MAX_BODY
from tests.integration.api_support import Clinic, build_clinic, event_body


@pytest.fixture
def clinic(make_client: object) -> Clinic:
    client: TestClient = make_client()  # type: ignore[operator]
    return build_clinic(client)


def _audit_row(request_id: str) -> dict[str, object]:
    return {
        "at": datetime.now(UTC),
        "actor_id": None,
        "actor_role": "anonymous",
        "patient_id": None,
        "action": "TEST",
        "outcome": "allowed",
        "status": 200,
        "request_id": request_id,
    }


def _count(clinic: Clinic, statement: object) -> int:
    with clinic.sessions() as session:
        value = session.scalar(statement)  # type: ignore[call-overload]
        return int(value or 0)


def test_a_block_that_does_not_commit_leaves_nothing_even_when_a_later_block_commits(clinic: Clinic) -> None:
    uow = RequestUnitOfWork(clinic.sessions)
    with uow:
        uow.audit.append(AuditRow(**_audit_row("forgotten")))  # an ORM row, flushed, never committed
    with uow:
        uow.audit.insert(_audit_row("forgotten-insert"))  # a plain INSERT, never committed
    with uow:
        uow.audit.insert(_audit_row("kept"))
        uow.commit()
    uow.finish()
    ids = {r.request_id for r in clinic.uow().__enter__().audit.rows()}
    assert "kept" in ids and "forgotten" not in ids and "forgotten-insert" not in ids


def test_an_error_in_a_block_rolls_it_back_and_the_next_block_works(clinic: Clinic) -> None:
    uow = RequestUnitOfWork(clinic.sessions)
    with pytest.raises(RuntimeError), uow:
        uow.audit.insert(_audit_row("failed"))
        raise RuntimeError("the use case failed")
    with uow:
        assert uow.accounts.user(clinic["P"].user_id) is not None
    uow.finish(_audit_row("last"))
    ids = {r.request_id for r in clinic.uow().__enter__().audit.rows()}
    assert "last" in ids and "failed" not in ids
    assert not uow.opened


def test_the_audit_row_handed_to_the_unit_of_work_is_stored_in_its_next_commit_and_only_then(
    clinic: Clinic,
) -> None:
    in_commit = AuditInCommit()
    uow = RequestUnitOfWork(clinic.sessions, in_commit)
    in_commit.row = _audit_row("hooked")
    with uow:
        uow.audit.insert(_audit_row("own"))
        uow.commit()
    assert in_commit.stored == in_commit.row  # told once the commit succeeded
    with uow:
        uow.audit.insert(_audit_row("own-again"))
        uow.commit()
    uow.finish()
    ids = [r.request_id for r in clinic.uow().__enter__().audit.rows()]
    assert {"own", "hooked", "own-again"} <= set(ids)
    assert ids.count("hooked") == 1


def test_an_event_and_its_audit_row_are_stored_by_one_request_and_a_retry_is_audited_again(
    clinic: Clinic,
) -> None:
    pid = clinic.pid
    session_id = clinic.start(clinic.check())
    path = f"/patients/{pid}/sessions/{session_id}/events"
    first = clinic.call("P", "POST", path, event_body("e-1"), headers={"X-Request-ID": "first-post"})
    again = clinic.call("P", "POST", path, event_body("e-1"), headers={"X-Request-ID": "second-post"})
    assert (first.status_code, again.status_code) == (201, 200)
    with clinic.sessions() as session:
        rows = session.scalars(select(AuditRow).where(AuditRow.request_id.in_(["first-post", "second-post"])))
        by_id = {r.request_id: (r.action, r.outcome, r.status, r.patient_id) for r in rows}
    action = "POST /api/v1/patients/{patient_id}/sessions/{session_id}/events"
    assert by_id == {
        "first-post": (action, "allowed", 201, pid),
        "second-post": (action, "allowed", 200, pid),
    }
    assert _count(clinic, select(func.count()).select_from(EventRow).where(EventRow.client_id == "e-1")) == 1


def test_a_refused_write_is_audited_as_denied_and_stores_nothing(clinic: Clinic) -> None:
    pid = clinic.pid
    session_id = clinic.start(clinic.check())
    path = f"/patients/{pid}/sessions/{session_id}/events"
    answer = clinic.call("Q", "POST", path, event_body("intruder"), headers={"X-Request-ID": "intruder"})
    assert answer.status_code == 403
    with clinic.sessions() as session:
        row = session.scalars(select(AuditRow).where(AuditRow.request_id == "intruder")).one()
    assert (row.outcome, row.status, row.actor_id) == ("denied", 403, clinic["Q"].user_id)
    events = select(func.count()).select_from(EventRow).where(EventRow.client_id == "intruder")
    assert _count(clinic, events) == 0


def test_a_body_over_the_limit_gets_a_413_that_says_the_limit_and_is_audited(clinic: Clinic) -> None:
    body = b'{"note": "' + b"x" * MAX_BODY + b'"}'
    answer = clinic.call(
        "P", "POST", f"/patients/{clinic.pid}/pain", content=body, headers={"X-Request-ID": "too-big"}
    )
    assert answer.status_code == 413
    assert f"{MAX_BODY // 1024} KiB" in answer.json()["error"]
    with clinic.sessions() as session:
        row = session.scalars(select(AuditRow).where(AuditRow.request_id == "too-big")).one()
    assert (row.outcome, row.status) == ("rejected", 413)


def test_more_requests_at_once_than_the_database_serves_all_get_their_answer(clinic: Clinic) -> None:
    # 120 requests from 40 threads against at most 16 in the database at once: they queue, none deadlocks
    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(
            pool.map(lambda _: clinic.client.get("/api/v1/me", headers=clinic["I"].auth), range(120))
        )
    assert [a.status_code for a in answers] == [200] * 120
    assert all(a.json()["id"] == clinic["I"].user_id for a in answers)


def test_progress_sent_with_events_only_moves_forward_and_a_wrong_count_stores_nothing(
    clinic: Clinic,
) -> None:
    pid = clinic.pid
    session_id = clinic.start(clinic.check())
    path = f"/patients/{pid}/sessions/{session_id}/events"
    ahead = clinic.call("P", "POST", path, {**event_body("p-2"), "reps_done": 2, "sets_done": 0})
    late = clinic.call("P", "POST", path, {**event_body("p-1"), "reps_done": 1, "sets_done": 0})
    wrong = clinic.call("P", "POST", path, {**event_body("p-x"), "reps_done": 999, "sets_done": 0})
    assert (ahead.status_code, late.status_code, wrong.status_code) == (201, 201, 422)
    assert "reps_done must be 0-" in wrong.json()["error"]
    reps_done = select(SessionRow.reps_done).where(SessionRow.id == session_id)
    assert _count(clinic, reps_done) == 2  # the late report of 1 did not undo the newer 2
    assert _count(clinic, select(func.count()).select_from(EventRow).where(EventRow.client_id == "p-x")) == 0


def test_an_unexpected_error_is_a_500_with_the_request_id_audited_as_failed_and_stores_nothing(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = clinic.pid
    session_id = clinic.start(clinic.check())
    from spinecoach.store.journal import JournalRepository

    real_insert = JournalRepository.insert_event_if_open

    def insert_then_fail(self: JournalRepository, patient_id: int, values: dict[str, object]) -> bool:
        assert real_insert(self, patient_id, values)  # the write happens, then the request fails
        raise RuntimeError("a fault injected by the test")

    monkeypatch.setattr(JournalRepository, "insert_event_if_open", insert_then_fail)
    answer = clinic.call(
        "P",
        "POST",
        f"/patients/{pid}/sessions/{session_id}/events",
        event_body("doomed"),
        headers={"X-Request-ID": "doomed-post"},
    )
    assert answer.status_code == 500
    assert answer.headers["x-request-id"] == "doomed-post" == answer.json()["request_id"]
    assert "a fault injected" not in answer.text  # the details stay in the log
    with clinic.sessions() as session:
        row = session.scalars(select(AuditRow).where(AuditRow.request_id == "doomed-post")).one()
    assert (row.outcome, row.status, row.patient_id) == ("failed", 500, pid)
    assert (
        _count(clinic, select(func.count()).select_from(EventRow).where(EventRow.client_id == "doomed")) == 0
    )
