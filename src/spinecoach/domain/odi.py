"""Oswestry Disability Index 2.1a: scoring exactly as published, with our rules where it is silent.

Source: Fairbank JCT, Pynsent PB. The Oswestry Disability Index. Spine 2000;25(22):2940-52.
Ten sections, each scored 0-5. Percent = sum of the answered sections / (5 x answered) x 100.
The paper sets no minimum number of answers and no rounding: ours (issue 5) are at least 8 answered
sections, two marks in one section count the higher, the exact value is kept, and it is shown
rounded half up (never Python's banker's `round`). The band is decided on the exact value.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from spinecoach.domain.errors import DomainError

SECTIONS = 10
LEVEL_MIN, LEVEL_MAX = 0, 5
# Our rule (issue 5): fewer than 8 answered sections is not scorable.
MIN_ANSWERED = 8
# A change of 10 percentage points matters (Ostelo et al., Spine 2008;33:90).
IMPORTANT_CHANGE = Fraction(10)
# A person may tick two statements in one section; more than two is not a valid answer.
MAX_MARKS = 2


class Band(StrEnum):
    """Fairbank & Pynsent 2000: 0-20 minimal, 21-40 moderate, 41-60 severe, 61-80 crippled,
    81-100 bed-bound. Decided on the exact percent: 20 is minimal, anything above 20 moderate."""

    MINIMAL = "minimal"
    MODERATE = "moderate"
    SEVERE = "severe"
    CRIPPLED = "crippled"
    BED_BOUND = "bed-bound"


BAND_UPPER_LIMITS: tuple[tuple[Fraction, Band], ...] = (
    (Fraction(20), Band.MINIMAL),
    (Fraction(40), Band.MODERATE),
    (Fraction(60), Band.SEVERE),
    (Fraction(80), Band.CRIPPLED),
)

# One section's answer: None when unanswered, else the level(s) marked (one or two).
SectionAnswer = tuple[int, ...] | None


def band_of(percent: Fraction) -> Band:
    for upper, band in BAND_UPPER_LIMITS:
        if percent <= upper:
            return band
    return Band.BED_BOUND


def round_half_up(value: Fraction) -> int:
    """0.5 goes up (22.5 -> 23), unlike Python's round, which goes to the even neighbour."""
    return int((value + Fraction(1, 2)) // 1)


@dataclass(frozen=True)
class OdiScore:
    points: int  # the sum of the answered sections (the higher mark where two were ticked)
    answered: int  # sections answered, 8-10
    percent: Fraction  # exact: points / (5 x answered) x 100

    @property
    def maximum(self) -> int:
        return LEVEL_MAX * self.answered

    @property
    def display(self) -> int:
        return round_half_up(self.percent)

    @property
    def band(self) -> Band:
        return band_of(self.percent)

    def as_dict(self) -> dict[str, object]:
        """The JSON contract of `spinecoach score odi --json` (docs/cli.md)."""
        return {
            "percent": fraction_text(self.percent),
            "display": self.display,
            "band": self.band.value,
            "answered": self.answered,
            "points": self.points,
        }


def fraction_text(value: Fraction) -> str:
    """An exact value as text: a whole or terminating decimal as such (22.5), else a fraction (200/9)."""
    if value.denominator == 1:
        return str(value.numerator)
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    return format(Decimal(value.numerator) / Decimal(value.denominator), "f")


def section_value(index: int, answer: SectionAnswer) -> int | None:
    """The level that counts for one section, checking it; None when unanswered."""
    if answer is None or len(answer) == 0:
        return None
    if len(answer) > MAX_MARKS:
        raise DomainError(f"section {index + 1}: at most {MAX_MARKS} marks, got {len(answer)}")
    for level in answer:
        if not LEVEL_MIN <= level <= LEVEL_MAX:
            raise DomainError(f"section {index + 1}: a level is {LEVEL_MIN} to {LEVEL_MAX}, got {level}")
    return max(answer)  # two marks in one section: the higher counts


def score_odi(answers: Sequence[SectionAnswer]) -> OdiScore:
    """Score the ten sections in order; raises DomainError naming the problem when unscorable."""
    if len(answers) != SECTIONS:
        raise DomainError(f"the ODI has {SECTIONS} sections: give {SECTIONS} answers, got {len(answers)}")
    values = [v for i, a in enumerate(answers) if (v := section_value(i, a)) is not None]
    if len(values) < MIN_ANSWERED:
        raise DomainError(
            f"the ODI needs at least {MIN_ANSWERED} of {SECTIONS} sections answered to be scored, "
            f"got {len(values)}"
        )
    points = sum(values)
    return OdiScore(points, len(values), Fraction(points * 100, LEVEL_MAX * len(values)))


def parse_section(index: int, text: str) -> SectionAnswer:
    """`-` (or empty) for unanswered, `3` for one mark, `1/3` for two marks."""
    text = text.strip()
    if text in ("", "-"):
        return None
    try:
        return tuple(int(part) for part in text.split("/"))
    except ValueError:
        raise DomainError(
            f"section {index + 1}: {text!r} is not an answer; write a level 0-5, two levels as 1/3, "
            "or - for unanswered"
        ) from None


def parse_odi(text: str) -> list[SectionAnswer]:
    """Ten comma-separated answers, e.g. `2,1,-,3,1/3,2,0,-,1,2`."""
    return [parse_section(i, part) for i, part in enumerate(text.split(","))]
