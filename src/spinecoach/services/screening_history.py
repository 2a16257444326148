"""Reading a patient's screenings back: each with its answers and the decision made then."""

from spinecoach.domain.clinical_records import ScreeningRecord
from spinecoach.store.unit_of_work import UnitOfWork


def screening_history(uow: UnitOfWork, patient_id: int) -> list[ScreeningRecord]:
    """Every screening of the patient, oldest first, as it was stored."""
    with uow:
        return uow.records.screenings(patient_id)
