"""Logins and accounts: what is sent to log in or manage accounts, and the user as the API shows it."""

from pydantic import Field

from spinecoach.domain.accounts import Role
from spinecoach.web.schemas.base import Public, Strict


class LoginIn(Strict):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1000)


class UserPublic(Public):
    id: int
    email: str
    display_name: str
    role: Role
    active: bool
    patient_id: int | None = Field(description="the clinical record's id, for patients only")


class LoginPublic(Public):
    token: str = Field(description="Also set as an HttpOnly cookie; scripts send it as a Bearer token.")
    user: UserPublic


class UserCreate(Strict):
    email: str = Field(min_length=3, max_length=254)
    display_name: str = Field(min_length=1, max_length=120)
    role: Role
    password: str = Field(min_length=1, max_length=1000)


class UserUpdate(Strict):
    active: bool


class InstructorAssign(Strict):
    patient_email: str
    instructor_email: str
