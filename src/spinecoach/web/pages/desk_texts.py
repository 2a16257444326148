"""The instructor's words for codes the services hand over: flags, alert kinds and the safety review's
findings, in the page's language.

The services and the domain name these by code (`pain-rising`, `twisting`) and write their own
English messages for the API and the terminal; a page shows its own translated sentence built from
the code instead, so a Russian page never shows an English finding. The program builder's script
gets the same sentences as templates (`finding_templates`), so the live check and the page say the
same words.
"""

from spinecoach.domain.exercises import Movement
from spinecoach.domain.programs import Finding, Severity
from spinecoach.web.i18n import Gettext


def flag_labels(_: Gettext) -> dict[str, tuple[str, str]]:
    """Each flag of the patient list: its words and the badge's colour."""
    return {
        "red-flag": (_("red flag reported"), "danger"),
        "stopped-for-pain": (_("stopped for pain"), "danger"),
        "pain-rising": (_("pain rising"), "warn"),
        "program-paused": (_("program paused"), "danger"),
        "not-exercising": (_("not exercising"), "warn"),
    }


def alert_labels(_: Gettext) -> dict[str, str]:
    return {
        "red-flag": _("Red flag reported"),
        "pain-rise": _("Pain rose after a session"),
        "sharp-pain-stop": _("Session stopped for sharp pain"),
        "pain-spread": _("Pain spread down the leg"),
        "program-paused": _("Program paused"),
        "pain-worse": _("Pain worse than at the start"),
        "odi-worse": _("Oswestry score worse than at the start"),
        "startback-high-risk": _("STarT Back: high risk"),
    }


def outcome_labels(_: Gettext) -> dict[str, tuple[str, str]]:
    """How a session ended, as the journal says it."""
    return {
        "completed": (_("completed"), "ok"),
        "stopped-sharp-pain": (_("stopped for sharp pain"), "danger"),
        "stopped-pain-spread": (_("stopped: pain spread down the leg"), "danger"),
        "quit": (_("ended early"), "warn"),
        "interrupted": (_("interrupted"), "warn"),
    }


def movement_names(_: Gettext) -> dict[str, str]:
    return {
        Movement.TWISTING.value: _("twisting"),
        Movement.SHARP.value: _("sharp, jerky movements"),
        Movement.RUNNING.value: _("running"),
        Movement.JUMPING.value: _("jumping"),
        Movement.STEP_AEROBICS.value: _("step aerobics"),
        Movement.IMPACT.value: _("repeated jolts"),
        Movement.FLEXION_UNDER_LOAD.value: _("bending forward under load"),
    }


def rule_sources(_: Gettext) -> dict[str, str]:
    """Where each rule comes from (domain/programs.py RULE_SOURCE), in the page's language."""
    article = _("the source article")
    return {
        Movement.TWISTING.value: article,
        Movement.SHARP.value: article,
        Movement.RUNNING.value: article,
        Movement.JUMPING.value: article,
        Movement.STEP_AEROBICS.value: article,
        Movement.IMPACT.value: _("expert opinion"),
        Movement.FLEXION_UNDER_LOAD.value: _("expert opinion (McGill)"),
    }


def finding_templates(_: Gettext) -> dict[str, object]:
    """Sentence templates with %(n)s (item number), %(name)s, %(movement)s and %(source)s."""
    return {
        Severity.REFUSED.value: _(
            "Item %(n)s, %(name)s: involves %(movement)s, which is refused with a disc hernia "
            "(%(source)s). It cannot be saved: remove it."
        ),
        Severity.WARNING.value: _(
            "Item %(n)s, %(name)s: involves %(movement)s, which is undesirable with a disc hernia "
            "(%(source)s). Keep it only with a written reason."
        ),
        Severity.NOTE.value: _("Item %(n)s, %(name)s: involves %(movement)s; take care (%(source)s)."),
        "invalid": _(
            "Item %(n)s, %(name)s: a value is outside what this exercise allows. It cannot be saved "
            "until it is changed; the allowed ranges are shown beside the fields."
        ),
        "missing-reason": _("Item %(n)s, %(name)s: write the reason for keeping it before saving."),
        "movements": movement_names(_),
        "sources": rule_sources(_),
    }


def finding_text(_: Gettext, finding: Finding, name: str) -> str:
    """One finding of the safety review as a sentence for the instructor."""
    templates = finding_templates(_)
    if finding.code == "invalid-prescription":
        return str(templates["invalid"]) % {"n": finding.item, "name": name}
    movements: dict[str, str] = templates["movements"]  # type: ignore[assignment]
    sources: dict[str, str] = templates["sources"]  # type: ignore[assignment]
    return str(templates[finding.severity.value]) % {
        "n": finding.item,
        "name": name,
        "movement": movements.get(finding.code, finding.code),
        "source": sources.get(finding.code, ""),
    }
