"""Screening: a person's answers lead to one decision of what is safe, with the reasons why."""

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from spinecoach.domain import red_flags
from spinecoach.domain.catalog import Catalog
from spinecoach.domain.programs import safe_for_hernia
from spinecoach.domain.reasons import DOES_NOT_REPLACE_A_DOCTOR, Reason
from spinecoach.domain.red_flags import RedFlag


class Hernia(StrEnum):
    NONE = "none"
    SUSPECTED = "suspected"
    DIAGNOSED = "diagnosed"


class DecisionKind(StrEnum):
    EMERGENCY = "emergency"
    SEE_DOCTOR_FIRST = "see-doctor-first"
    POSTPONE = "postpone"
    UNIVERSAL_ONLY = "universal-only"
    INDIVIDUAL_PROGRAM = "individual-program"
    PREVENTION = "prevention"


class ScreeningAnswers(BaseModel):
    """Every field is required, so a forgotten question is an error rather than a silent 'no'."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    red_flags: frozenset[RedFlag]
    hernia: Hernia
    seen_doctor: bool
    flare_up: bool
    osteochondrosis: bool
    instructor_program: bool


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    reasons: tuple[Reason, ...]
    allowed: tuple[str, ...]
    talk_to_doctor: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "reasons": [r.as_dict() for r in self.reasons],
            "allowed": list(self.allowed),
            "talk_to_doctor": self.talk_to_doctor,
        }


def screen(answers: ScreeningAnswers, catalog: Catalog, program_exercises: tuple[str, ...] = ()) -> Decision:
    """Decide what is safe. The order of the checks is the order of urgency."""
    if answers.red_flags:
        return _emergency(answers.red_flags)
    universal = tuple(e.id for e in catalog.universal)
    has_hernia = answers.hernia != Hernia.NONE
    reasons: list[Reason] = []
    allowed: tuple[str, ...]
    if answers.flare_up:
        kind, allowed = DecisionKind.POSTPONE, ()
        reasons.append(FLARE_UP)
        if has_hernia and not answers.seen_doctor:
            reasons.append(SEE_DOCTOR)
    elif has_hernia and not answers.seen_doctor:
        kind, allowed = DecisionKind.SEE_DOCTOR_FIRST, universal
        reasons += [SEE_DOCTOR, UNIVERSAL_MEANWHILE]
    elif has_hernia and answers.instructor_program:
        kind = DecisionKind.INDIVIDUAL_PROGRAM
        allowed = tuple(dict.fromkeys(universal + program_exercises))
        reasons.append(FOLLOW_PROGRAM)
    elif has_hernia:
        kind, allowed = DecisionKind.UNIVERSAL_ONLY, universal
        reasons.append(UNIVERSAL_UNTIL_PROGRAM)
    else:
        kind = DecisionKind.PREVENTION
        allowed = tuple(e.id for e in catalog.exercises.values() if safe_for_hernia(e))
        reasons.append(PREVENTION)
    if answers.osteochondrosis:
        reasons.append(OSTEOCHONDROSIS)
    if kind != DecisionKind.POSTPONE:
        reasons.append(STAY_ACTIVE)
    reasons.append(DOES_NOT_REPLACE_A_DOCTOR)
    return Decision(kind, tuple(reasons), allowed, answers.osteochondrosis or SEE_DOCTOR in reasons)


def _emergency(flags: frozenset[RedFlag]) -> Decision:
    named = "; ".join(red_flags.QUESTIONS[f].rstrip("?").lower() for f in sorted(flags))
    reasons = (
        Reason("red-flag", f"You reported: {named}."),
        Reason("red-flag-advice", red_flags.advice(flags)),
        DOES_NOT_REPLACE_A_DOCTOR,
    )
    return Decision(DecisionKind.EMERGENCY, reasons, (), True)


# Seed rule S7: during an exacerbation, best postpone gymnastics until it improves.
FLARE_UP = Reason(
    "flare-up",
    "Your pain is flaring up. Postpone the exercises until it settles; keep gently moving about "
    "your day as far as the pain allows.",
)
# Seed rule S2: with a hernia, see a doctor first; exercises are then chosen individually.
SEE_DOCTOR = Reason(
    "see-doctor",
    "With a disc hernia (diagnosed or suspected), see a doctor first: exercises are then chosen for "
    "you by an experienced instructor.",
)
# Seed rule S3: the two universal exercises suit everyone and may be done on one's own.
UNIVERSAL_MEANWHILE = Reason(
    "universal-meanwhile",
    "Until then, only the two universal breathing exercises are offered.",
)
UNIVERSAL_UNTIL_PROGRAM = Reason(
    "universal-until-program",
    "Until an instructor prescribes your own program, do the two universal breathing exercises.",
)
FOLLOW_PROGRAM = Reason(
    "follow-program",
    "Follow the program your instructor prescribed; the two universal exercises remain available.",
)
# Seed rule S1: without a diagnosed hernia, exercises may be done on one's own, for prevention.
PREVENTION = Reason(
    "prevention",
    "Without a disc hernia you may choose exercises from the safe library for prevention.",
)
# Seed rule S12: with osteochondrosis, speak to a doctor.
OSTEOCHONDROSIS = Reason(
    "osteochondrosis",
    "You mentioned osteochondrosis: talk to your doctor about which exercises suit you.",
)
# Stay active; bed rest is not advised (Cochrane, Dahm 2010; NICE NG59). Seed rule S6.
STAY_ACTIVE = Reason(
    "stay-active",
    "Staying active helps; walking, swimming, skiing and cycling are good choices.",
)
