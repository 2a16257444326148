"""Outcomes: questionnaire answers with their exact scores, how often they are asked, and the
secret calendar links."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from spinecoach.store.tables.base import Base, UTCDateTime


class QuestionnaireResponseRow(Base):
    """One answered questionnaire (ODI or STarT Back), with the score kept exactly.

    ODI: percent = points / maximum x 100, kept as the two integers so nothing is lost to rounding.
    STarT Back: points is the total (of maximum 9), subscore the psychosocial items 5-9.
    """

    __tablename__ = "questionnaire_responses"
    __table_args__ = (Index("ix_questionnaire_responses_patient_answered", "patient_id", "answered_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    instrument: Mapped[str] = mapped_column(String(20))  # odi, startback
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)  # by item id, as given
    points: Mapped[int] = mapped_column(Integer)
    maximum: Mapped[int] = mapped_column(Integer)
    subscore: Mapped[int | None] = mapped_column(Integer)
    band: Mapped[str] = mapped_column(String(20))  # the ODI band or the STarT Back risk
    answered: Mapped[int] = mapped_column(Integer)  # items answered
    validated_wording: Mapped[bool] = mapped_column(Boolean)  # the licensed wording was shown


class OutcomeScheduleRow(Base):
    """How often a patient's questionnaires are asked, when an instructor changed the default."""

    __tablename__ = "outcome_schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), unique=True)
    interval_weeks: Mapped[int] = mapped_column(Integer)
    set_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CalendarFeedRow(Base):
    """A secret calendar link. Only a keyed hash of its token is stored; revoking keeps the row."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
