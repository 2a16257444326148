"""The exercise schedule as an iCalendar file.

Events are weekly repeats at the prescribed time in *floating* local time (no time zone): 08:30
means 08:30 wherever the person is, which is what a morning schedule means (seed rule S11).
"""

import math
from datetime import datetime, time, timedelta

from icalendar import Calendar, Event

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.plans import build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.services.calendar_feed import Schedule, ScheduledExercise

BYDAY = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
NOTICE = (
    "Stop at once if you feel sharp pain. This schedule does not replace a doctor; it promises no "
    "result and no date for one."
)


def calendar_ics(schedule: Schedule, catalog: Catalog) -> bytes:
    """One weekly repeating event per scheduled exercise, as the bytes of an .ics file."""
    calendar = Calendar()
    calendar.add("prodid", "-//spinecoach//exercise schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "spinecoach exercises")
    for item in schedule.items:
        calendar.add_component(_event(schedule, item, catalog))
    ical: bytes = calendar.to_ical()
    return ical


def _event(schedule: Schedule, item: ScheduledExercise, catalog: Catalog) -> Event:
    exercise = catalog.exercise(item.exercise_id)
    plan = build_plan(prescribe(exercise, item.reps, item.sets))
    start = datetime.combine(schedule.since.date(), time.fromisoformat(item.time))  # floating: no time zone
    event = Event()
    event.add("uid", f"spinecoach-{schedule.patient_id}-{item.item_id}-{item.exercise_id}@spinecoach")
    event.add("dtstamp", schedule.generated_at)
    event.add("summary", exercise.name.en)
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=math.ceil(plan.total / 60)))
    event.add("rrule", {"freq": "weekly", "byday": [BYDAY[d] for d in item.days]})
    event.add("description", f"{plan.reps} x {plan.sets}. {exercise.summary.en}\n{NOTICE}")
    return event
