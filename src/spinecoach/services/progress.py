"""A person's progress against their own start: baseline and latest of each measure, the change and
whether it matters, the series for the charts, and adherence per week. Never against others."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from spinecoach.domain.adherence import ProgramPeriod, WeekAdherence, weekly_adherence
from spinecoach.domain.change import Change, nrs_change, odi_change
from spinecoach.domain.odi import fraction_text
from spinecoach.domain.session_rules import Outcome
from spinecoach.services.outcomes import AnsweredQuestionnaire, due_within, response_of
from spinecoach.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class PainPoint:
    at: datetime
    score: int
    reach: str


@dataclass(frozen=True)
class Progress:
    pain: list[PainPoint]  # the person's pain entries (the outcome measure)
    pain_before_sessions: list[PainPoint]  # pain reported at the start of each session
    odi: list[AnsweredQuestionnaire]
    startback: list[AnsweredQuestionnaire]
    adherence: list[WeekAdherence]
    due: list[dict[str, object]]

    @property
    def pain_change(self) -> Change | None:
        if len(self.pain) < 2:
            return None
        return nrs_change(self.pain[0].score, self.pain[-1].score)

    @property
    def odi_change(self) -> Change | None:
        if len(self.odi) < 2:
            return None
        return odi_change(self.odi[0].odi_percent, self.odi[-1].odi_percent)

    def as_dict(self) -> dict[str, object]:
        return {
            "pain": _pain_measure(self.pain, self.pain_change),
            "odi": _odi_measure(self.odi, self.odi_change),
            "startback": _startback_measure(self.startback),
            "pain_before_sessions": [_point(p) for p in self.pain_before_sessions],
            "adherence": [w.as_dict() for w in self.adherence],
            "due": self.due,
        }


def progress(uow: UnitOfWork, patient_id: int, now: datetime) -> Progress:
    """A patient's measures against their own start, what is due, and adherence per week."""
    with uow:
        return progress_within(uow, patient_id, now)


def progress_within(uow: UnitOfWork, patient_id: int, now: datetime) -> Progress:
    """`progress` inside an open unit of work."""
    due_now = [d.as_dict() for d in due_within(uow, patient_id, now)]
    pain = [PainPoint(r.recorded_at, r.score, r.reach) for r in uow.records.pain_entries(patient_id)]
    sessions = uow.journal.sessions(patient_id)
    before = [PainPoint(s.started_at, s.pain_before, s.reach_before) for s in sessions]
    completed = [s.started_at for s in sessions if s.outcome == Outcome.COMPLETED.value]
    periods = [
        ProgramPeriod(p.created_at, sum(len(i.days) for i in uow.records.program_items(p.id)))
        for p in uow.records.programs(patient_id)
    ]
    answered = [response_of(r) for r in uow.outcomes.responses(patient_id)]
    return Progress(
        pain=pain,
        pain_before_sessions=before,
        odi=[r for r in answered if r.instrument == "odi"],
        startback=[r for r in answered if r.instrument == "startback"],
        adherence=weekly_adherence(periods, completed, now.date()),
        due=due_now,
    )


def _point(p: PainPoint) -> dict[str, object]:
    return {"at": p.at.isoformat(), "score": p.score, "reach": p.reach}


def _change(change: Change | None, exact: bool) -> dict[str, Any]:
    if change is None:
        return {"change": None, "direction": None, "matters": None}
    delta = fraction_text(change.delta) if exact else int(change.delta)
    return {"change": delta, "direction": change.direction.value, "matters": change.matters}


def _pain_measure(points: list[PainPoint], change: Change | None) -> dict[str, object]:
    return {
        "baseline": _point(points[0]) if points else None,
        "latest": _point(points[-1]) if points else None,
        **_change(change, exact=False),
        "series": [_point(p) for p in points],
    }


def _odi_point(r: AnsweredQuestionnaire) -> dict[str, object]:
    return {"at": r.answered_at.isoformat(), **r.score()}


def _odi_measure(odi: list[AnsweredQuestionnaire], change: Change | None) -> dict[str, object]:
    return {
        "baseline": _odi_point(odi[0]) if odi else None,
        "latest": _odi_point(odi[-1]) if odi else None,
        **_change(change, exact=True),
        "series": [_odi_point(r) for r in odi],
    }


def _startback_measure(answers: list[AnsweredQuestionnaire]) -> dict[str, object]:
    """No published threshold for an important change in the total: the risk group is shown."""
    points = [{"at": r.answered_at.isoformat(), **r.score()} for r in answers]
    return {
        "baseline": points[0] if points else None,
        "latest": points[-1] if points else None,
        "series": points,
    }
