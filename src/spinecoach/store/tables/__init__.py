"""Every table, imported here so that `Base.metadata` knows them all."""

from spinecoach.store.tables import outcomes as outcomes  # registers the outcome tables
from spinecoach.store.tables.accounts import LoginFailureRow, LoginSessionRow, PatientRow, UserRow
from spinecoach.store.tables.audit import AuditRow
from spinecoach.store.tables.base import Base, UTCDateTime
from spinecoach.store.tables.clinical import (
    ActivityEntryRow,
    AlertRow,
    CheckRow,
    PainEntryRow,
    ProgramItemRow,
    ProgramRow,
    ScreeningRow,
    TreatmentRow,
)
from spinecoach.store.tables.journal import ClearanceRow, EventRow, SessionRow

__all__ = [
    "ActivityEntryRow",
    "AlertRow",
    "AuditRow",
    "Base",
    "CheckRow",
    "ClearanceRow",
    "EventRow",
    "LoginFailureRow",
    "LoginSessionRow",
    "PainEntryRow",
    "PatientRow",
    "ProgramItemRow",
    "ProgramRow",
    "ScreeningRow",
    "SessionRow",
    "TreatmentRow",
    "UTCDateTime",
    "UserRow",
]
