"""Pain, activity and treatment entries as the API answers them.

They are posted as the domain's own entries (`PainEntry`, `ActivityEntry`, `TreatmentEntry`).
"""

from datetime import datetime

from pydantic import Field

from spinecoach.domain.activities import Advice
from spinecoach.web.schemas.base import Public


class PainCreated(Public):
    id: int
    recorded_at: datetime
    score: int = Field(description="0-10")
    reach: str = Field(description="how far the pain reaches")


class PainPublic(PainCreated):
    note: str


class ActivityPublic(Public):
    id: int
    recorded_at: datetime
    activity: str = Field(description="an id of GET /api/v1/activities")
    minutes: int
    note: str


class ActivityCreated(Public):
    id: int
    activity: str
    minutes: int
    advice: Advice = Field(description="whether the sources recommend the activity")


class TreatmentPublic(Public):
    id: int
    recorded_at: datetime
    kind: str
    started_on: str | None = Field(description="YYYY-MM-DD")
    note: str
    evidence_note: str | None = Field(description="what the evidence says about this kind, where known")


class TreatmentCreated(Public):
    id: int
    kind: str
    evidence_note: str | None
