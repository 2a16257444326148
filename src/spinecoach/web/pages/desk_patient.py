"""What the instructor's page on one patient shows, gathered from the services: the program, the
sessions, pain and reach charts, outcomes against the person's own start, and the alerts.

Every chart and number is the person's own, against their own baseline: nothing here compares them
with anyone else or projects a trend (PRODUCT.md rule S9).
"""

from datetime import datetime
from typing import Any

from fastapi import Request

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.change import Change
from spinecoach.domain.odi import round_half_up
from spinecoach.domain.programs import Finding, Severity
from spinecoach.services import accounts, journal, outcomes, programs, progress, records, sessions
from spinecoach.services.journal import JournalEntry
from spinecoach.services.progress import Progress
from spinecoach.store.unit_of_work import UnitOfWork
from spinecoach.web.charts import Reading, bar_chart, line_chart
from spinecoach.web.deps import now
from spinecoach.web.i18n import Gettext, choose_language, gettext_for
from spinecoach.web.pages.desk_texts import alert_labels, finding_text, outcome_labels
from spinecoach.web.pages.journal import pain_and_reach_charts, pain_readings, reach_readings

WEEKS_SHOWN = 8
Diary = list[tuple[datetime, int, str]]  # pain entries: when, score, how far it reached
ODI_MAX = 100


def disability_bands(_: Gettext) -> dict[str, str]:
    """The ODI bands of Fairbank and Pynsent 2000 (domain/odi.py) as the instructor reads them, after
    the percent ("40% (moderate disability)"); the person's pages say the limits instead
    (`questionnaires.bands_with_limits`)."""
    return {
        "minimal": _("minimal disability"),
        "moderate": _("moderate disability"),
        "severe": _("severe disability"),
        "crippled": _("crippled"),
        "bed-bound": _("bed-bound"),
    }


def change_words(_: Gettext, change: Change | None) -> str:
    """Whether a change against the person's own start matters, in words (no forecast)."""
    if change is None:
        return _("Not enough answers yet to compare.")
    if not change.matters:
        return _("No change that matters.")
    if change.delta > 0:
        return _("Worse, by a change that matters.")
    return _("Better, by a change that matters.")


def outcome_summary(_: Gettext, found: Progress) -> dict[str, Any]:
    odi = [(r.answered_at, r.score()) for r in found.odi]
    startback = [(r.answered_at, r.score()) for r in found.startback]
    return {
        "pain": {
            "baseline": found.pain[0] if found.pain else None,
            "latest": found.pain[-1] if found.pain else None,
            "change": change_words(_, found.pain_change),
            "matters": bool(found.pain_change and found.pain_change.matters),
        },
        "odi": {
            "baseline": odi[0] if odi else None,
            "latest": odi[-1] if odi else None,
            "change": change_words(_, found.odi_change),
            "matters": bool(found.odi_change and found.odi_change.matters),
            "chart": line_chart(
                [Reading(r.answered_at, round_half_up(r.odi_percent)) for r in found.odi],
                ODI_MAX,
                {0: "0", 20: "20", 40: "40", 60: "60", 80: "80", 100: "100"},
                _("Oswestry Disability Index, percent, over time"),
            )
            if len(odi) > 1
            else "",
        },
        "startback": {"latest": startback[-1] if startback else None, "count": len(startback)},
        "adherence": found.adherence[-WEEKS_SHOWN:],
        "due": found.due,
    }


def stored_warnings(_: Gettext, item: programs.StoredItem, position: int, name: str) -> list[str]:
    found = []
    for kept in item.warnings:
        code = str(kept.get("code", ""))
        finding = Finding(position, item.exercise, Severity.WARNING, code, str(kept.get("message", "")))
        found.append(finding_text(_, finding, name))
    return found


def charts(_: Gettext, entries: list[JournalEntry], diary: Diary, found: Progress) -> dict[str, Any]:
    """Pain and reach over time against the first week, and completed sessions per week."""
    weeks = found.adherence[-WEEKS_SHOWN:]
    planned = weeks[-1].prescribed if weeks else None
    return {
        **pain_and_reach_charts(
            _, pain_readings(entries, diary), reach_readings(entries, diary), yours=False
        ),
        "adherence_chart": bar_chart(
            [(f"{w.week_start:%d.%m}", w.done) for w in weeks],
            planned,
            _("Completed sessions in each of the last 8 weeks"),
            _("prescribed: %(n)s a week") % {"n": planned},
        ),
    }


def patient_context(
    request: Request, uow: UnitOfWork, catalog: Catalog, patient_id: int, user_id: int
) -> dict[str, Any]:
    """Everything the instructor's page on one patient shows, read through the services."""
    _ = gettext_for(request)
    language = choose_language(request)
    names = {e.id: e.name for e in catalog.exercises.values()}
    entries = journal.list_journal(uow, patient_id)
    diary = [(p.recorded_at, p.score, p.reach) for p in records.pain_entries(uow, patient_id)]
    active = next((p for p in programs.list_programs(uow, patient_id) if p.active), None)
    found = progress.progress(uow, patient_id, now())
    alerts = records.alerts_of_patient(uow, patient_id)
    return {
        "patient_id": patient_id,
        "person": accounts.user_info(uow, user_id),
        "paused": sessions.pause_status(uow, patient_id).paused,
        "program": active,
        "item_warnings": [
            stored_warnings(_, item, n, names[item.exercise].in_(language)) if item.exercise in names else []
            for n, item in enumerate(active.items if active else [], start=1)
        ],
        "names": names,
        "entries": list(reversed(entries)),
        "outcome_words": outcome_labels(_),
        **charts(_, entries, diary, found),
        "outcomes": outcome_summary(_, found),
        "interval_weeks": outcomes.interval_weeks(uow, patient_id),
        "open_alerts": [a for a in alerts if a.acknowledged_at is None],
        "seen_alerts": [a for a in alerts if a.acknowledged_at is not None][:10],
        "alert_words": alert_labels(_),
        "bands": disability_bands(_),
        "risks": {"low": _("low risk"), "medium": _("medium risk"), "high": _("high risk")},
    }
