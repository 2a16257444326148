"""The live camera posture check's use cases: may this session be watched, and storing what was seen.

The connection itself (frames in, verdicts out) is `web/posture_socket.py`; the seconds are counted
by `domain/posture/observed.py`. Only seconds reach the database: no frame and no landmark.
"""

from typing import Any

from spinecoach.domain.errors import Conflict, NotFound
from spinecoach.domain.posture.observed import PostureSeconds
from spinecoach.store.tables import SessionRow
from spinecoach.store.unit_of_work import UnitOfWork


def camera_session(uow: UnitOfWork, patient_id: int, session_id: int) -> str:
    """The exercise of an open session of this patient, which the camera may now watch."""
    with uow:
        row = _session(uow, patient_id, session_id)
        if row.finished_at is not None:
            raise Conflict(f"session {session_id} is already finished; start a new one to use the camera")
        return row.exercise_id


def add_posture_seconds(uow: UnitOfWork, patient_id: int, session_id: int, seconds: PostureSeconds) -> bool:
    """Add the seconds a connection watched to the session's (reconnects add up); the first time the
    camera is used, NULL becomes a number even if nothing was counted yet. True while the session is
    still open, so that the connection can end when it has been finished."""
    with uow:
        row = _session(uow, patient_id, session_id)
        row.posture_observed_s = (row.posture_observed_s or 0.0) + seconds.observed
        row.posture_correct_s = (row.posture_correct_s or 0.0) + min(seconds.correct, seconds.observed)
        uow.commit()
        return row.finished_at is None


def record_access(uow: UnitOfWork, row: dict[str, Any]) -> None:
    """The audit row of one camera connection (opened or refused), in its own transaction: the
    columns of the audit log but its id."""
    with uow:
        uow.audit.insert(row)
        uow.commit()


def _session(uow: UnitOfWork, patient_id: int, session_id: int) -> SessionRow:
    row = uow.journal.get(patient_id, session_id)
    if row is None:
        raise NotFound(f"there is no session {session_id} for this patient")
    return row
