"""The accounts repository: users, patients, login sessions and failed logins."""

from datetime import datetime
from typing import cast

from sqlalchemy import Row, Table, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from spinecoach.domain.account_records import PatientRecord, UserRecord
from spinecoach.store.reading import Reader, add_row
from spinecoach.store.tables import LoginFailureRow, LoginSessionRow, PatientRow, UserRow

_USER, _PATIENT = Reader(UserRecord, UserRow), Reader(PatientRecord, PatientRow)


class AccountsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_user(
        self, email: str, display_name: str, role: str, password_hash: str | None, created_at: datetime
    ) -> UserRecord:
        """Store an active account; `Duplicate` when the email is taken."""
        row = UserRow(
            email=email,
            display_name=display_name,
            role=role,
            password_hash=password_hash,
            active=True,
            created_at=created_at,
        )
        return add_row(self.session, row, _USER)

    def add_patient(self, user_id: int) -> PatientRecord:
        """The clinical side of a patient account, with no instructor yet."""
        return add_row(self.session, PatientRow(user_id=user_id), _PATIENT)

    def add_login_session(
        self, token_hash: str, user_id: int, created_at: datetime, expires_at: datetime
    ) -> None:
        row = LoginSessionRow(
            token_hash=token_hash, user_id=user_id, created_at=created_at, expires_at=expires_at
        )
        self.session.add(row)
        self.session.flush()

    def add_login_failure(self, email: str, at: datetime) -> None:
        self.session.add(LoginFailureRow(email=email, at=at))
        self.session.flush()

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self.session.execute(update(_USERS).where(_USERS.c.id == user_id).values(password_hash=password_hash))

    def set_active(self, user_id: int, active: bool) -> None:
        self.session.execute(update(_USERS).where(_USERS.c.id == user_id).values(active=active))

    def set_instructor(self, patient_id: int, instructor_id: int) -> None:
        query = update(_PATIENTS).where(_PATIENTS.c.id == patient_id)
        self.session.execute(query.values(instructor_id=instructor_id))

    def user(self, user_id: int) -> UserRecord | None:
        return _USER.first(self.session, _USER.select().where(_USERS.c.id == user_id))

    def user_by_email(self, email: str) -> UserRecord | None:
        return _USER.first(self.session, _USER.select().where(_USERS.c.email == email))

    def users(self) -> list[UserRecord]:
        return _USER.all(self.session, _USER.select().order_by(_USERS.c.id))

    def patient(self, patient_id: int) -> PatientRecord | None:
        return _PATIENT.first(self.session, _PATIENT.select().where(_PATIENTS.c.id == patient_id))

    def patient_of_user(self, user_id: int) -> PatientRecord | None:
        return _PATIENT.first(self.session, _PATIENT.select().where(_PATIENTS.c.user_id == user_id))

    def patients_of(self, instructor_id: int) -> list[tuple[PatientRecord, UserRecord]]:
        """An instructor's patients with their accounts, by name."""
        width = len(_PATIENT.columns)
        query = (
            select(*_PATIENT.columns, *_USER.columns)
            .join(_USERS, _USERS.c.id == _PATIENTS.c.user_id)
            .where(_PATIENTS.c.instructor_id == instructor_id)
            .order_by(_USERS.c.display_name, _PATIENTS.c.id)
        )
        return [
            (PatientRecord(*row[:width]), UserRecord(*row[width:])) for row in self.session.execute(query)
        ]

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
