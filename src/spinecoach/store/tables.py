"""The journal's tables. Times are stored as UTC."""

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, hands back aware UTC: SQLite keeps no time zone of its own."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SessionRow(Base):
    """One guided session. Written when it starts with outcome `interrupted`, which stays true
    unless the player finishes it: a killed terminal leaves an interrupted session, not nothing."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
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


class EventRow(Base):
    """Something that happened during a session, at a plan time."""

    __tablename__ = "session_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    plan_seconds: Mapped[float] = mapped_column(Float)
    rep: Mapped[int | None] = mapped_column(Integer)
    set: Mapped[int | None] = mapped_column(Integer)
    reach: Mapped[str | None] = mapped_column(String(20))


class ClearanceRow(Base):
    """A person's statement that a doctor has seen them after the program was paused."""

    __tablename__ = "clearances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cleared_at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text)
