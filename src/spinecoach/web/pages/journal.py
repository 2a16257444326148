"""The patient's journal: sessions, pain over time and how far it reaches, and how regularly they
exercise, each against the person's own baseline and plan."""

from datetime import datetime, timedelta
from statistics import mean
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from markupsafe import Markup

from spinecoach.domain.access import can_read_patient, can_record_for_patient
from spinecoach.domain.pain import PAIN_MAX, Reach
from spinecoach.domain.session_rules import Outcome
from spinecoach.services import calendar_feed, journal, programs, records
from spinecoach.services.journal import JournalEntry
from spinecoach.web.charts import Reading, bar_chart, line_chart
from spinecoach.web.deps import CatalogDep, PatientAccess, SettingsDep, UoW, now, patient_guard
from spinecoach.web.i18n import Gettext, gettext_for
from spinecoach.web.pages.journal_outcomes import outcome_context
from spinecoach.web.pages.rendering import render

router = APIRouter(include_in_schema=False)
Reader = Annotated[PatientAccess, Depends(patient_guard(can_read_patient))]
Recorder = Annotated[PatientAccess, Depends(patient_guard(can_record_for_patient))]
# The baseline is the average of the readings of the first week on record: the person's own start.
BASELINE_DAYS = 7
WEEKS_SHOWN = 8


def pain_readings(entries: list[JournalEntry], diary: list[tuple[datetime, int, str]]) -> list[Reading]:
    readings = [Reading(e.started_at, e.pain_before) for e in entries]
    readings += [
        Reading(e.finished_at, e.pain_after, e.outcome == Outcome.STOPPED_SHARP_PAIN.value)
        for e in entries
        if e.finished_at is not None and e.pain_after is not None
    ]
    readings += [Reading(at, score) for at, score, _ in diary]
    return sorted(readings, key=lambda r: r.at)


def reach_readings(entries: list[JournalEntry], diary: list[tuple[datetime, int, str]]) -> list[Reading]:
    readings = [Reading(e.started_at, Reach(e.reach_before).level) for e in entries]
    readings += [Reading(at, Reach(reach).level) for at, _, reach in diary]
    return sorted(readings, key=lambda r: r.at)


def baseline(readings: list[Reading]) -> float | None:
    if not readings:
        return None
    first_week = [r.value for r in readings if r.at - readings[0].at <= timedelta(days=BASELINE_DAYS)]
    return round(mean(first_week), 1)


def reach_labels(_: Gettext) -> dict[int, str]:
    return {0: _("none"), 1: _("back"), 2: _("buttock"), 3: _("thigh"), 4: _("below knee"), 5: _("foot")}


def pain_and_reach_charts(
    _: Gettext, pain: list[Reading], reach: list[Reading], yours: bool
) -> dict[str, Markup]:
    """Pain, and how far it reached, over time against the first week on record: the journal's
    charts (`yours`: worded for the person) and the instructor's page's."""
    pain_base, reach_base = baseline(pain), baseline(reach)
    first_week = _("your first week") if yours else _("first week")
    pain_note = _("your first week: %(value)s") if yours else _("first week: %(value)s")
    return {
        "pain_chart": line_chart(
            pain,
            PAIN_MAX,
            {0: "0", 5: "5", 10: "10"},
            _("Pain from 0 to 10 over time; red marks are sessions stopped for sharp pain"),
            pain_base,
            pain_note % {"value": pain_base},
        ),
        "reach_chart": line_chart(
            reach,
            len(Reach) - 1,
            reach_labels(_),
            _("How far the pain reached over time"),
            reach_base,
            first_week,
        ),
    }


def weekly_sessions(entries: list[JournalEntry], today: datetime) -> list[tuple[str, int]]:
    """Sessions started in each of the last weeks, oldest first, labelled by the week's first day."""
    start = (today - timedelta(days=today.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    weeks = [start - timedelta(weeks=n) for n in range(WEEKS_SHOWN - 1, -1, -1)]
    counts = [sum(1 for e in entries if w <= e.started_at < w + timedelta(weeks=1)) for w in weeks]
    return [(f"{w:%d.%m}", c) for w, c in zip(weeks, counts, strict=True)]


@router.get("/patients/{patient_id}/journal")
def journal_page(request: Request, access: Reader, uow: UoW, catalog: CatalogDep) -> Response:
    _ = gettext_for(request)
    pid = access.patient.patient_id
    entries = journal.list_journal(uow, pid)
    diary = [(p.recorded_at, p.score, p.reach) for p in records.pain_entries(uow, pid)]
    active = next((p for p in programs.list_programs(uow, pid) if p.active), None)
    planned = sum(len(item.days) for item in active.items) if active else None
    pain = pain_readings(entries, diary)
    context = {
        "patient_id": pid,
        "entries": list(reversed(entries)),
        "names": {e.id: e.name for e in catalog.exercises.values()},
        "pain_base": baseline(pain),
        **pain_and_reach_charts(_, pain, reach_readings(entries, diary), yours=True),
        "adherence_chart": bar_chart(
            weekly_sessions(entries, now()),
            planned,
            _("Sessions in each of the last 8 weeks"),
            _("planned: %(n)s a week") % {"n": planned},
        ),
        "stops": sum(1 for e in entries if e.outcome == Outcome.STOPPED_SHARP_PAIN.value),
        **outcome_context(_, uow, pid, now()),
    }
    return render(request, "journal.html", context)


@router.post("/patients/{patient_id}/calendar")
def new_calendar_link(request: Request, access: Recorder, uow: UoW, settings: SettingsDep) -> Response:
    """A new secret calendar link, shown once (only its keyed hash is kept); older links stop working."""
    pid = access.patient.patient_id
    token = calendar_feed.create_feed(uow, settings.effective_secret, pid, access.actor.user_id, now())
    url = str(request.base_url).rstrip("/") + f"/api/v1/calendar/{token}.ics"
    return render(request, "journal_calendar.html", {"patient_id": pid, "url": url, "revoked": None})


@router.post("/patients/{patient_id}/calendar/revoke")
def revoke_calendar_links(request: Request, access: Recorder, uow: UoW) -> Response:
    """Every calendar link of the person stops working."""
    pid = access.patient.patient_id
    revoked = calendar_feed.revoke_feeds(uow, pid, now())
    return render(request, "journal_calendar.html", {"patient_id": pid, "url": None, "revoked": revoked})
