"""A report over time from tracked frames: where each fault was, and the share of correct posture."""

from dataclasses import dataclass

from spinecoach.domain.posture.rules import CORRECT, NOT_VISIBLE
from spinecoach.domain.posture.tracker import Tracked


@dataclass(frozen=True)
class Stretch:
    """Consecutive frames shown with one posture; `end` is where the last frame ends, in seconds."""

    posture: str
    first_frame: int
    last_frame: int
    start: float
    end: float

    def as_dict(self) -> dict[str, object]:
        return {
            "first_frame": self.first_frame,
            "last_frame": self.last_frame,
            "start_s": round(self.start, 3),
            "end_s": round(self.end, 3),
        }


def stretches(postures: list[str], frame_seconds: float) -> list[Stretch]:
    """Split a per-frame list of postures into runs of the same one."""
    runs: list[Stretch] = []
    start = 0
    for i in range(1, len(postures) + 1):
        if i == len(postures) or postures[i] != postures[start]:
            runs.append(Stretch(postures[start], start, i - 1, start * frame_seconds, i * frame_seconds))
            start = i
    return runs


def share(postures: list[str], posture: str) -> float:
    return sum(p == posture for p in postures) / len(postures) if postures else 0.0


def summarise(tracked: list[Tracked], frame_seconds: float) -> dict[str, object]:
    """Shares of correct and unseen time, and the stretches of each fault, in frame order."""
    postures = [t.posture for t in tracked]
    runs = stretches(postures, frame_seconds)
    faults: dict[str, list[dict[str, object]]] = {}
    for run in runs:
        if run.posture not in (CORRECT, NOT_VISIBLE):
            faults.setdefault(run.posture, []).append(run.as_dict())
    return {
        "correct_share": round(share(postures, CORRECT), 3),
        "not_visible_share": round(share(postures, NOT_VISIBLE), 3),
        "in_position_share": round(sum(t.in_position for t in tracked) / len(tracked), 3) if tracked else 0.0,
        "faults": faults,
        "not_visible": [r.as_dict() for r in runs if r.posture == NOT_VISIBLE],
    }
