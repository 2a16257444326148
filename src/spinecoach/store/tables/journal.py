"""Sessions and what happened in them, and the clearances that lift a paused program."""

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from spinecoach.store.tables.base import Base, UTCDateTime


class SessionRow(Base):
    """One guided session. Written when it starts with outcome `interrupted`, which stays true
    unless the player finishes it: a killed terminal or a closed tab leaves an interrupted session."""

    __tablename__ = "sessions"
    __table_args__ = (
        UniqueConstraint("patient_id", "client_id"),
        Index("ix_sessions_patient_started", "patient_id", "started_at"),
        Index("ix_sessions_started_at", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    client_id: Mapped[str | None] = mapped_column(String(64))  # makes a retried start idempotent
    exercise_id: Mapped[str] = mapped_column(String(80), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    planned_reps: Mapped[int] = mapped_column(Integer)
    planned_sets: Mapped[int] = mapped_column(Integer)
    reps_done: Mapped[int] = mapped_column(Integer, default=0)  # all completed reps, every set
    sets_done: Mapped[int] = mapped_column(Integer, default=0)  # sets with every rep completed
    outcome: Mapped[str] = mapped_column(String(40))
    pain_before: Mapped[int] = mapped_column(Integer)
    reach_before: Mapped[str] = mapped_column(String(20))
    pain_after: Mapped[int | None] = mapped_column(Integer)
    reach_after: Mapped[str | None] = mapped_column(String(20))
    speed: Mapped[float] = mapped_column(Float, default=1.0)
    plan_total: Mapped[float] = mapped_column(Float)  # plan seconds
    next_reps: Mapped[int | None] = mapped_column(Integer)  # set when the follow-up regressed
    paused_program: Mapped[bool] = mapped_column(Boolean, default=False)
    # The camera posture check (docs/posture.md): seconds it watched the breathing steps, and of those,
    # seconds in a correct posture. Both NULL when the camera was not used; reconnects add up.
    posture_observed_s: Mapped[float | None] = mapped_column(Float)
    posture_correct_s: Mapped[float | None] = mapped_column(Float)


class EventRow(Base):
    """Something that happened during a session, at a plan time."""

    __tablename__ = "session_events"
    __table_args__ = (UniqueConstraint("session_id", "client_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str | None] = mapped_column(String(64))  # makes a retried post idempotent
    kind: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    plan_seconds: Mapped[float] = mapped_column(Float)
    rep: Mapped[int | None] = mapped_column(Integer)
    set: Mapped[int | None] = mapped_column(Integer)
    reach: Mapped[str | None] = mapped_column(String(20))


class ClearanceRow(Base):
    """A doctor has seen the person after the program was paused: the pause is lifted."""

    __tablename__ = "clearances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    cleared_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cleared_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text)
