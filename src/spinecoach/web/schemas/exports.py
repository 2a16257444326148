"""The JSON export of a person's journal (docs/outcomes.md lists every field) and the calendar link.

The PDF, the CSV, the FHIR Bundle and the iCalendar feed are files; their routes declare the media
type they answer with (`FILES`).
"""

from pydantic import Field

from spinecoach.web.schemas.base import Public
from spinecoach.web.schemas.errors import file_answer
from spinecoach.web.schemas.outcomes import AnsweredPublic
from spinecoach.web.schemas.progress import ProgressPublic
from spinecoach.web.schemas.sessions import SessionPublic

AT = "ISO 8601, UTC"


class ExportedPatient(Public):
    id: int
    name: str
    email: str


class ExportedProgramItem(Public):
    exercise: str
    reps: int
    sets: int
    days: list[str]
    time: str = Field(description="HH:MM")


class ExportedProgram(Public):
    name: str
    kind: str
    items: list[ExportedProgramItem]


class ExportedPain(Public):
    at: str = Field(description=AT)
    score: int
    reach: str
    note: str


class ExportedActivity(Public):
    at: str = Field(description=AT)
    activity: str
    minutes: int
    note: str


class ExportedTreatment(Public):
    at: str = Field(description=AT)
    kind: str
    started_on: str | None
    note: str
    evidence_note: str | None


class ExportedRedFlag(Public):
    at: str = Field(description=AT)
    where: str = Field(description="`screening` or `check before a session`")
    flags: list[str]


class JournalExport(Public):
    """A person's whole journal."""

    patient: ExportedPatient
    generated_at: str = Field(description=AT)
    program: ExportedProgram | None = Field(description="the active program; null when none")
    sessions: list[SessionPublic]
    pain: list[ExportedPain]
    activities: list[ExportedActivity]
    treatments: list[ExportedTreatment]
    red_flags: list[ExportedRedFlag]
    questionnaires: list[AnsweredPublic]
    progress: ProgressPublic


class CalendarLinkPublic(Public):
    url: str = Field(description="the feed's path; the link is the key, so keep it secret")
    token: str


class RevokedPublic(Public):
    revoked: int = Field(description="how many links stopped working")


PDF = file_answer("application/pdf", "The PDF report (an attachment)")
CSV_FILE = file_answer("text/csv", "One CSV table, a row per record (an attachment)", {"type": "string"})
FHIR = file_answer("application/fhir+json", "A FHIR R4 Bundle of type collection", {"type": "object"})
ICS = file_answer("text/calendar", "The exercise schedule as iCalendar", {"type": "string"})
