"""Dependencies: the unit of work, who is asking, and the one guard each route declares."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from spinecoach.domain.accounts import Actor, PatientRef
from spinecoach.domain.catalog import Catalog
from spinecoach.services import accounts
from spinecoach.services.tokens import token_hash
from spinecoach.settings import Settings
from spinecoach.store.unit_of_work import UnitOfWork

COOKIE = "spinecoach_session"
# Ids are 32-bit in PostgreSQL's integer columns: a larger one is bad input, not a database error.
MAX_ID = 2**31 - 1
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]


def now() -> datetime:
    return datetime.now(UTC)


def get_uow(request: Request) -> UnitOfWork:
    return UnitOfWork(request.app.state.sessions)


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_catalog(request: Request) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


UoW = Annotated[UnitOfWork, Depends(get_uow)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]


def presented_token(request: Request) -> str | None:
    """The login token from the cookie, or from an `Authorization: Bearer` header for scripts."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(COOKIE)


# Declared so that the OpenAPI document names the scheme (the docs page gets an Authorize button);
# the token itself is read by presented_token, which also accepts the login cookie.
BEARER = HTTPBearer(auto_error=False, description="the token from POST /api/v1/auth/login")


def optional_actor(
    request: Request,
    uow: UoW,
    settings: SettingsDep,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)] = None,
) -> Actor | None:
    token = presented_token(request)
    actor = (
        None
        if token is None
        else accounts.actor_for(uow, token_hash(settings.effective_secret, token), now())
    )
    request.state.actor = actor
    return actor


def require_actor(request: Request, actor: Annotated[Actor | None, Depends(optional_actor)]) -> Actor:
    if actor is None:
        raise HTTPException(401, "log in first (POST /api/v1/auth/login)", {"WWW-Authenticate": "Bearer"})
    return actor


CurrentActor = Annotated[Actor, Depends(require_actor)]


@dataclass(frozen=True)
class PatientAccess:
    actor: Actor
    patient: PatientRef


PatientRule = Callable[[Actor, PatientRef], bool]
ActorRule = Callable[[Actor], bool]


def patient_guard(rule: PatientRule) -> Callable[..., PatientAccess]:
    """A guard for routes on one patient's records: the rule decides, the audit records it."""

    def guard(request: Request, actor: CurrentActor, uow: UoW, patient_id: IdPath) -> PatientAccess:
        request.state.audit_patient = patient_id
        patient = accounts.patient_ref(uow, patient_id)
        # the same answer whether the patient does not exist or is someone else's: ids reveal nothing
        if patient is None or not rule(actor, patient):
            raise HTTPException(403, "you may not do this for this patient (or there is no such patient)")
        return PatientAccess(actor, patient)

    guard.rule = rule  # type: ignore[attr-defined]  # read by the access-matrix test
    return guard


def actor_guard(rule: ActorRule) -> Callable[..., Actor]:
    """A guard for routes that concern no single patient (accounts, the alert inbox)."""

    def guard(actor: CurrentActor) -> Actor:
        if not rule(actor):
            raise HTTPException(403, "your role may not do this")
        return actor

    guard.rule = rule  # type: ignore[attr-defined]
    return guard


def public() -> None:
    """The guard of routes anyone may call (the catalog, health, login)."""
