"""A person's progress against their own start: the chart data of GET .../progress."""

from pydantic import Field

from spinecoach.domain.change import Direction
from spinecoach.domain.odi import Band
from spinecoach.domain.startback import Risk
from spinecoach.web.schemas.base import Public
from spinecoach.web.schemas.outcomes import DuePublic


class PainPoint(Public):
    at: str = Field(description="ISO 8601, UTC")
    score: int
    reach: str


class OdiPoint(Public):
    """An ODI score at the time it was answered (its fields as in the questionnaire's score)."""

    at: str = Field(description="ISO 8601, UTC")
    percent: str
    display: int
    band: Band
    answered: int
    points: int


class StartBackPoint(Public):
    at: str = Field(description="ISO 8601, UTC")
    total: int
    psychosocial: int
    risk: Risk


class PainMeasure(Public):
    baseline: PainPoint | None
    latest: PainPoint | None
    change: int | None = Field(description="points, latest minus baseline; null with fewer than two")
    direction: Direction | None
    matters: bool | None = Field(description="whether the change is clinically important")
    series: list[PainPoint]


class OdiMeasure(Public):
    baseline: OdiPoint | None
    latest: OdiPoint | None
    change: str | None = Field(description="percentage points, exact; null with fewer than two")
    direction: Direction | None
    matters: bool | None
    series: list[OdiPoint]


class StartBackMeasure(Public):
    """No published threshold for an important change in the total: the risk group is shown."""

    baseline: StartBackPoint | None
    latest: StartBackPoint | None
    series: list[StartBackPoint]


class WeekPublic(Public):
    week_start: str = Field(description="a Monday, YYYY-MM-DD")
    done: int
    prescribed: int | None
    ratio: float | None


class ProgressPublic(Public):
    pain: PainMeasure
    odi: OdiMeasure
    startback: StartBackMeasure
    pain_before_sessions: list[PainPoint] = Field(description="the pain said before each session")
    adherence: list[WeekPublic]
    due: list[DuePublic]
