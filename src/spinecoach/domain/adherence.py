"""Adherence per week: sessions done against sessions prescribed by the program in force.

A week runs Monday to Sunday (UTC). A session counts as done when it was completed; stopped,
quit or interrupted sessions do not. The program in force in a week is the newest one created
before the week ended; a week before any program has nothing prescribed (no ratio).
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction


@dataclass(frozen=True)
class ProgramPeriod:
    starts: datetime  # when the program was prescribed
    sessions_per_week: int  # one session per exercise per prescribed day


@dataclass(frozen=True)
class WeekAdherence:
    week_start: date  # a Monday
    done: int
    prescribed: int | None

    @property
    def ratio(self) -> Fraction | None:
        return None if not self.prescribed else Fraction(self.done, self.prescribed)

    def as_dict(self) -> dict[str, object]:
        ratio = self.ratio
        return {
            "week_start": self.week_start.isoformat(),
            "done": self.done,
            "prescribed": self.prescribed,
            "ratio": None if ratio is None else round(float(ratio), 4),
        }


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_adherence(
    programs: Sequence[ProgramPeriod], completed: Iterable[datetime], today: date
) -> list[WeekAdherence]:
    """Every week from the first program or session up to this one, oldest first."""
    done = Counter(monday_of(at.date()) for at in completed)
    starts = [monday_of(p.starts.date()) for p in programs] + list(done)
    if not starts:
        return []
    weeks = []
    week = min(starts)
    while week <= monday_of(today):
        weeks.append(WeekAdherence(week, done.get(week, 0), _prescribed(programs, week)))
        week += timedelta(weeks=1)
    return weeks


def _prescribed(programs: Sequence[ProgramPeriod], week: date) -> int | None:
    week_end = week + timedelta(weeks=1)
    in_force = [p for p in programs if p.starts.date() < week_end]
    return max(in_force, key=lambda p: p.starts).sessions_per_week if in_force else None
