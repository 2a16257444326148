"""When a change in a measure matters, against the person's own starting value (never others').

Pain NRS 0-10: a change of at least 2 points or at least 30% of the starting value is clinically
important (Farrar JT et al., Pain 2001;94:149-58; Ostelo RWJG et al., Spine 2008;33:90-4).
ODI: a change of 10 percentage points (Ostelo 2008).
"""

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from spinecoach.domain.odi import IMPORTANT_CHANGE as ODI_IMPORTANT_CHANGE

NRS_IMPORTANT_POINTS = 2  # Farrar 2001; Ostelo 2008
NRS_IMPORTANT_SHARE = Fraction(30, 100)  # 30% of the starting value (Farrar 2001)


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"


@dataclass(frozen=True)
class Change:
    """Latest minus baseline. For pain and the ODI a higher value is worse."""

    baseline: Fraction
    latest: Fraction
    matters: bool

    @property
    def delta(self) -> Fraction:
        return self.latest - self.baseline

    @property
    def direction(self) -> Direction:
        if self.delta > 0:
            return Direction.WORSE
        return Direction.BETTER if self.delta < 0 else Direction.SAME

    @property
    def worse_and_matters(self) -> bool:
        return self.matters and self.direction == Direction.WORSE


def nrs_change_matters(baseline: int, latest: int) -> bool:
    """2 points, or 30% of the starting value; a start of 0 has no percentage, so 2 points only."""
    delta = abs(latest - baseline)
    if delta == 0:
        return False
    return delta >= NRS_IMPORTANT_POINTS or (baseline > 0 and delta >= NRS_IMPORTANT_SHARE * baseline)


def nrs_change(baseline: int, latest: int) -> Change:
    return Change(Fraction(baseline), Fraction(latest), nrs_change_matters(baseline, latest))


def odi_change(baseline: Fraction, latest: Fraction) -> Change:
    """Decided on the exact percents, not the rounded ones."""
    return Change(baseline, latest, abs(latest - baseline) >= ODI_IMPORTANT_CHANGE)
