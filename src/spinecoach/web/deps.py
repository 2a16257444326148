"""Dependencies: the unit of work, who is asking, and the one guard each route declares."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from spinecoach.domain.accounts import Actor, PatientRef
from spinecoach.domain.catalog import Catalog
from spinecoach.services import accounts
from spinecoach.settings import Settings
from spinecoach.store.unit_of_work import UnitOfWork
from spinecoach.web.audit import concerns_patient
from spinecoach.web.login import login_hash

# Ids are 32-bit in PostgreSQL's integer columns: a larger one is bad input, not a database error.
MAX_ID = 2**31 - 1
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]


def now() -> datetime:
    return datetime.now(UTC)


# Dependencies that do no I/O are async: FastAPI runs them on the event loop, where a sync one
# would cost a hop to the thread pool. Those that query the database stay sync.


async def get_uow(request: Request) -> UnitOfWork:
    """The request's unit of work (one session for the whole request, see web/audit.py)."""
    uow: UnitOfWork = request.state.uow
    return uow


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_catalog(request: Request) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


UoW = Annotated[UnitOfWork, Depends(get_uow)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]


# Declared so that the OpenAPI document names the scheme (the docs page gets an Authorize button);
# the token itself is read by web/login.py, which also accepts the login cookie.
BEARER = HTTPBearer(auto_error=False, description="the token from POST /api/v1/auth/login")
Bearer = Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)]


def optional_actor(request: Request, uow: UoW, _bearer: Bearer = None) -> Actor | None:
    """Who presented this request's token (None: no token, or not a current login). Once per request."""
    if "actor" not in request.scope.setdefault("state", {}):
        hashed = login_hash(request)
        request.state.actor = None if hashed is None else accounts.actor_for(uow, hashed, now())
    actor: Actor | None = request.state.actor
    return actor


def _must_log_in(actor: Actor | None) -> Actor:
    if actor is None:
        raise HTTPException(401, "log in first (POST /api/v1/auth/login)", {"WWW-Authenticate": "Bearer"})
    return actor


async def require_actor(actor: Annotated[Actor | None, Depends(optional_actor)]) -> Actor:
    return _must_log_in(actor)


CurrentActor = Annotated[Actor, Depends(require_actor)]


@dataclass(frozen=True)
class PatientAccess:
    actor: Actor
    patient: PatientRef


PatientRule = Callable[[Actor, PatientRef], bool]
ActorRule = Callable[[Actor], bool]


def patient_guard(rule: PatientRule) -> Callable[..., PatientAccess]:
    """A guard for routes on one patient's records: the rule decides, the audit records it."""

    def guard(request: Request, patient_id: IdPath, _bearer: Bearer = None) -> PatientAccess:
        # Runs on every patient route, the event posts among them: who is asking and whose records
        # are read in one statement, and the unit of work and settings come straight off the request.
        state = request.scope.setdefault("state", {})
        uow: UnitOfWork = state["uow"]
        if "actor" in state:  # a page has already asked who this is
            actor = _must_log_in(state["actor"])
            patient = accounts.patient_ref(uow, patient_id)
        else:
            hashed = login_hash(request)
            found, patient = (None, None)
            if hashed is not None:
                found, patient = accounts.actor_and_patient(uow, hashed, patient_id, now())
            state["actor"] = found
            actor = _must_log_in(found)
        concerns_patient(request.scope, patient_id)
        # the same answer whether the patient does not exist or is someone else's: ids reveal nothing
        if patient is None or not rule(actor, patient):
            raise HTTPException(403, "you may not do this for this patient (or there is no such patient)")
        return PatientAccess(actor, patient)

    guard.rule = rule  # type: ignore[attr-defined]  # read by the access-matrix test
    return guard


def actor_guard(rule: ActorRule) -> Callable[..., Awaitable[Actor]]:
    """A guard for routes that concern no single patient (accounts, the alert inbox)."""

    async def guard(actor: CurrentActor) -> Actor:
        if not rule(actor):
            raise HTTPException(403, "your role may not do this")
        return actor

    guard.rule = rule  # type: ignore[attr-defined]
    return guard


def public() -> None:
    """The guard of routes anyone may call (the catalog, health, login)."""
