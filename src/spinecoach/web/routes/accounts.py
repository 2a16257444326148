"""Logging in and out, the current user, and account management for admins."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from spinecoach.domain.access import can_manage_accounts
from spinecoach.domain.accounts import Actor, Role
from spinecoach.services import accounts
from spinecoach.web.deps import (
    CurrentActor,
    IdPath,
    SettingsDep,
    UoW,
    actor_guard,
    now,
    public,
)
from spinecoach.web.login import clear_login_cookie, end_login, set_login_cookie, start_login

router = APIRouter(tags=["accounts"])
Admin = Annotated[Actor, Depends(actor_guard(can_manage_accounts))]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Strict):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1000)


class UserPublic(BaseModel):
    id: int
    email: str
    display_name: str
    role: Role
    active: bool
    patient_id: int | None


class LoginOut(BaseModel):
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


def public_user(info: accounts.UserInfo) -> UserPublic:
    return UserPublic(
        id=info.id,
        email=info.email,
        display_name=info.display_name,
        role=info.role,
        active=info.active,
        patient_id=info.patient_id,
    )


@router.post("/auth/login", dependencies=[Depends(public)])
def login(body: LoginIn, request: Request, response: Response, uow: UoW, settings: SettingsDep) -> LoginOut:
    """Log in with email and password; a new token every time (any old one from this browser ends)."""
    user = accounts.authenticate(uow, body.email, body.password, now())
    login = start_login(request, uow, Actor(user.id, user.role))
    set_login_cookie(response, login, settings)
    return LoginOut(token=login.token, user=public_user(user))


@router.post("/auth/logout", status_code=204)
def logout(request: Request, response: Response, actor: CurrentActor, uow: UoW) -> None:
    """End this login everywhere it is used."""
    end_login(request, uow)
    clear_login_cookie(response)


@router.get("/me")
def me(actor: CurrentActor, uow: UoW) -> UserPublic:
    return public_user(accounts.user_info(uow, actor.user_id))


@router.get("/users")
def list_users(actor: Admin, uow: UoW) -> list[UserPublic]:
    return [public_user(u) for u in accounts.list_users(uow)]


@router.post("/users", status_code=201)
def create_user(body: UserCreate, actor: Admin, uow: UoW) -> UserPublic:
    return public_user(
        accounts.create_user(uow, body.email, body.role, body.display_name, body.password, now())
    )


@router.patch("/users/{user_id}")
def update_user(user_id: IdPath, body: UserUpdate, actor: Admin, uow: UoW) -> UserPublic:
    """Deactivate (or reactivate) an account; a deactivated account cannot log in or use its logins."""
    return public_user(accounts.set_active(uow, user_id, body.active))


@router.post("/assignments", status_code=204)
def assign(body: InstructorAssign, actor: Admin, uow: UoW) -> None:
    """Make an instructor responsible for a patient."""
    accounts.assign_instructor(uow, body.patient_email, body.instructor_email)
