"""The audit repository: rows are only ever added."""

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from spinecoach.store.tables import AuditRow


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def append(self, row: AuditRow) -> None:
        self.session.add(row)
        self.session.flush()

    def insert(self, values: dict[str, Any]) -> None:
        """Add a row with one INSERT and no ORM object (the web layer's row for every request)."""
        self.session.execute(_INSERT, values)

    def rows(self, patient_id: int | None = None, limit: int = 1000) -> Sequence[AuditRow]:
        query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if patient_id is not None:
            query = query.where(AuditRow.patient_id == patient_id)
        return self.session.scalars(query).all()


# Core, and inline (no RETURNING of the new id): no ORM bulk-insert step and no fetch on every request
_INSERT = insert(cast(Table, AuditRow.__table__)).inline()
