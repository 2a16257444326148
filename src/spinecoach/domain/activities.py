"""Everyday activities the seeds recommend or advise against (seed rules S5 and S6)."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from spinecoach.domain.exercises import Movement
from spinecoach.domain.text import Text


class Advice(StrEnum):
    RECOMMENDED = "recommended"
    UNDESIRABLE = "undesirable"


class Activity(BaseModel):
    """An activity a person may log, with whether the sources recommend it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: Text
    advice: Advice
    note: Text
    movements: list[Movement] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)
