"""Reading the audit trail back: who touched which patient's data, and whether it was allowed."""

from spinecoach.domain.audit import AuditRecord
from spinecoach.store.unit_of_work import UnitOfWork


def audit_trail(uow: UnitOfWork, patient_id: int | None, limit: int) -> list[AuditRecord]:
    """The newest `limit` rows, of one patient or of all; reading it is itself audited (web/audit.py)."""
    with uow:
        return uow.audit.rows(patient_id, limit)
