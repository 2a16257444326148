"""The REST API's audit trail of reads of a patient's data, and its refusals."""

from datetime import UTC, datetime, timedelta

from spinecoach.store.tables import AuditRow
from tests.integration.api_support import (
    API,
    Clinic,
)

# --- the audit trail ----------------------------------------------------------------------------


def test_each_read_of_a_patients_data_by_the_instructor_writes_one_audit_row(clinic: Clinic) -> None:
    pid = clinic.pid
    instructor = clinic["I"]
    reads = [
        f"/patients/{pid}/pain",
        f"/patients/{pid}/sessions",
        f"/patients/{pid}/programs",
        f"/patients/{pid}",
    ]
    started = datetime.now(UTC)
    request_ids = {}
    for path in reads:
        answer = clinic.get("I", path)
        assert answer.status_code == 200, answer.text
        request_ids[path] = answer.headers["X-Request-ID"]
    assert len(set(request_ids.values())) == len(reads)
    with clinic.uow() as uow:
        rows = uow.audit.rows()
    for path, request_id in request_ids.items():
        matching = [r for r in rows if r.request_id == request_id]
        assert len(matching) == 1, path
        row: AuditRow = matching[0]
        template = path.replace(str(pid), "{patient_id}", 1)
        assert (row.actor_id, row.actor_role, row.patient_id) == (instructor.user_id, "instructor", pid)
        assert (row.action, row.outcome, row.status) == (f"GET {API}{template}", "allowed", 200)
        assert row.at.tzinfo is not None
        assert started - timedelta(seconds=1) <= row.at <= datetime.now(UTC) + timedelta(seconds=1)
    trail = clinic.ok("A", "GET", f"/audit?patient_id={pid}")
    assert set(request_ids.values()) <= {r["request_id"] for r in trail}


def test_a_request_id_from_the_caller_is_echoed_and_audited_and_a_refusal_is_audited_too(
    clinic: Clinic,
) -> None:
    pid = clinic.pid
    answer = clinic.call("J", "GET", f"/patients/{pid}/pain", headers={"X-Request-ID": "proxy-42.a"})
    assert answer.status_code == 403
    assert answer.headers["X-Request-ID"] == answer.json()["request_id"] == "proxy-42.a"
    odd = clinic.call("P", "GET", f"/patients/{pid}/pain", headers={"X-Request-ID": "no spaces; please"})
    assert odd.headers["X-Request-ID"] != "no spaces; please"  # replaced by one of the server's
    with clinic.uow() as uow:
        (row,) = [r for r in uow.audit.rows() if r.request_id == "proxy-42.a"]
    assert (row.actor_id, row.actor_role, row.patient_id) == (clinic["J"].user_id, "instructor", pid)
    assert (row.outcome, row.status, row.action) == ("denied", 403, f"GET {API}/patients/{{patient_id}}/pain")


def test_a_patient_that_does_not_exist_gets_the_same_403_as_someone_elses(clinic: Clinic) -> None:
    """Ids reveal nothing: no 404 tells a prober which patient ids exist."""
    someone_elses = clinic.get("J", f"/patients/{clinic.pid}/pain")
    missing = clinic.get("J", "/patients/999999/pain")
    assert someone_elses.status_code == missing.status_code == 403
    assert someone_elses.json()["error"] == missing.json()["error"]
    assert clinic.post("P", "/patients/999999/pain", {"score": 2, "reach": "back"}).status_code == 403
    with clinic.uow() as uow:
        row = next(r for r in uow.audit.rows() if r.request_id == missing.headers["X-Request-ID"])
    assert (row.outcome, row.patient_id, row.actor_id) == ("denied", 999999, clinic["J"].user_id)
