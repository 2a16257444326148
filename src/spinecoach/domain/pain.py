"""Pain as the person reports it: a 0-10 score and how far down the leg it reaches."""

from enum import StrEnum

from spinecoach.domain.errors import OutOfRange

# Numeric rating scale 0-10: 0 no pain, 10 the worst imaginable (LOINC 72514-3).
PAIN_MIN = 0
PAIN_MAX = 10


class Reach(StrEnum):
    """How far the pain reaches, from the spine outwards.

    Pain that moves further down the leg (peripheralisation) is a stop signal for the movement that
    caused it; pain that moves back towards the spine (centralisation) is a good sign
    (McKenzie; Long et al., Spine 2004;29:2593).
    """

    NONE = "none"
    BACK = "back"
    BUTTOCK = "buttock"
    THIGH = "thigh"
    BELOW_KNEE = "below-knee"
    FOOT = "foot"

    @property
    def level(self) -> int:
        return list(Reach).index(self)

    def further_than(self, other: "Reach") -> bool:
        return self.level > other.level


def check_pain(score: int, field: str = "pain") -> int:
    """Return the score when it lies on the 0-10 scale, else say what is allowed."""
    if not PAIN_MIN <= score <= PAIN_MAX:
        raise OutOfRange(
            f"{field} must be a whole number from {PAIN_MIN} (no pain) to {PAIN_MAX} "
            f"(worst imaginable), got {score}"
        )
    return score
