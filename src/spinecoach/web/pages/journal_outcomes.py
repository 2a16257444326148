"""The outcome part of the journal: the ODI over time with its bands, pain first against latest with
whether the change matters, the STarT Back history and adherence per week, all against the person's
own start (services/progress), never against anyone else and with no forecast."""

from datetime import datetime

from spinecoach.domain.change import NRS_IMPORTANT_POINTS, NRS_IMPORTANT_SHARE, Change, Direction
from spinecoach.domain.odi import BAND_UPPER_LIMITS, IMPORTANT_CHANGE, band_of, round_half_up
from spinecoach.domain.pain import PAIN_MAX
from spinecoach.services import progress
from spinecoach.store.unit_of_work import UnitOfWork
from spinecoach.web.charts import Band, Reading, banded_line_chart, value_bars
from spinecoach.web.i18n import Gettext
from spinecoach.web.pages.questionnaires import bands_with_limits, risk_names

ADHERENCE_WEEKS_SHOWN = 8


def odi_bands(_: Gettext) -> list[Band]:
    names = bands_with_limits(_)
    short = {key: name.split(" (")[0] for key, name in names.items()}  # the chart has little room
    lowers = [0.0] + [float(upper) for upper, _band in BAND_UPPER_LIMITS]
    uppers = [float(upper) for upper, _band in BAND_UPPER_LIMITS] + [100.0]
    keys = [band.value for _upper, band in BAND_UPPER_LIMITS] + ["bed-bound"]
    return [Band(lo, hi, short[key]) for lo, hi, key in zip(lowers, uppers, keys, strict=True)]


def change_words(_: Gettext, change: Change | None) -> str:
    """The change from the first value to the latest, in words; higher is worse for pain and the ODI."""
    if change is None:
        return ""
    size = round_half_up(abs(change.delta))
    if change.direction == Direction.SAME or size == 0:
        return _("About the same as your first value.")
    lower = change.direction == Direction.BETTER
    if size == 1:
        text = (
            _("1 point lower than your first value") if lower else _("1 point higher than your first value")
        )
    elif lower:
        text = _("%(n)s points lower than your first value") % {"n": size}
    else:
        text = _("%(n)s points higher than your first value") % {"n": size}
    if change.matters:
        return text + ": " + _("a change that matters.")
    return text + ": " + _("a smaller change than one that matters.")


def day(at: datetime) -> str:
    return f"{at:%Y-%m-%d}"


def outcome_context(_: Gettext, uow: UnitOfWork, pid: int, now: datetime) -> dict[str, object]:
    """Everything `_journal_outcomes.html` shows."""
    found = progress.progress(uow, pid, now)
    odi = [Reading(r.answered_at, float(r.odi_percent)) for r in found.odi]
    odi_rows = [
        (day(r.answered_at), round_half_up(r.odi_percent), bands_with_limits(_)[band_of(r.odi_percent).value])
        for r in reversed(found.odi)
    ]
    pain_bars = []
    if found.pain:
        first, latest = found.pain[0], found.pain[-1]
        pain_bars = [
            (_("first, %(date)s") % {"date": f"{first.at:%d.%m}"}, float(first.score)),
            (_("latest, %(date)s") % {"date": f"{latest.at:%d.%m}"}, float(latest.score)),
        ]
    return {
        "odi_chart": banded_line_chart(
            odi,
            100,
            odi_bands(_),
            _("Oswestry score in percent over time, over its bands; the dashed line is your first score"),
            odi[0].value if odi else None,
            _("your first"),
        ),
        "odi_rows": odi_rows,
        "odi_change": change_words(_, found.odi_change),
        "odi_important": int(IMPORTANT_CHANGE),
        "pain_first": found.pain[0] if found.pain else None,
        "pain_latest": found.pain[-1] if found.pain else None,
        "pain_bars": value_bars(pain_bars, PAIN_MAX, _("Your first pain entry beside your latest, 0 to 10")),
        "pain_change": change_words(_, found.pain_change),
        "pain_important_points": NRS_IMPORTANT_POINTS,
        "pain_important_percent": int(NRS_IMPORTANT_SHARE * 100),
        "startback_rows": [
            (day(r.answered_at), r.points, r.subscore, r.band, risk_names(_)[r.band])
            for r in reversed(found.startback)
        ],
        "adherence_rows": [
            (f"{w.week_start:%Y-%m-%d}", w.done, w.prescribed)
            for w in reversed(found.adherence[-ADHERENCE_WEEKS_SHOWN:])
        ],
    }
