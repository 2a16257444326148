"""Texts of the domain that pages show as they are: their Russian lives in the page catalogs.

The domain writes its reasons and advice in English (the API and the terminal show them so); a page
passes each through gettext with the English text as the message id. `scripts/i18n.py` adds these
to the `.po` files, and a test fails when one of them has no Russian.
"""

from spinecoach.domain import red_flags, screening, session_rules
from spinecoach.domain.pain import Reach
from spinecoach.domain.presession import PreSessionAnswers, check_before_session
from spinecoach.domain.reasons import DOES_NOT_REPLACE_A_DOCTOR, Reason
from spinecoach.domain.red_flags import CAUDA_EQUINA, RedFlag


def domain_messages() -> list[str]:
    reasons = [r.text for r in vars(screening).values() if isinstance(r, Reason)]
    go = check_before_session(
        PreSessionAnswers(red_flags=frozenset(), flare_up=False, pain=0, reach=Reach.NONE)
    ).message
    advice = [
        red_flags.advice(frozenset({next(iter(CAUDA_EQUINA))})),
        red_flags.advice(frozenset({RedFlag.FEVER})),
    ]
    in_session = [
        session_rules.DISCOMFORT_NOTE,
        session_rules.SHARP_PAIN_STOP,
        session_rules.SPREAD_STOP,
        session_rules.CENTRALISING,
        session_rules.SAME_REACH,
        session_rules.PROGRAM_PAUSED,
        session_rules.PAUSE_LIFTED,
    ]
    texts = [
        *reasons,
        DOES_NOT_REPLACE_A_DOCTOR.text,
        *red_flags.QUESTIONS.values(),
        go,
        *advice,
        *in_session,
    ]
    return list(dict.fromkeys(texts))
