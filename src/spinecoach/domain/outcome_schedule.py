"""When a questionnaire is due: at the start, then every few weeks (issue 5: 4 by default)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

# Issue 5: asked at the start and then every 4 weeks unless the instructor sets another interval.
DEFAULT_INTERVAL_WEEKS = 4
MIN_INTERVAL_WEEKS, MAX_INTERVAL_WEEKS = 1, 52


@dataclass(frozen=True)
class DueStatus:
    instrument: str
    due: bool
    due_at: datetime | None  # None: never answered, so due now (the baseline)
    last_answered_at: datetime | None
    interval_weeks: int

    def as_dict(self) -> dict[str, object]:
        return {
            "instrument": self.instrument,
            "due": self.due,
            "due_at": self.due_at.isoformat() if self.due_at else None,
            "last_answered_at": self.last_answered_at.isoformat() if self.last_answered_at else None,
            "interval_weeks": self.interval_weeks,
        }


def due_status(
    instrument: str, last_answered_at: datetime | None, interval_weeks: int, now: datetime
) -> DueStatus:
    """Due when never answered, or when the interval has passed since the last answer."""
    if last_answered_at is None:
        return DueStatus(instrument, True, None, None, interval_weeks)
    due_at = last_answered_at + timedelta(weeks=interval_weeks)
    return DueStatus(instrument, now >= due_at, due_at, last_answered_at, interval_weeks)
