"""Bulk inserts of related rows: an id counter per table, so that rows can name each other before
they are inserted, and the tables of the patient list database in an order that respects the foreign
keys."""

from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table

from spinecoach.store.tables import (
    ActivityEntryRow,
    AlertRow,
    CheckRow,
    EventRow,
    PainEntryRow,
    PatientRow,
    ProgramItemRow,
    ProgramRow,
    ScreeningRow,
    SessionRow,
    TreatmentRow,
    UserRow,
)


@dataclass
class Ids:
    """Explicit ids per table, so that rows can refer to each other within one bulk insert."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next.get(table, 1)
        self.next[table] = value + 1
        return value


def bulk_tables() -> list[Table]:
    # insertion order respects the foreign keys
    rows = (
        UserRow,
        PatientRow,
        ScreeningRow,
        ProgramRow,
        ProgramItemRow,
        TreatmentRow,
        CheckRow,
        SessionRow,
        EventRow,
        PainEntryRow,
        ActivityEntryRow,
        AlertRow,
    )
    return [cast(Table, r.__table__) for r in rows]
