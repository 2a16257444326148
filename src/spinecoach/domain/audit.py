"""What the audit log records of one access: who, in which role, to whose records, what, and how it ended.

Every audited access (an HTTP request, a camera connection, an export made on the server's own
machine) is described by `audit_values`, so that the rows read alike whichever way they came.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from spinecoach.domain.accounts import Actor

ANONYMOUS = "anonymous"  # the role recorded when nobody is logged in
ACTION_LENGTH = 200  # characters: the size of the log's action column


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One row of the audit log as it is read back; rows are only ever added, never changed."""

    id: int
    at: datetime
    actor_id: int | None  # None: nobody was logged in
    actor_role: str  # a role, or `anonymous`
    patient_id: int | None
    action: str  # the method and the route as declared, or the command
    outcome: str  # allowed, denied, rejected, failed
    status: int
    request_id: str


def outcome_of(status: int) -> str:
    """How an access ended, by its HTTP status: denied (not logged in, or not allowed), failed (the
    server's fault), rejected (bad input, a conflict) or allowed."""
    if status in (401, 403):
        return "denied"
    if status >= 500:
        return "failed"
    if status >= 400:
        return "rejected"
    return "allowed"


def audit_values(
    *,
    at: datetime,
    actor: Actor | None,
    action: str,
    patient_id: int | None,
    status: int,
    request_id: str,
    role: str | None = None,
) -> dict[str, Any]:
    """The values of one audit row (every column but its id). `role` names a caller that is no
    account, such as the command line; otherwise the actor's role, or anonymous without one."""
    return {
        "at": at,
        "actor_id": actor.user_id if actor else None,
        "actor_role": role or (actor.role.value if actor else ANONYMOUS),
        "patient_id": patient_id,
        "action": action[:ACTION_LENGTH],
        "outcome": outcome_of(status),
        "status": status,
        "request_id": request_id,
    }
