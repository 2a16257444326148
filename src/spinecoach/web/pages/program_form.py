"""The program builder's form: read what the instructor typed, keep it as typed for a re-render, and
turn it into a `Program` with a message per field that names the item and the problem.

The form's fields are `name`, `kind` and, for each item n, `items-n-exercise`, `-reps`, `-sets`,
`-rest`, `-breath-<phase>` (the phases the exercise lets one adjust), `-days` (repeated), `-time`
and `-reason`. Items keep the order of their numbers; the numbers need not be contiguous (the page's
script adds and removes rows).
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pydantic import ValidationError

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.exercises import BreathPhase, Exercise
from spinecoach.domain.programs import DEFAULT_TIME, Program, ProgramKind, Weekday
from spinecoach.web.i18n import Gettext

ITEM_FIELD = re.compile(r"^items-(\d{1,3})-exercise$")
MAX_ITEMS = 50  # Program.items allows 50
MAX_REASON = 2000  # ProgramItem.reason allows 2000 characters
MAX_NAME = 200
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
Form = Mapping[str, list[str]]
Errors = dict[str, str]


@dataclass
class DraftItem:
    """One item as typed: strings, so that a re-render shows exactly what was there."""

    index: int
    exercise: str
    reps: str = ""
    sets: str = ""
    rest: str = ""
    breath: dict[str, str] = field(default_factory=dict)
    days: list[str] = field(default_factory=list)
    time: str = ""
    reason: str = ""

    @classmethod
    def fresh(cls, index: int, exercise: Exercise) -> "DraftItem":
        """A new row with the exercise's defaults: every day, in the morning (seed rule S11)."""
        return cls(
            index=index,
            exercise=exercise.id,
            reps=str(exercise.reps.default),
            sets=str(exercise.sets.default),
            rest=f"{exercise.rest.seconds:g}",
            breath={p.phase.value: f"{p.seconds:g}" for p in adjustable(exercise)},
            days=[d.value for d in Weekday],
            time=DEFAULT_TIME.strftime("%H:%M"),
        )


@dataclass
class Draft:
    name: str
    kind: str
    items: list[DraftItem]

    def next_index(self) -> int:
        return max((i.index for i in self.items), default=0) + 1


def adjustable(exercise: Exercise) -> list[BreathPhase]:
    """The phases an instructor may set: not fixed by the source, not tied to another phase."""
    return [p for p in exercise.cycle if not p.fixed and p.same_as is None]


def one(form: Form, key: str) -> str:
    values = form.get(key) or [""]
    return values[-1].strip()


def read_draft(form: Form) -> Draft:
    numbers = sorted(int(m.group(1)) for key in form if (m := ITEM_FIELD.match(key)))
    items = []
    for n in numbers[: MAX_ITEMS + 1]:  # one past the limit, so that the limit is reported
        prefix = f"items-{n}-"
        breath = {
            key.removeprefix(prefix + "breath-"): one(form, key)
            for key in form
            if key.startswith(prefix + "breath-")
        }
        items.append(
            DraftItem(
                index=n,
                exercise=one(form, prefix + "exercise"),
                reps=one(form, prefix + "reps"),
                sets=one(form, prefix + "sets"),
                rest=one(form, prefix + "rest"),
                breath=breath,
                days=[d.strip() for d in form.get(prefix + "days", [])],
                time=one(form, prefix + "time"),
                reason=(form.get(prefix + "reason") or [""])[-1],
            )
        )
    return Draft(name=one(form, "name"), kind=one(form, "kind"), items=items)


def _whole(text: str, low: int, high: int) -> int | None:
    return int(text) if text.isdigit() and low <= int(text) <= high else None


def _seconds(text: str, low: float, high: float) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if low <= value <= high else None


