"""Keele STarT Back Screening Tool: the published scoring.

Source: Hill JC, Dunn KM, Lewis M, et al. A primary care back pain screening tool: identifying
patient subgroups for initial treatment. Arthritis Rheum 2008;59(5):632-41.
Items 1-8 score 1 for "agree"; item 9 (bothersomeness) scores 1 for "very much" or "extremely".
Total 0-9; the psychosocial subscore is items 5-9 (0-5). Risk: total <= 3 low; else a subscore of
4 or more high; else medium. Every item is required: a partial answer is not scored.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from spinecoach.domain.errors import DomainError

AGREE_ITEMS = 8
PSYCHOSOCIAL_FIRST = 5  # items 5-9 form the psychosocial subscore (Hill 2008)
LOW_RISK_MAX_TOTAL = 3  # total 0-3: low risk
HIGH_RISK_MIN_SUBSCORE = 4  # subscore 4-5 (with a total over 3): high risk


class Bother(StrEnum):
    """Item 9: how bothersome the back pain has been over the last two weeks."""

    NOT_AT_ALL = "not-at-all"
    SLIGHTLY = "slightly"
    MODERATELY = "moderately"
    VERY_MUCH = "very-much"
    EXTREMELY = "extremely"

    @property
    def scores(self) -> int:
        return 1 if self in (Bother.VERY_MUCH, Bother.EXTREMELY) else 0


class Risk(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class StartBackScore:
    total: int
    psychosocial: int

    @property
    def risk(self) -> Risk:
        return risk_of(self.total, self.psychosocial)

    def as_dict(self) -> dict[str, object]:
        """The JSON contract of `spinecoach score startback --json` (docs/cli.md)."""
        return {"total": self.total, "psychosocial": self.psychosocial, "risk": self.risk.value}


def risk_of(total: int, psychosocial: int) -> Risk:
    if total <= LOW_RISK_MAX_TOTAL:
        return Risk.LOW
    if psychosocial >= HIGH_RISK_MIN_SUBSCORE:
        return Risk.HIGH
    return Risk.MEDIUM


def score_startback(agree: Sequence[bool | None], bother: Bother | None) -> StartBackScore:
    """Score items 1-8 (True: agree) and item 9; every item must be answered."""
    if len(agree) != AGREE_ITEMS:
        raise DomainError(f"items 1-{AGREE_ITEMS}: give {AGREE_ITEMS} answers, got {len(agree)}")
    missing = [str(i + 1) for i, answer in enumerate(agree) if answer is None]
    if bother is None:
        missing.append("9")
    if missing:
        raise DomainError(
            f"STarT Back is scored only with all 9 items answered; unanswered: item {', '.join(missing)}"
        )
    assert bother is not None
    points = [int(bool(a)) for a in agree] + [bother.scores]
    return StartBackScore(sum(points), sum(points[PSYCHOSOCIAL_FIRST - 1 :]))


AGREE_WORDS = {
    **dict.fromkeys(("1", "agree", "yes", "y"), True),
    **dict.fromkeys(("0", "disagree", "no", "n"), False),
}


def parse_agree(text: str) -> list[bool | None]:
    """Items 1-8, comma-separated: `1`/`agree`/`yes` or `0`/`disagree`/`no`; `-` for unanswered."""
    answers: list[bool | None] = []
    for i, part in enumerate(text.split(",")):
        word = part.strip().lower()
        if word in ("", "-"):
            answers.append(None)
        elif word in AGREE_WORDS:
            answers.append(AGREE_WORDS[word])
        else:
            raise DomainError(
                f"item {i + 1}: {part.strip()!r} is not an answer; write agree (1) or disagree (0)"
            )
    return answers


def parse_bother(text: str) -> Bother:
    try:
        return Bother(text.strip().lower())
    except ValueError:
        allowed = ", ".join(b.value for b in Bother)
        raise DomainError(f"item 9 (--bother): {text!r} is not one of {allowed}") from None
