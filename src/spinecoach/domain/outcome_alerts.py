"""The outcome alerts an instructor gets (issue 5), as pure rules on the person's own values.

The messages say what changed against the person's own start; they compare with nobody else and
promise nothing.
"""

from enum import StrEnum
from fractions import Fraction

from spinecoach.domain.change import nrs_change, odi_change
from spinecoach.domain.odi import fraction_text
from spinecoach.domain.startback import Risk, StartBackScore


class OutcomeAlert(StrEnum):
    PAIN_WORSE = "pain-worse"
    ODI_WORSE = "odi-worse"
    STARTBACK_HIGH_RISK = "startback-high-risk"


def pain_alert(baseline: int | None, latest: int) -> str | None:
    """Pain worse than the first recorded value by a change that matters (2 points or 30%)."""
    if baseline is None or not nrs_change(baseline, latest).worse_and_matters:
        return None
    return (
        f"Pain is {latest}/10, up from {baseline}/10 at the start: a change that matters "
        "(2 points or 30%). Worth reviewing the program and asking about warning signs."
    )


def odi_alert(baseline: Fraction | None, latest: Fraction) -> str | None:
    """ODI worse than the first one by 10 percentage points or more (on the exact values)."""
    if baseline is None or not odi_change(baseline, latest).worse_and_matters:
        return None
    return (
        f"Oswestry Disability Index is {fraction_text(latest)}%, up from {fraction_text(baseline)}% "
        "at the start: a change that matters (10 points)."
    )


def startback_alert(score: StartBackScore) -> str | None:
    if score.risk != Risk.HIGH:
        return None
    return (
        f"STarT Back: high risk (total {score.total}/9, psychosocial {score.psychosocial}/5). "
        "Worth reviewing the plan with the person: NICE NG59 advises using risk stratification to "
        "inform shared decisions about care."
    )
