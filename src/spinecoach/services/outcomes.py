"""Recording questionnaires, when they are due, and the outcome alerts for the instructor."""

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from spinecoach.domain import outcome_alerts
from spinecoach.domain.errors import DomainError
from spinecoach.domain.odi import OdiScore, SectionAnswer, score_odi
from spinecoach.domain.outcome_alerts import OutcomeAlert
from spinecoach.domain.outcome_records import ResponseRecord
from spinecoach.domain.outcome_schedule import (
    DEFAULT_INTERVAL_WEEKS,
    MAX_INTERVAL_WEEKS,
    MIN_INTERVAL_WEEKS,
    DueStatus,
    due_status,
)
from spinecoach.domain.questionnaires import INSTRUMENTS, Instrument
from spinecoach.domain.startback import Bother, StartBackScore, score_startback
from spinecoach.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class AnsweredQuestionnaire:
    """An answered questionnaire with its score, as the API, the exports and the report show it."""

    id: int
    instrument: Instrument
    answered_at: datetime
    answers: dict[str, Any]
    points: int
    maximum: int
    subscore: int | None
    band: str
    answered: int
    validated_wording: bool

    @property
    def odi_percent(self) -> Fraction:
        return Fraction(self.points * 100, self.maximum)

    def score(self) -> dict[str, object]:
        if self.instrument == "odi":
            return OdiScore(self.points, self.answered, self.odi_percent).as_dict()
        return StartBackScore(self.points, self.subscore or 0).as_dict()

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "instrument": self.instrument,
            "answered_at": self.answered_at.isoformat(),
            "answers": self.answers,
            "score": self.score(),
            "validated_wording": self.validated_wording,
        }


def response_of(row: ResponseRecord) -> AnsweredQuestionnaire:
    instrument: Instrument = "odi" if row.instrument == "odi" else "startback"
    return AnsweredQuestionnaire(
        row.id,
        instrument,
        row.answered_at,
        row.answers,
        row.points,
        row.maximum,
        row.subscore,
        row.band,
        row.answered,
        row.validated_wording,
    )


def record_odi(
    uow: UnitOfWork,
    patient_id: int,
    sections: list[SectionAnswer],
    validated_wording: bool,
    by: int | None,
    now: datetime,
) -> AnsweredQuestionnaire:
    """Score and store an ODI; alert the instructor when it is worse than the first by 10 points."""
    score = score_odi(sections)
    answers = {f"odi-{i + 1}": None if a is None else list(a) for i, a in enumerate(sections)}
    with uow:
        first = uow.outcomes.first_response(patient_id, "odi")
        row = uow.outcomes.add_response(
            patient_id=patient_id,
            instrument="odi",
            answered_at=now,
            recorded_by=by,
            answers=answers,
            points=score.points,
            maximum=score.maximum,
            subscore=None,
            band=score.band.value,
            answered=score.answered,
            validated_wording=validated_wording,
        )
        baseline = None if first is None else response_of(first).odi_percent
        _alert(
            uow, patient_id, OutcomeAlert.ODI_WORSE, outcome_alerts.odi_alert(baseline, score.percent), now
        )
        uow.commit()
        return response_of(row)


def record_startback(
    uow: UnitOfWork,
    patient_id: int,
    agree: list[bool | None],
    bother: Bother | None,
    validated_wording: bool,
    by: int | None,
    now: datetime,
) -> AnsweredQuestionnaire:
    """Score and store a STarT Back; a high risk alerts the instructor."""
    score = score_startback(agree, bother)
    answers: dict[str, Any] = {f"sbt-{i + 1}": "agree" if a else "disagree" for i, a in enumerate(agree)}
    answers["sbt-9"] = bother.value if bother else None
    with uow:
        row = uow.outcomes.add_response(
            patient_id=patient_id,
            instrument="startback",
            answered_at=now,
            recorded_by=by,
            answers=answers,
            points=score.total,
            maximum=9,
            subscore=score.psychosocial,
            band=score.risk.value,
            answered=9,
            validated_wording=validated_wording,
        )
        _alert(uow, patient_id, OutcomeAlert.STARTBACK_HIGH_RISK, outcome_alerts.startback_alert(score), now)
        uow.commit()
        return response_of(row)


def _alert(uow: UnitOfWork, patient_id: int, kind: OutcomeAlert, message: str | None, now: datetime) -> None:
    """One open alert of a kind at a time: a second one waits until the first is acknowledged."""
    if message is None or uow.outcomes.open_alert(patient_id, kind.value) is not None:
        return
    uow.records.add_alert(patient_id, kind.value, message, now)


def alert_on_pain(uow: UnitOfWork, patient_id: int, score: int, now: datetime) -> None:
    """Called inside the transaction that adds a pain entry: compare it with the first entry."""
    first = uow.records.first_pain(patient_id)
    baseline = first.score if first else None
    _alert(uow, patient_id, OutcomeAlert.PAIN_WORSE, outcome_alerts.pain_alert(baseline, score), now)


def responses(uow: UnitOfWork, patient_id: int) -> list[AnsweredQuestionnaire]:
    with uow:
        return [response_of(r) for r in uow.outcomes.responses(patient_id)]


def interval_weeks(uow: UnitOfWork, patient_id: int) -> int:
    """How often the patient's questionnaires are asked, in weeks."""
    with uow:
        return _interval_weeks(uow, patient_id)


def _interval_weeks(uow: UnitOfWork, patient_id: int) -> int:
    row = uow.outcomes.schedule(patient_id)
    return DEFAULT_INTERVAL_WEEKS if row is None else row.interval_weeks


def set_interval(uow: UnitOfWork, patient_id: int, weeks: int, by: int, now: datetime) -> int:
    """The instructor changes how often the questionnaires are asked (default every 4 weeks)."""
    if not MIN_INTERVAL_WEEKS <= weeks <= MAX_INTERVAL_WEEKS:
        raise DomainError(
            f"interval_weeks must be {MIN_INTERVAL_WEEKS} to {MAX_INTERVAL_WEEKS} weeks, got {weeks}"
        )
    with uow:
        uow.outcomes.set_schedule(patient_id, weeks, by, now)
        uow.commit()
        return weeks


def due(uow: UnitOfWork, patient_id: int, now: datetime) -> list[DueStatus]:
    """For the reminder: each questionnaire, whether it is due and since when."""
    with uow:
        return due_within(uow, patient_id, now)


def due_within(uow: UnitOfWork, patient_id: int, now: datetime) -> list[DueStatus]:
    """`due` inside an open unit of work."""
    weeks = _interval_weeks(uow, patient_id)
    answered = uow.outcomes.responses(patient_id)
    last: dict[str, datetime] = {r.instrument: r.answered_at for r in answered}
    return [due_status(i, last.get(i), weeks, now) for i in INSTRUMENTS]
