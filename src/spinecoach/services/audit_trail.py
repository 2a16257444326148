"""Reading the audit trail back: who touched which patient's data, and whether it was allowed."""

from dataclasses import dataclass
from datetime import datetime

from spinecoach.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor_id: int | None  # None: not logged in
    actor_role: str  # a role, or `anonymous`
    patient_id: int | None
    action: str  # the method and the route as declared
    outcome: str  # allowed, denied, rejected, failed
    status: int
    request_id: str


def audit_trail(uow: UnitOfWork, patient_id: int | None, limit: int) -> list[AuditEntry]:
    """The newest `limit` rows, of one patient or of all; reading it is itself audited (web/audit.py)."""
    with uow:
        return [
            AuditEntry(
                r.at, r.actor_id, r.actor_role, r.patient_id, r.action, r.outcome, r.status, r.request_id
            )
            for r in uow.audit.rows(patient_id, limit)
        ]
