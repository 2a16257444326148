"""The audit repository: rows are only ever added."""

from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from spinecoach.domain.audit import AuditRecord
from spinecoach.store.reading import Reader
from spinecoach.store.tables import AuditRow


class AuditInCommit:
    """The audit row of a write to a patient's records, stored in the same commit as the write.

    The web layer makes one per request and hands it to the request's unit of work when it builds
    it; the guard of a patient's records fills in `row` once it knows whose records are touched. The
    unit of work inserts the row inside its next commit, and keeps it in `stored` once that commit
    has succeeded, so that later commits of the same request add no second row."""

    __slots__ = ("row", "stored")

    def __init__(self) -> None:
        self.row: dict[str, Any] | None = None
        self.stored: dict[str, Any] | None = None

    def due(self) -> dict[str, Any] | None:
        """The row the next commit must insert, if any."""
        return self.row if self.stored is None else None


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def append(self, row: AuditRow) -> None:
        self.session.add(row)
        self.session.flush()

    def insert(self, values: dict[str, Any]) -> None:
        """Add a row with one INSERT and no ORM object (the web layer's row for every request)."""
        self.session.execute(_INSERT, values)

    def rows(self, patient_id: int | None = None, limit: int = 1000) -> list[AuditRecord]:
        """The newest `limit` rows, of one patient or of all, newest first."""
        query = _AUDIT.select().order_by(_TABLE.c.id.desc()).limit(limit)
        if patient_id is not None:
            query = query.where(_TABLE.c.patient_id == patient_id)
        return _AUDIT.all(self.session, query)


# Core, and inline (no RETURNING of the new id): no ORM bulk-insert step and no fetch on every request
_TABLE = cast(Table, AuditRow.__table__)
_INSERT = insert(_TABLE).inline()
_AUDIT = Reader(AuditRecord, AuditRow)
