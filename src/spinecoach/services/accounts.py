"""Accounts: creating users, assigning instructors, logging in and out."""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from spinecoach.domain.account_records import UserRecord
from spinecoach.domain.accounts import Actor, PatientRef, Role
from spinecoach.domain.errors import Conflict, DomainError, NotFound
from spinecoach.services import passwords
from spinecoach.store.unit_of_work import UnitOfWork

# The person using the terminal on their own machine: a patient account that cannot log in.
LOCAL_EMAIL = "local@spinecoach.invalid"
# Failed logins allowed per email in the window before further tries are refused (OWASP
# Authentication Cheat Sheet: throttle, do not lock accounts for good).
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)


class TooManyAttempts(DomainError):
    """Too many failed logins for this email in a short time."""


class BadCredentials(DomainError):
    """The email or the password is wrong (never said which)."""


@dataclass(frozen=True)
class UserInfo:
    id: int
    email: str
    display_name: str
    role: Role
    active: bool
    patient_id: int | None


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email or len(email) > 254:
        raise DomainError(f"{email!r} is not an email address (expected name@example.org)")
    return email


def create_user(
    uow: UnitOfWork, email: str, role: Role, display_name: str, password: str | None, now: datetime
) -> UserInfo:
    """Create an account; a patient account gets its clinical record too."""
    email = normalise_email(email)
    if not display_name.strip():
        raise DomainError("display name must not be empty")
    password_hash = passwords.hash_password(password) if password is not None else None
    with uow:
        return _create_user(uow, email, role, display_name.strip(), password_hash, now)


def _create_user(
    uow: UnitOfWork, email: str, role: Role, display_name: str, password_hash: str | None, now: datetime
) -> UserInfo:
    """`create_user` inside an open unit of work, which it commits."""
    if uow.accounts.user_by_email(email):
        raise Conflict(f"an account with the email {email} already exists")
    user = uow.accounts.add_user(email, display_name, role.value, password_hash, now)
    patient_id = None
    if role == Role.PATIENT:
        patient_id = uow.accounts.add_patient(user.id).id
    uow.commit()
    return UserInfo(user.id, user.email, user.display_name, role, True, patient_id)


def local_patient(uow: UnitOfWork, now: datetime) -> int:
    """The patient id of the person using the terminal, created on first use."""
    with uow:
        user = uow.accounts.user_by_email(LOCAL_EMAIL)
        if user is not None:
            patient = uow.accounts.patient_of_user(user.id)
            if patient is not None:
                return patient.id
        return _create_user(uow, LOCAL_EMAIL, Role.PATIENT, "You", None, now).patient_id or 0


def find_user(uow: UnitOfWork, email: str) -> UserInfo:
    email = normalise_email(email)
    with uow:
        user = uow.accounts.user_by_email(email)
        if user is None:
            raise NotFound(f"there is no account with the email {email}")
        return _info(uow, user)


def user_id_by_email(uow: UnitOfWork, email: str) -> int | None:
    """The id of the account with this email (any case, spaces around ignored), None without one."""
    with uow:
        user = uow.accounts.user_by_email(email.strip().lower())
        return None if user is None else user.id


def list_users(uow: UnitOfWork) -> list[UserInfo]:
    with uow:
        return [_info(uow, u) for u in uow.accounts.users() if u.email != LOCAL_EMAIL]


def assign_instructor(uow: UnitOfWork, patient_email: str, instructor_email: str) -> None:
    """Make an instructor (or an admin who instructs) responsible for a patient."""
    with uow:
        patient_user = uow.accounts.user_by_email(normalise_email(patient_email))
        instructor = uow.accounts.user_by_email(normalise_email(instructor_email))
        if patient_user is None or instructor is None:
            missing = patient_email if patient_user is None else instructor_email
            raise NotFound(f"there is no account with the email {missing}")
        patient = uow.accounts.patient_of_user(patient_user.id)
        if patient is None:
            raise DomainError(f"{patient_user.email} is not a patient account")
        if instructor.role not in (Role.INSTRUCTOR, Role.ADMIN):
            raise DomainError(f"{instructor.email} is a {instructor.role}, not an instructor")
        uow.accounts.set_instructor(patient.id, instructor.id)
        uow.commit()


