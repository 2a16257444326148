"""The append-only audit log of every access to patient data and every refused access."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from spinecoach.store.tables.base import Base, UTCDateTime


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(20))  # anonymous when nobody is logged in
    patient_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: the log outlives rows
    action: Mapped[str] = mapped_column(String(200))  # method and route, e.g. GET /api/v1/patients/{id}
    outcome: Mapped[str] = mapped_column(String(20))  # allowed, denied, rejected, failed
    status: Mapped[int] = mapped_column(Integer)
    request_id: Mapped[str] = mapped_column(String(64))
