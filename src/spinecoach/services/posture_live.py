"""The live camera posture check's use cases: may this session be watched, and storing what was seen.

The connection itself (frames in, verdicts out) is `web/posture_socket.py`; the seconds are counted
by `domain/posture/observed.py`. Only seconds reach the database: no frame and no landmark.
"""

from typing import Any

from spinecoach.domain.errors import Conflict
from spinecoach.domain.posture.observed import PostureSeconds
from spinecoach.services.session_events import session_of
from spinecoach.store.unit_of_work import UnitOfWork


def camera_session(uow: UnitOfWork, patient_id: int, session_id: int) -> str:
    """The exercise of an open session of this patient, which the camera may now watch."""
    with uow:
        row = session_of(uow, patient_id, session_id)
        if row.finished_at is not None:
            raise Conflict(f"session {session_id} is already finished; start a new one to use the camera")
        return row.exercise_id


def add_posture_seconds(uow: UnitOfWork, patient_id: int, session_id: int, seconds: PostureSeconds) -> bool:
    """Add the seconds a connection watched to the session's (reconnects add up); the first time the
    camera is used, NULL becomes a number even if nothing was counted yet. True while the session is
    still open, so that the connection can end when it has been finished."""
    with uow:
        row = session_of(uow, patient_id, session_id)
        correct = min(seconds.correct, seconds.observed)
        uow.journal.add_posture_seconds(session_id, seconds.observed, correct)
        uow.commit()
        return row.finished_at is None


def record_access(uow: UnitOfWork, row: dict[str, Any]) -> None:
    """The audit row of one camera connection (opened or refused), in its own transaction: the
    columns of the audit log but its id."""
    with uow:
        uow.audit.insert(row)
        uow.commit()
