"""Programs as stored and prescribed, and what the safety rules say about a draft.

A draft program is posted as the domain's own `Program` (the file `spinecoach check-program` reads).
"""

from datetime import datetime

from pydantic import Field

from spinecoach.domain.programs import Profile, Severity
from spinecoach.web.schemas.base import Public


class ProgramItemPublic(Public):
    exercise: str
    reps: int
    sets: int
    breathing: dict[str, float] = Field(description="seconds per breathing phase chosen for this item")
    rest: float = Field(description="seconds between sets")
    days: list[str]
    time: str = Field(description="HH:MM")
    reason: str | None = Field(description="the instructor's reason for keeping a warned item")
    warnings: list[dict[str, object]] = Field(description="the warnings kept with the reason")


class ProgramPublic(Public):
    id: int
    name: str
    kind: str
    active: bool = Field(description="the newest program is the active one")
    created_at: datetime
    created_by: int
    items: list[ProgramItemPublic]


class FindingPublic(Public):
    item: int = Field(description="1-based position in the program")
    exercise: str
    severity: Severity
    code: str
    message: str
    reason: str | None = Field(description="the reason given for a warned item")
    blocks: bool = Field(description="whether this finding makes the program refused")


class ReviewPublic(Public):
    allowed: bool
    findings: list[FindingPublic]
    balance: dict[str, int] = Field(description="items per purpose")


class ProfiledReviewPublic(Public):
    """A review of a draft, with the profile the rules used."""

    profile: Profile = Field(description="prevention when the latest screening found no hernia")
    allowed: bool
    findings: list[FindingPublic]
    balance: dict[str, int] = Field(description="items per purpose")


class PrescribedPublic(Public):
    program: ProgramPublic
    review: ReviewPublic
