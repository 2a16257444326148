"""The playhead: where in a plan a session stands, read from a monotonic clock.

Time is always computed from the clock (start, pauses, speed), never by adding up ticks, so a
player that wakes late does not drift: it only shows the change late, once.
"""

from dataclasses import dataclass, field

MIN_SPEED = 0.1
MAX_SPEED = 1000.0


@dataclass
class Playhead:
    total: float  # plan seconds
    started_at: float  # clock seconds
    speed: float = 1.0
    paused_total: float = 0.0
    paused_at: float | None = field(default=None)

    def plan_time(self, now: float) -> float:
        """Plan seconds elapsed at clock time `now`, held still while paused, capped at the end."""
        clock = self.paused_at if self.paused_at is not None else now
        return max(0.0, min(self.total, (clock - self.started_at - self.paused_total) * self.speed))

    def clock_time(self, plan_t: float) -> float:
        """When plan time `plan_t` is due on the clock, as things stand (not paused from now on)."""
        return self.started_at + self.paused_total + plan_t / self.speed

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def pause(self, now: float) -> None:
        if self.paused_at is None:
            self.paused_at = now

    def resume(self, now: float) -> None:
        if self.paused_at is not None:
            self.paused_total += now - self.paused_at
            self.paused_at = None

    def finished(self, now: float) -> bool:
        return self.plan_time(now) >= self.total
