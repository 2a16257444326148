"""Questionnaires (ODI, STarT Back): the answers posted, the scores, when they are due."""

from typing import Any, Literal

from pydantic import Field

from spinecoach.domain.odi import SECTIONS, Band
from spinecoach.domain.outcome_schedule import MAX_INTERVAL_WEEKS, MIN_INTERVAL_WEEKS
from spinecoach.domain.questionnaires import Instrument, Questionnaire
from spinecoach.domain.startback import AGREE_ITEMS, Bother, Risk
from spinecoach.web.schemas.base import Public, Strict


class OdiCreate(Strict):
    sections: list[int | list[int] | None] = Field(
        min_length=SECTIONS,
        max_length=SECTIONS,
        description="the ten sections in order: a level 0-5, two marked levels as a list, or null",
    )


class StartBackCreate(Strict):
    items: list[Literal["agree", "disagree"]] = Field(min_length=AGREE_ITEMS, max_length=AGREE_ITEMS)
    bother: Bother = Field(description="item 9")


class ScheduleUpdate(Strict):
    interval_weeks: int = Field(ge=MIN_INTERVAL_WEEKS, le=MAX_INTERVAL_WEEKS)


class DuePublic(Public):
    instrument: Instrument
    due: bool
    due_at: str | None = Field(description="ISO 8601; null: never answered, so due now")
    last_answered_at: str | None
    interval_weeks: int


class OdiScorePublic(Public):
    """As `spinecoach score odi --json`."""

    percent: str = Field(description="exact: a decimal (22.5) or a fraction (200/9)")
    display: int = Field(description="the percent rounded half up")
    band: Band
    answered: int = Field(description="sections answered, 8-10")
    points: int


class StartBackScorePublic(Public):
    """As `spinecoach score startback --json`."""

    total: int
    psychosocial: int
    risk: Risk


class AnsweredPublic(Public):
    """An answered questionnaire with its score."""

    id: int
    instrument: Instrument
    answered_at: str = Field(description="ISO 8601, UTC")
    answers: dict[str, Any] = Field(description="per item: the level(s) marked, or the answer code")
    score: OdiScorePublic | StartBackScorePublic
    validated_wording: bool


class FormsAndDuePublic(Public):
    due: list[DuePublic]
    forms: dict[Instrument, Questionnaire] = Field(
        description="each form with its items, answer codes and scores, notice and validated_wording"
    )


class SchedulePublic(Public):
    interval_weeks: int
    due: list[DuePublic]
