"""Programs and their review against the safety rules (seed rules S4, S5, S10, S11)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.errors import DomainError
from spinecoach.domain.exercises import Exercise, Movement, Phase, Purpose
from spinecoach.domain.prescription import prescribe


class Profile(StrEnum):
    HERNIA = "hernia"
    PREVENTION = "prevention"


class ProgramKind(StrEnum):
    """Seed rule S10: `complex` works the whole body and joints, `individual` is chosen per person."""

    INDIVIDUAL = "individual"
    COMPLEX = "complex"


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


# Seed rule S11: gymnastics is done in the morning.
DEFAULT_TIME = dt.time(8, 0)

# Seed rule S4: no sharp (jerky) actions; twisting is completely contraindicated. Refused for a
# hernia even when an instructor prescribes it.
REFUSED_FOR_HERNIA = frozenset({Movement.TWISTING, Movement.SHARP})
# Seed rule S5: running, jumping and step aerobics are undesirable. Repeated impact and bending
# forward under load are added as expert opinion (McGill, Low Back Disorders), not from a guideline.
WARNED_FOR_HERNIA = frozenset(
    {
        Movement.RUNNING,
        Movement.JUMPING,
        Movement.STEP_AEROBICS,
        Movement.IMPACT,
        Movement.FLEXION_UNDER_LOAD,
    }
)
RULE_SOURCE = {
    Movement.TWISTING: "seed article: twisting is completely contraindicated",
    Movement.SHARP: "seed article: no sharp (jerky) actions",
    Movement.RUNNING: "seed article: running is undesirable",
    Movement.JUMPING: "seed article: jumping is undesirable",
    Movement.STEP_AEROBICS: "seed article: step aerobics is undesirable",
    Movement.IMPACT: "expert opinion: repeated jolts load the discs",
    Movement.FLEXION_UNDER_LOAD: "expert opinion (McGill): bending forward under load strains the discs",
}


def safe_for_hernia(exercise: Exercise) -> bool:
    """In the safe library: nothing the hernia rules refuse or warn about."""
    return not set(exercise.movements) & (REFUSED_FOR_HERNIA | WARNED_FOR_HERNIA)


class ProgramItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    exercise: str
    reps: int | None = None
    sets: int | None = None
    breathing: dict[Phase, float] = Field(default_factory=dict)
    rest: float | None = None
    days: list[Weekday] = Field(default_factory=lambda: list(Weekday), min_length=1)
    time: dt.time = DEFAULT_TIME
    reason: str | None = Field(
        default=None,
        max_length=2000,
        description="The instructor's written reason for keeping a warned exercise.",
    )


class Program(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    kind: ProgramKind
    items: list[ProgramItem] = Field(min_length=1, max_length=50)


class Severity(StrEnum):
    REFUSED = "refused"  # cannot be kept
    WARNING = "warning"  # kept only with a written reason
    NOTE = "note"  # shown, never blocks


@dataclass(frozen=True)
class Finding:
    item: int  # 1-based position in the program
    exercise: str
    severity: Severity
    code: str
    message: str
    reason_given: str | None = None

    @property
    def blocks(self) -> bool:
        return self.severity == Severity.REFUSED or (
            self.severity == Severity.WARNING and not self.reason_given
        )


@dataclass(frozen=True)
class Review:
    findings: tuple[Finding, ...]
    balance: dict[Purpose, int]

    @property
    def allowed(self) -> bool:
        return not any(f.blocks for f in self.findings)

    def as_dict(self) -> dict[str, object]:
        return {
            "allowed": self.allowed,
            "findings": [
                {
                    "item": f.item,
                    "exercise": f.exercise,
                    "severity": f.severity.value,
                    "code": f.code,
                    "message": f.message,
                    "reason": f.reason_given,
                    "blocks": f.blocks,
                }
                for f in self.findings
            ],
            "balance": {purpose.value: count for purpose, count in self.balance.items()},
        }


def review_program(program: Program, profile: Profile, catalog: Catalog) -> Review:
    """Check every item; the review is allowed when no finding blocks."""
    findings: list[Finding] = []
    balance: Counter[Purpose] = Counter()
    for number, item in enumerate(program.items, start=1):
        try:
            exercise = catalog.exercise(item.exercise)
            prescribe(exercise, item.reps, item.sets, item.breathing, item.rest)
        except DomainError as error:
            findings.append(
                Finding(number, item.exercise, Severity.REFUSED, "invalid-prescription", str(error))
            )
            continue
        balance.update(exercise.purpose)
        findings += _movement_findings(number, item, exercise, profile)
    return Review(tuple(findings), dict(balance))


def _movement_findings(number: int, item: ProgramItem, exercise: Exercise, profile: Profile) -> list[Finding]:
    found = []
    for movement in sorted(set(exercise.movements) & (REFUSED_FOR_HERNIA | WARNED_FOR_HERNIA)):
        severity = _severity(movement, profile)
        why = RULE_SOURCE[movement]
        if severity == Severity.REFUSED:
            message = f"{exercise.id} involves {movement.value}, refused with a disc hernia ({why})"
        elif severity == Severity.WARNING:
            message = (
                f"{exercise.id} involves {movement.value}, undesirable with a disc hernia ({why}); "
                "keep it only with a written reason"
            )
        else:
            message = f"{exercise.id} involves {movement.value}: take care ({why})"
        reason = (item.reason or "").strip() or None
        found.append(Finding(number, exercise.id, severity, movement.value, message, reason))
    return found


def _severity(movement: Movement, profile: Profile) -> Severity:
    if profile == Profile.PREVENTION:
        return Severity.NOTE  # seed rule S1: without a hernia any exercise may be done
    return Severity.REFUSED if movement in REFUSED_FOR_HERNIA else Severity.WARNING
