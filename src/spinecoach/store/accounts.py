"""The accounts repository: users, patients, login sessions and failed logins."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from spinecoach.store.tables import LoginFailureRow, LoginSessionRow, PatientRow, UserRow


class AccountsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: UserRow | PatientRow | LoginSessionRow | LoginFailureRow) -> None:
        self.session.add(row)
        self.session.flush()

    def user(self, user_id: int) -> UserRow | None:
        return self.session.get(UserRow, user_id)

    def user_by_email(self, email: str) -> UserRow | None:
        return self.session.scalars(select(UserRow).where(UserRow.email == email)).first()

    def users(self) -> Sequence[UserRow]:
        return self.session.scalars(select(UserRow).order_by(UserRow.id)).all()

    def patient(self, patient_id: int) -> PatientRow | None:
        return self.session.get(PatientRow, patient_id)

    def patient_of_user(self, user_id: int) -> PatientRow | None:
        return self.session.scalars(select(PatientRow).where(PatientRow.user_id == user_id)).first()

    def patients_of(self, instructor_id: int) -> Sequence[tuple[PatientRow, UserRow]]:
        query = (
            select(PatientRow, UserRow)
            .join(UserRow, UserRow.id == PatientRow.user_id)
            .where(PatientRow.instructor_id == instructor_id)
            .order_by(UserRow.display_name, PatientRow.id)
        )
        return [(p, u) for p, u in self.session.execute(query)]

    def login_session(self, token_hash: str) -> tuple[LoginSessionRow, UserRow] | None:
        query = (
            select(LoginSessionRow, UserRow)
            .join(UserRow, UserRow.id == LoginSessionRow.user_id)
            .where(LoginSessionRow.token_hash == token_hash)
        )
        row = self.session.execute(query).first()
        return None if row is None else (row[0], row[1])

    def end_login_session(self, token_hash: str) -> None:
        self.session.execute(delete(LoginSessionRow).where(LoginSessionRow.token_hash == token_hash))

    def failures_since(self, email: str, since: datetime) -> int:
        query = select(func.count()).where(LoginFailureRow.email == email, LoginFailureRow.at >= since)
        return int(self.session.execute(query).scalar_one())

    def forget_failures(self, email: str) -> None:
        self.session.execute(delete(LoginFailureRow).where(LoginFailureRow.email == email))

    def sweep(self, user_id: int, now: datetime, failures_before: datetime) -> None:
        """Drop this user's expired logins and everyone's failures too old to count."""
        self.session.execute(
            delete(LoginSessionRow).where(
                LoginSessionRow.user_id == user_id, LoginSessionRow.expires_at <= now
            )
        )
        self.session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < failures_before))
