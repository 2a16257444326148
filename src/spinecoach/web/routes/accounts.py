"""Logging in and out, the current user, and account management for admins."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from spinecoach.domain.access import can_manage_accounts
from spinecoach.domain.accounts import Actor
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
from spinecoach.web.schemas.accounts import (
    InstructorAssign,
    LoginIn,
    LoginPublic,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from spinecoach.web.schemas.errors import GUARDED, LOGGED_IN, WITH_BODY, errors

router = APIRouter(tags=["accounts"])
Admin = Annotated[Actor, Depends(actor_guard(can_manage_accounts))]


@router.post("/auth/login", dependencies=[Depends(public)], responses=errors(401, 413, 422, 429))
def login(
    body: LoginIn, request: Request, response: Response, uow: UoW, settings: SettingsDep
) -> LoginPublic:
    """Log in with email and password; a new token every time (any old one from this browser ends)."""
    user = accounts.authenticate(uow, body.email, body.password, now())
    login = start_login(request, uow, Actor(user.id, user.role))
    set_login_cookie(response, login, settings)
    return LoginPublic(token=login.token, user=UserPublic.model_validate(user))


@router.post("/auth/logout", status_code=204, responses=errors(*LOGGED_IN, *WITH_BODY))
def logout(request: Request, response: Response, actor: CurrentActor, uow: UoW) -> None:
    """End this login everywhere it is used."""
    end_login(request, uow)
    clear_login_cookie(response)


@router.get("/me", response_model=UserPublic, responses=errors(*LOGGED_IN))
def me(actor: CurrentActor, uow: UoW) -> accounts.UserInfo:
    return accounts.user_info(uow, actor.user_id)


@router.get("/users", response_model=list[UserPublic], responses=errors(*GUARDED))
def list_users(actor: Admin, uow: UoW) -> list[accounts.UserInfo]:
    return accounts.list_users(uow)


@router.post(
    "/users", status_code=201, response_model=UserPublic, responses=errors(*GUARDED, 409, *WITH_BODY)
)
def create_user(body: UserCreate, actor: Admin, uow: UoW) -> accounts.UserInfo:
    return accounts.create_user(uow, body.email, body.role, body.display_name, body.password, now())


@router.patch("/users/{user_id}", response_model=UserPublic, responses=errors(*GUARDED, 404, *WITH_BODY))
def update_user(user_id: IdPath, body: UserUpdate, actor: Admin, uow: UoW) -> accounts.UserInfo:
    """Deactivate (or reactivate) an account; a deactivated account cannot log in or use its logins."""
    return accounts.set_active(uow, user_id, body.active)


@router.post("/assignments", status_code=204, responses=errors(*GUARDED, 404, *WITH_BODY))
def assign(body: InstructorAssign, actor: Admin, uow: UoW) -> None:
    """Make an instructor responsible for a patient."""
    accounts.assign_instructor(uow, body.patient_email, body.instructor_email)