class ItemReader:
    """Checks one item's fields against its exercise; each error names the item and the field."""

    def __init__(self, _: Gettext, item: DraftItem, number: int, exercise: Exercise, name: str) -> None:
        self._, self.item, self.exercise = _, item, exercise
        self.errors: Errors = {}
        self.label = _("Item %(n)s, %(name)s") % {"n": number, "name": name}

    def fail(self, key: str, problem: str) -> None:
        self.errors[f"items-{self.item.index}-{key}"] = f"{self.label}: {problem}"

    def read(self) -> dict[str, object]:
        _, ex, item = self._, self.exercise, self.item
        body: dict[str, object] = {"exercise": ex.id}
        for key, allowed, what in (("reps", ex.reps, _("repetitions")), ("sets", ex.sets, _("sets"))):
            value = _whole(getattr(item, key), allowed.min, allowed.max)
            if value is None:
                self.fail(
                    key,
                    _("%(what)s: write a whole number from %(low)s to %(high)s.")
                    % {"what": what, "low": allowed.min, "high": allowed.max},
                )
            body[key] = value
        body["rest"] = self.seconds("rest", item.rest, ex.rest.min, ex.rest.max, _("rest"))
        breathing: dict[str, float | None] = {}
        for p in adjustable(ex):
            phase = p.phase.value
            # a phase the form did not send keeps the exercise's length; a blank one is a mistake
            item.breath.setdefault(phase, f"{p.seconds:g}")
            low, high = p.min or 0, p.max or 0
            breathing[phase] = self.seconds(
                f"breath-{phase}", item.breath[phase], low, high, phase_name(_, phase)
            )
        body["breathing"] = breathing
        body["days"] = self.days()
        if TIME.match(item.time) is None:
            self.fail("time", _("time of day: write it as hours and minutes, for example 08:00."))
        body["time"] = item.time
        if len(item.reason) > MAX_REASON:
            self.fail("reason", _("the reason is longer than %(n)s characters.") % {"n": MAX_REASON})
        body["reason"] = item.reason.strip() or None
        return body

    def seconds(self, key: str, text: str, low: float, high: float, what: str) -> float | None:
        value = _seconds(text, low, high)
        if value is None:
            self.fail(
                key,
                self._("%(what)s: write a number of seconds from %(low)s to %(high)s.")
                % {"what": what, "low": f"{low:g}", "high": f"{high:g}"},
            )
        return value

    def days(self) -> list[str]:
        known = {d.value for d in Weekday}
        if not self.item.days or any(d not in known for d in self.item.days):
            self.fail("days", self._("days: tick at least one day of the week."))
        return [d for d in self.item.days if d in known]


def phase_name(_: Gettext, phase: str) -> str:
    return {"inhale": _("inhale"), "hold": _("hold"), "exhale": _("exhale"), "pause": _("pause")}.get(
        phase, phase
    )


def to_program(
    _: Gettext, draft: Draft, catalog: Catalog, name_of: Callable[[Exercise], str]
) -> tuple[Program | None, Errors]:
    """The program the draft describes, or None with the problem of every field that is wrong."""
    errors: Errors = {}
    if not 1 <= len(draft.name) <= MAX_NAME:
        errors["name"] = _("Program name: write a name of 1 to %(n)s characters.") % {"n": MAX_NAME}
    if draft.kind not in {k.value for k in ProgramKind}:
        errors["kind"] = _("Kind: choose individual or complex.")
    if not draft.items:
        errors["items"] = _("Add at least one exercise from the library.")
    if len(draft.items) > MAX_ITEMS:
        errors["items"] = _("A program holds at most %(n)s exercises.") % {"n": MAX_ITEMS}
    bodies = []
    for number, item in enumerate(draft.items, start=1):
        exercise = catalog.exercises.get(item.exercise)
        if exercise is None:
            errors[f"items-{item.index}-exercise"] = _(
                "Item %(n)s: there is no exercise %(id)s in the library."
            ) % {"n": number, "id": item.exercise}
            continue
        reader = ItemReader(_, item, number, exercise, name_of(exercise))
        bodies.append(reader.read())
        errors.update(reader.errors)
    if errors:
        return None, errors
    try:
        return Program.model_validate({"name": draft.name, "kind": draft.kind, "items": bodies}), {}
    except ValidationError:  # every field was checked above; this is a last guard, never a 500
        return None, {"items": _("The program could not be read. Check the values and try again.")}
