"""Prescribing a program: every item goes through the safety review before anything is stored."""

from dataclasses import dataclass
from datetime import datetime

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.clinical_records import ProgramRecord
from spinecoach.domain.errors import DomainError
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.programs import Profile, Program, Review, Severity, review_program
from spinecoach.store.unit_of_work import UnitOfWork


class ProgramRefused(DomainError):
    """The safety review refused the program; nothing was stored."""

    def __init__(self, review: Review) -> None:
        blocking = [f for f in review.findings if f.blocks]
        super().__init__("; ".join(f"item {f.item}: {f.message}" for f in blocking))
        self.review = review


@dataclass(frozen=True)
class StoredItem:
    exercise: str
    reps: int
    sets: int
    breathing: dict[str, float]
    rest: float
    days: list[str]
    time: str
    reason: str | None
    warnings: list[dict[str, object]]


@dataclass(frozen=True)
class StoredProgram:
    id: int
    name: str
    kind: str
    active: bool
    created_at: datetime
    created_by: int
    items: list[StoredItem]


def prescribe_program(
    uow: UnitOfWork,
    catalog: Catalog,
    patient_id: int,
    program: Program,
    profile: Profile,
    author_id: int,
    now: datetime,
) -> tuple[StoredProgram, Review]:
    """Store a program that passes review, replacing the patient's current one."""
    review = review_program(program, profile, catalog)
    if not review.allowed:
        raise ProgramRefused(review)
    with uow:
        previous = uow.records.active_program(patient_id)
        if previous is not None:
            uow.records.deactivate_program(previous.id)
        program_id = uow.records.add_program(patient_id, program.name, program.kind.value, author_id, now)
        for position, item in enumerate(program.items, start=1):
            p = prescribe(catalog.exercise(item.exercise), item.reps, item.sets, item.breathing, item.rest)
            kept = [
                {"code": f.code, "message": f.message}
                for f in review.findings
                if f.item == position and f.severity == Severity.WARNING
            ]
            uow.records.add_program_item(
                program_id=program_id,
                position=position,
                exercise_id=item.exercise,
                reps=p.reps,
                sets=p.sets,
                breathing={k.value: v for k, v in item.breathing.items()},
                rest=p.rest,
                days=[d.value for d in item.days],
                time_of_day=item.time.strftime("%H:%M"),
                reason=(item.reason or "").strip() or None,
                warnings=kept,
            )
        uow.commit()
        stored = next(p for p in list_programs_within(uow, patient_id) if p.id == program_id)
    return stored, review


def list_programs(uow: UnitOfWork, patient_id: int) -> list[StoredProgram]:
    """A patient's programs, oldest first, each with its items."""
    with uow:
        return list_programs_within(uow, patient_id)


def list_programs_within(uow: UnitOfWork, patient_id: int) -> list[StoredProgram]:
    """`list_programs` inside an open unit of work."""
    return [_stored(uow, row) for row in uow.records.programs(patient_id)]


def _stored(uow: UnitOfWork, row: ProgramRecord) -> StoredProgram:
    items = [
        StoredItem(
            i.exercise_id,
            i.reps,
            i.sets,
            dict(i.breathing),
            i.rest,
            list(i.days),
            i.time_of_day,
            i.reason,
            list(i.warnings),
        )
        for i in uow.records.program_items(row.id)
    ]
    return StoredProgram(row.id, row.name, row.kind, row.active, row.created_at, row.created_by, items)
