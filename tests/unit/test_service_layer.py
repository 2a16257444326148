"""Repositories hand back records, never rows (docs/architecture.md): each record carries every
column of its table by name. (That services/ imports no SQL and no table is test_architecture's.)"""

from dataclasses import fields
from typing import Any, cast

import pytest
from sqlalchemy import Table

from spinecoach.domain import account_records, clinical_records, journal_records, outcome_records
from spinecoach.domain.audit import AuditRecord
from spinecoach.store import tables
from spinecoach.store.tables import outcomes as outcome_tables

RECORD_OF_ROW: list[tuple[type[Any], type[Any]]] = [
    (journal_records.SessionRecord, tables.SessionRow),
    (journal_records.EventRecord, tables.EventRow),
    (journal_records.ClearanceRecord, tables.ClearanceRow),
    (clinical_records.ScreeningRecord, tables.ScreeningRow),
    (clinical_records.CheckRecord, tables.CheckRow),
    (clinical_records.ProgramRecord, tables.ProgramRow),
    (clinical_records.ProgramItemRecord, tables.ProgramItemRow),
    (clinical_records.PainRecord, tables.PainEntryRow),
    (clinical_records.ActivityRecord, tables.ActivityEntryRow),
    (clinical_records.TreatmentRecord, tables.TreatmentRow),
    (clinical_records.AlertRecord, tables.AlertRow),
    (account_records.UserRecord, tables.UserRow),
    (account_records.PatientRecord, tables.PatientRow),
    (outcome_records.ResponseRecord, outcome_tables.QuestionnaireResponseRow),
    (outcome_records.ScheduleRecord, outcome_tables.OutcomeScheduleRow),
    (outcome_records.FeedRecord, outcome_tables.CalendarFeedRow),
    (AuditRecord, tables.AuditRow),
]


@pytest.mark.parametrize("record, row", RECORD_OF_ROW, ids=lambda r: getattr(r, "__name__", ""))
def test_each_record_has_every_column_of_its_table_by_name(record: type[Any], row: type[Any]) -> None:
    # the pages, reports and routes read a record as they read the row: the same names, no fewer
    assert [f.name for f in fields(record)] == [c.name for c in cast(Table, row.__table__).columns]
