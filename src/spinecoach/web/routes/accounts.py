"""Logging in and out, the current user, and account management for admins."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from spinecoach.domain.access import can_manage_accounts
from spinecoach.domain.accounts import Actor, Role
from spinecoach.services import accounts
from spinecoach.services.tokens import new_token, token_hash
from spinecoach.web.deps import (
    COOKIE,
    CurrentActor,
    IdPath,
    SettingsDep,
    UoW,
    actor_guard,
    now,
    presented_token,
    public,
)

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
    old = presented_token(request)
    if old is not None:
        accounts.end_login(uow, token_hash(settings.effective_secret, old))
    token = new_token()
    lifetime = timedelta(hours=settings.login_hours)
    accounts.open_login(uow, user.id, token_hash(settings.effective_secret, token), now(), lifetime)
    request.state.actor = Actor(user.id, user.role)
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(lifetime.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )
    return LoginOut(token=token, user=public_user(user))


@router.post("/auth/logout", status_code=204)
def logout(
    request: Request, response: Response, actor: CurrentActor, uow: UoW, settings: SettingsDep
) -> None:
    """End this login everywhere it is used."""
    token = presented_token(request)
    if token is not None:
        accounts.end_login(uow, token_hash(settings.effective_secret, token))
    response.delete_cookie(COOKIE, path="/")


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
