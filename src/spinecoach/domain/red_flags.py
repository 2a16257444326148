"""Red flags: symptoms that call for a doctor now, not for exercise.

Asked at screening and again before every session. Single red flags are weak predictors
(BJSM 2018;52:493), so the software acts on them but never presents its answer as a diagnosis.
"""

from enum import StrEnum


class Urgency(StrEnum):
    EMERGENCY = "emergency"  # go to an emergency department now
    URGENT = "urgent"  # see a doctor today, before any exercise


class RedFlag(StrEnum):
    # Cauda equina syndrome (NICE CKS "Sciatica"; NHS GIRFT pathway): emergency department now.
    SADDLE_NUMBNESS = "saddle-numbness"
    BLADDER_CHANGE = "bladder-change"
    BOWEL_CONTROL = "bowel-control"
    SEXUAL_DYSFUNCTION = "sexual-dysfunction"
    SCIATICA_BOTH_LEGS = "sciatica-both-legs"
    LEG_WEAKNESS = "leg-weakness"
    # Other serious causes (NICE CKS-derived lists): a doctor the same day.
    FOOT_DROP = "foot-drop"
    FEVER = "fever"
    WEIGHT_LOSS = "weight-loss"
    CANCER_HISTORY = "cancer-history"
    IMMUNOSUPPRESSION = "immunosuppression"
    TRAUMA = "trauma"
    NIGHT_PAIN = "night-pain"


CAUDA_EQUINA = frozenset(
    {
        RedFlag.SADDLE_NUMBNESS,
        RedFlag.BLADDER_CHANGE,
        RedFlag.BOWEL_CONTROL,
        RedFlag.SEXUAL_DYSFUNCTION,
        RedFlag.SCIATICA_BOTH_LEGS,
        RedFlag.LEG_WEAKNESS,
    }
)

QUESTIONS: dict[RedFlag, str] = {
    RedFlag.SADDLE_NUMBNESS: "Numbness or tingling around the anus, the genitals or the inner thighs?",
    RedFlag.BLADDER_CHANGE: "New difficulty starting to pass urine, or a weak stream?",
    RedFlag.BOWEL_CONTROL: "Loss of bowel control, or not feeling that the rectum is full?",
    RedFlag.SEXUAL_DYSFUNCTION: "New or worsening sexual problems (numbness, erection)?",
    RedFlag.SCIATICA_BOTH_LEGS: "Pain shooting down both legs?",
    RedFlag.LEG_WEAKNESS: "Severe weakness in the legs, or weakness that is getting worse?",
    RedFlag.FOOT_DROP: "A foot that suddenly drops or drags when you walk?",
    RedFlag.FEVER: "Fever or chills along with the back pain?",
    RedFlag.WEIGHT_LOSS: "Weight loss you cannot explain?",
    RedFlag.CANCER_HISTORY: "Have you ever had cancer?",
    RedFlag.IMMUNOSUPPRESSION: "Weakened immunity (medicines or illness), or injected drugs?",
    RedFlag.TRAUMA: "A fall or accident since your back pain began (or a minor one with osteoporosis)?",
    RedFlag.NIGHT_PAIN: "Pain at night that does not ease when you rest?",
}

# Before every session only the flags that can newly appear are asked again; a history of cancer
# or weakened immunity is asked at screening.
SESSION_FLAGS: tuple[RedFlag, ...] = tuple(
    f for f in RedFlag if f not in {RedFlag.CANCER_HISTORY, RedFlag.IMMUNOSUPPRESSION}
)


def urgency(flag: RedFlag) -> Urgency:
    return Urgency.EMERGENCY if flag in CAUDA_EQUINA else Urgency.URGENT


def advice(flags: frozenset[RedFlag]) -> str:
    """What to do now, in plain words, for the most urgent flag present."""
    if flags & CAUDA_EQUINA:
        return (
            "Stop. Do not exercise. These signs can mean the nerves at the base of the spine are "
            "squeezed, which needs care within hours: go to an emergency department now "
            "(in the UK, A&E or call 999; elsewhere, your local emergency number)."
        )
    return (
        "Do not exercise today. This sign needs a doctor to look at it first: contact your doctor "
        "or an urgent care service today."
    )
