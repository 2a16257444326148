"""The exercise as data: what the catalog files declare and every player, check and figure reads.

One declaration drives the instructions, the session timing, the animated figure and the camera
check, so nothing about an exercise is written twice.
"""

from enum import StrEnum
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from spinecoach.domain.posture.targets import CameraPosture
from spinecoach.domain.text import Text


class Phase(StrEnum):
    INHALE = "inhale"
    HOLD = "hold"
    EXHALE = "exhale"
    PAUSE = "pause"


class Purpose(StrEnum):
    """Why an exercise is done (seed S10: strengthen the weak muscles, relax the tense ones)."""

    STRENGTHEN = "strengthen"
    RELAX = "relax"
    MOBILITY = "mobility"
    BREATHING = "breathing"


class Movement(StrEnum):
    """What kind of movement an exercise contains; the safety rules act on these tags."""

    TWISTING = "twisting"
    SHARP = "sharp"
    RUNNING = "running"
    JUMPING = "jumping"
    STEP_AEROBICS = "step-aerobics"
    IMPACT = "impact"
    FLEXION_UNDER_LOAD = "flexion-under-load"
    FLEXION = "flexion"
    EXTENSION = "extension"
    SIDE_BENDING = "side-bending"
    STATIC_HOLD = "static-hold"
    ANTI_ROTATION = "anti-rotation"


class Position(StrEnum):
    CHEST_ON_SURFACE = "chest-on-surface"
    HANDS_AND_KNEES = "hands-and-knees"
    LYING_ON_BACK = "lying-on-back"
    LYING_ON_FRONT = "lying-on-front"
    LYING_ON_SIDE = "lying-on-side"
    SITTING = "sitting"
    STANDING = "standing"
    KNEELING = "kneeling"


class Joint(StrEnum):
    """Angles a key posture can set, in degrees, as the figure and the camera check read them.

    Joint angles are the inner angle at the joint between its two body segments, 0-180
    (hip: shoulder-hip-knee, knee: hip-knee-ankle, shoulder: hip-shoulder-wrist, elbow:
    shoulder-elbow-wrist, neck: hip-shoulder-ear; 180 is straight). `torso_to_horizontal` is how far
    the hip-to-shoulder line rises above the horizontal (-90 to 90); the `*_to_vertical` angles are
    how far a segment leans away from the vertical (0-180).
    """

    TORSO_TO_HORIZONTAL = "torso_to_horizontal"
    HIP = "hip"
    KNEE = "knee"
    SHOULDER = "shoulder"
    ELBOW = "elbow"
    NECK = "neck"
    SHIN_TO_VERTICAL = "shin_to_vertical"
    THIGH_TO_VERTICAL = "thigh_to_vertical"


class Spacing(StrEnum):
    """Distances measured against shoulder width (1.0 = as wide as the shoulders)."""

    KNEES = "knees_to_shoulders"
    HANDS = "hands_to_shoulders"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Step(Strict):
    """A setup or exit instruction with the time it is given in a session."""

    text: Text
    seconds: float = Field(gt=0, le=120)


class BreathPhase(Strict):
    """One phase of the breathing cycle.

    `fixed: true` means the source sets the length (the 4 s hold); otherwise the person or the
    instructor may choose between `min` and `max`. `same_as` ties this phase to another one's length
    (exercise 2: exhale as long as the inhale).
    """

    phase: Phase
    seconds: float = Field(gt=0, le=60)
    fixed: bool = False
    min: float | None = Field(default=None, gt=0, le=60)
    max: float | None = Field(default=None, gt=0, le=60)
    same_as: Phase | None = None
    text: Text

    @model_validator(mode="after")
    def _range_fits(self) -> Self:
        if self.fixed:
            if self.min is not None or self.max is not None:
                raise ValueError("a fixed phase takes no min or max: its length is set by the source")
            return self
        if self.same_as is not None:
            return self
        if self.min is None or self.max is None:
            raise ValueError("an adjustable phase needs min and max seconds (or fixed: true)")
        if not self.min <= self.seconds <= self.max:
            raise ValueError(f"seconds {self.seconds} must lie between min {self.min} and max {self.max}")
        return self


class CountRange(Strict):
    """A range of reps or sets with the default a plan uses when none is asked for."""

    min: int = Field(ge=1, le=100)
    max: int = Field(ge=1, le=100)
    default: int = Field(ge=1, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.min <= self.default <= self.max:
            raise ValueError(f"need min <= default <= max, got {self.min}, {self.default}, {self.max}")
        return self

    def holds(self, value: int) -> bool:
        return self.min <= value <= self.max


class Rest(Strict):
    """Rest between sets, in seconds."""

    seconds: float = Field(ge=0, le=600)
    min: float = Field(ge=0, le=600)
    max: float = Field(ge=0, le=600)
    text: Text


class AngleTarget(Strict):
    degrees: float = Field(ge=-90, le=180)
    tolerance: float = Field(gt=0, le=90)


class SpacingTarget(Strict):
    ratio: float = Field(gt=0, le=5)
    tolerance: float = Field(gt=0, le=5)


class KeyPosture(Strict):
    """A pose the body should reach, as joint angles with tolerances.

    `at` names the moment it depicts: `setup` (in position) or the end of a breathing phase.
    `view` is the side the angles are meant to be seen from.
    """

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    at: Literal["setup", "inhale", "hold", "exhale", "pause"]
    view: Literal["side", "front"] = "side"
    angles: dict[Joint, AngleTarget] = Field(min_length=1)
    spacing: dict[Spacing, SpacingTarget] = Field(default_factory=dict)
    # Optional: how the camera checks this pose (domain/posture/targets.py, docs/posture.md).
    camera: CameraPosture | None = None


class Exercise(Strict):
    """One exercise of the library, exactly as its catalog file declares it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: Text
    summary: Text
    instructions: list[Text] = Field(min_length=1)
    position: Position
    setup: list[Step] = Field(min_length=1)
    exit: list[Step] = Field(min_length=1)
    cycle: list[BreathPhase] = Field(min_length=1)
    reps: CountRange
    sets: CountRange
    rest: Rest
    setup_exit_each_set: bool
    purpose: list[Purpose] = Field(min_length=1)
    movements: list[Movement] = Field(default_factory=list)
    universal: bool = False
    sources: list[str] = Field(min_length=1)
    key_postures: list[KeyPosture] = Field(min_length=1)

    @model_validator(mode="after")
    def _cycle_is_sound(self) -> Self:
        phases = [p.phase for p in self.cycle]
        if len(set(phases)) != len(phases):
            raise ValueError("each breathing phase may appear only once in the cycle")
        for p in self.cycle:
            if p.same_as is not None and p.same_as not in phases:
                raise ValueError(f"phase {p.phase} follows {p.same_as}, which is not in the cycle")
        return self

    def phase(self, phase: Phase) -> BreathPhase | None:
        return next((p for p in self.cycle if p.phase == phase), None)

    @property
    def cycle_seconds(self) -> float:
        return sum(p.seconds for p in self.cycle)
