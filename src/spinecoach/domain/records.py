"""What a person records besides sessions: pain, activities and other treatments (seed rule S13)."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from spinecoach.domain.pain import PAIN_MAX, PAIN_MIN, Reach

# An activity entry longer than a day's waking hours is a typing mistake.
MAX_ACTIVITY_MINUTES = 16 * 60


class TreatmentKind(StrEnum):
    """Treatments the source articles name as part of complex therapy (seed rule S13)."""

    MEDICATION = "medication"
    PHYSIOTHERAPY = "physiotherapy"
    MASSAGE = "massage"
    MANUAL_THERAPY = "manual-therapy"
    TRACTION = "traction"
    SURGERY = "surgery"
    OTHER = "other"


# NICE NG59 does not recommend traction for low back pain; shown next to such an entry.
EVIDENCE_NOTES = {
    TreatmentKind.TRACTION: "NICE NG59 (2016, updated 2020) does not recommend traction for low back pain "
    "or sciatica. Talk it over with your doctor.",
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PainEntry(Strict):
    score: int = Field(ge=PAIN_MIN, le=PAIN_MAX, description="0 no pain to 10 worst imaginable")
    reach: Reach
    note: str = Field(default="", max_length=2000)


class ActivityEntry(Strict):
    activity: str = Field(min_length=1, max_length=80, description="an activity id from /activities")
    minutes: int = Field(ge=1, le=MAX_ACTIVITY_MINUTES)
    note: str = Field(default="", max_length=2000)


class TreatmentEntry(Strict):
    kind: TreatmentKind
    started_on: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")
    note: str = Field(default="", max_length=2000)
