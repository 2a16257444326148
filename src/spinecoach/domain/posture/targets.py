"""What a catalog file declares for the camera check of a key posture: checks in priority order.

Each check compares one measure with a target and a tolerance, and names the fault a person makes
when the value is too high or too low. The fault names are those of the rendered test set.
"""

from collections.abc import Sequence
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from spinecoach.domain.posture.geometry import (
    ALLOWED_VIEWS,
    SPACINGS,
    TRUSTED_VIEWS,
    LevelPart,
    Measure,
    View,
)


class Fault(StrEnum):
    LEGS_NOT_VERTICAL = "legs_not_vertical"
    TORSO_PROPPED = "torso_propped"
    STANDING = "standing"
    HIPS_HIGH = "hips_high"
    HIPS_LOW = "hips_low"
    HANDS_FORWARD = "hands_forward"
    HEAD_RAISED = "head_raised"
    KNEES_TOGETHER = "knees_together"
    LUMBAR_SAG = "lumbar_sag"


def _no_repeats(items: Sequence[str], field: str) -> None:
    repeated = sorted({i for i in items if list(items).count(i) > 1})
    if repeated:
        raise ValueError(f"{field} lists {', '.join(repeated)} more than once")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CameraCheck(_Strict):
    """One measure against its target; `views` narrows where it is trusted (default: where it can be)."""

    measure: Measure
    target: float = Field(ge=-180, le=180)
    tolerance: float = Field(gt=0, le=90)
    too_high: Fault | None = None
    too_low: Fault | None = None
    views: tuple[View, ...] | None = None

    @model_validator(mode="after")
    def _sound(self) -> Self:
        if self.too_high is None and self.too_low is None:
            raise ValueError("a check needs a fault for too_high, too_low or both")
        if self.measure in SPACINGS and not 0 < self.target <= 5:
            raise ValueError(f"{self.measure} is a ratio to shoulder width: target must be in (0, 5]")
        if self.views is not None:
            _no_repeats(self.views, "views")
            untrusted = sorted(set(self.views) - ALLOWED_VIEWS[self.measure])
            if untrusted:
                raise ValueError(f"{self.measure} cannot be judged from a {', '.join(untrusted)} view")
        return self

    @property
    def trusted_views(self) -> frozenset[View]:
        return frozenset(self.views) if self.views is not None else TRUSTED_VIEWS[self.measure]

    @property
    def faults(self) -> list[Fault]:
        return [f for f in (self.too_high, self.too_low) if f is not None]


class CameraPosture(_Strict):
    """How the camera checks a key posture.

    `views`: where the camera should stand. `level`: two body parts at one height in this posture
    (knees and wrists on the floor), whose line corrects the camera's tilt. `checks`: in priority
    order; a frame is named after the first failing one. `not_checked`: faults of this exercise
    that the landmarks cannot show, listed so that reports say so instead of staying silent.
    """

    views: tuple[View, ...] = Field(min_length=1)
    level: tuple[LevelPart, LevelPart] | None = None
    checks: list[CameraCheck] = Field(min_length=1)
    not_checked: list[Fault] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _no_repeats(self.views, "views")
        _no_repeats(self.not_checked, "not_checked")
        if self.level is not None and self.level[0] == self.level[1]:
            raise ValueError("level needs two different body parts")
        for number, check in enumerate(self.checks, start=1):
            if not check.trusted_views & set(self.views):
                raise ValueError(
                    f"check {number} ({check.measure}) is trusted in none of the posture's views"
                )
        checked = {f for c in self.checks for f in c.faults}
        both = sorted(checked & set(self.not_checked))
        if both:
            raise ValueError(f"{', '.join(both)} is both checked and listed in not_checked")
        return self

    @property
    def faults(self) -> list[Fault]:
        """Every fault the checks can name, in priority order, once each."""
        return list(dict.fromkeys(f for c in self.checks for f in c.faults))
