"""The check before every session: red flags again, flare-up, pain now and how far it reaches."""

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from spinecoach.domain import red_flags
from spinecoach.domain.pain import PAIN_MAX, PAIN_MIN, Reach
from spinecoach.domain.red_flags import RedFlag
from spinecoach.domain.screening import FLARE_UP


class PreSessionAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    red_flags: frozenset[RedFlag]
    flare_up: bool
    pain: int = Field(ge=PAIN_MIN, le=PAIN_MAX, description="Pain now, 0-10")
    reach: Reach


class Go(StrEnum):
    GO = "go"
    EMERGENCY = "emergency"
    POSTPONE = "postpone"


@dataclass(frozen=True)
class PreSessionResult:
    go: Go
    message: str


def check_before_session(answers: PreSessionAnswers) -> PreSessionResult:
    if answers.red_flags:
        return PreSessionResult(Go.EMERGENCY, red_flags.advice(answers.red_flags))
    if answers.flare_up:
        return PreSessionResult(Go.POSTPONE, FLARE_UP.text)
    return PreSessionResult(
        Go.GO,
        "Go ahead. Mild discomfort is fine; stop at once if you feel sharp pain.",
    )
