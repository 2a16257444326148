"""The accounts repository: users, patients, login sessions and failed logins."""

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Row, Table, bindparam, delete, func, select
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

    def login_actor(self, token_hash: str) -> Row[datetime, int, str, bool] | None:
        """(expires_at, user id, role, active) of a login: plain columns, read on every request."""
        return self.session.execute(_LOGIN_ACTOR, {"token_hash": token_hash}).first()

    def login_actor_and_patient(
        self, token_hash: str, patient_id: int
    ) -> Row[datetime, int, str, bool, int | None, int | None, int | None] | None:
        """A login's (expires_at, user id, role, active) and the patient's (id, user id, instructor
        id), NULLs where there is no such patient: a patient guard's two questions in one trip."""
        return self.session.execute(
            _LOGIN_ACTOR_AND_PATIENT, {"token_hash": token_hash, "patient_id": patient_id}
        ).first()

    def patient_ref(self, patient_id: int) -> Row[int, int, int | None] | None:
        """(id, user id, instructor id) of a patient, read by every guard."""
        return self.session.execute(_PATIENT_REF, {"patient_id": patient_id}).first()

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


# Read on every request, so built once (a statement object keeps its cache key between uses) and
# on the tables, not the mapped classes: a plain Core statement skips the ORM's compile step.
_LOGINS, _USERS, _PATIENTS = (cast(Table, row.__table__) for row in (LoginSessionRow, UserRow, PatientRow))
_LOGIN_ACTOR = (
    select(_LOGINS.c.expires_at, _USERS.c.id, _USERS.c.role, _USERS.c.active)
    .join(_USERS, _USERS.c.id == _LOGINS.c.user_id)
    .where(_LOGINS.c.token_hash == bindparam("token_hash"))
)
_LOGIN_ACTOR_AND_PATIENT = (
    select(
        _LOGINS.c.expires_at,
        _USERS.c.id,
        _USERS.c.role,
        _USERS.c.active,
        _PATIENTS.c.id,
        _PATIENTS.c.user_id,
        _PATIENTS.c.instructor_id,
    )
    .select_from(
        _LOGINS.join(_USERS, _USERS.c.id == _LOGINS.c.user_id).outerjoin(
            _PATIENTS, _PATIENTS.c.id == bindparam("patient_id")
        )
    )
    .where(_LOGINS.c.token_hash == bindparam("token_hash"))
)
_PATIENT_REF = select(_PATIENTS.c.id, _PATIENTS.c.user_id, _PATIENTS.c.instructor_id).where(
    _PATIENTS.c.id == bindparam("patient_id")
)