def patient_ref(uow: UnitOfWork, patient_id: int) -> PatientRef | None:
    with uow:
        found = uow.accounts.patient_ref(patient_id)
        return None if found is None else PatientRef(*found)


def authenticate(uow: UnitOfWork, email: str, password: str, now: datetime) -> UserInfo:
    """Check the password; too many recent failures refuse further tries for a while."""
    email = email.strip().lower()
    with uow:
        if uow.accounts.failures_since(email, now - FAILURE_WINDOW) >= MAX_FAILURES:
            minutes = int(FAILURE_WINDOW.total_seconds() // 60)
            raise TooManyAttempts(f"too many failed logins; try again in {minutes} minutes")
        user = uow.accounts.user_by_email(email)
        ok = passwords.verify(user.password_hash if user else None, password)
        if user is None or not ok or not user.active:
            uow.accounts.add_login_failure(email, now)
            uow.commit()
            raise BadCredentials("the email or the password is wrong")
        if user.password_hash and passwords.needs_rehash(user.password_hash):
            uow.accounts.set_password_hash(user.id, passwords.HASHER.hash(password))
        uow.accounts.forget_failures(email)
        uow.commit()
        return _info(uow, user)


def open_login(uow: UnitOfWork, user_id: int, token_hash: str, now: datetime, lifetime: timedelta) -> None:
    with uow:
        uow.accounts.sweep(user_id, now, now - FAILURE_WINDOW)
        uow.accounts.add_login_session(token_hash, user_id, now, now + lifetime)
        uow.commit()


def end_login(uow: UnitOfWork, token_hash: str) -> None:
    with uow:
        uow.accounts.end_login_session(token_hash)
        uow.commit()


def actor_for(uow: UnitOfWork, token_hash: str, now: datetime) -> Actor | None:
    """The user a token belongs to, while the login is current and the account active."""
    with uow:
        found = uow.accounts.login_actor(token_hash)
    return None if found is None else _current_actor(now, *found)


def actor_and_patient(
    uow: UnitOfWork, token_hash: str, patient_id: int, now: datetime
) -> tuple[Actor | None, PatientRef | None]:
    """`actor_for` and `patient_ref` in one statement, for the guards of a patient's records.

    The patient is None where there is no such patient, and also where there is no actor (the
    request is refused before anyone asks whose records these are)."""
    with uow:
        found = uow.accounts.login_actor_and_patient(token_hash, patient_id)
    if found is None:
        return None, None
    expires_at, user_id, role, active, pid, patient_user_id, instructor_id = found
    actor = _current_actor(now, expires_at, user_id, role, active)
    if actor is None or pid is None or patient_user_id is None:
        return actor, None
    return actor, PatientRef(pid, patient_user_id, instructor_id)


def _current_actor(
    now: datetime, expires_at: datetime, user_id: int, role: str, active: bool
) -> Actor | None:
    if expires_at <= now or not active:
        return None
    return Actor(user_id, Role(role))


def user_info(uow: UnitOfWork, user_id: int) -> UserInfo:
    with uow:
        user = uow.accounts.user(user_id)
        if user is None:
            raise NotFound(f"there is no user {user_id}")
        return _info(uow, user)


def set_active(uow: UnitOfWork, user_id: int, active: bool) -> UserInfo:
    with uow:
        user = uow.accounts.user(user_id)
        if user is None:
            raise NotFound(f"there is no user {user_id}")
        uow.accounts.set_active(user_id, active)
        uow.commit()
        return _info(uow, replace(user, active=active))


def _info(uow: UnitOfWork, user: UserRecord) -> UserInfo:
    patient = uow.accounts.patient_of_user(user.id) if user.role == Role.PATIENT else None
    return UserInfo(
        user.id, user.email, user.display_name, Role(user.role), user.active, patient.id if patient else None
    )
