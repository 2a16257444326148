"""The app factory: one FastAPI app from one Settings object, nothing at import time."""

import gc

from fastapi import FastAPI

from spinecoach import __version__
from spinecoach.catalog import default_catalog
from spinecoach.domain.catalog import Catalog
from spinecoach.settings import Settings, load_settings
from spinecoach.store.database import open_server_database
from spinecoach.web import audit, csrf, docs, errors, pages
from spinecoach.web.routes import accounts, catalog, patients, programs, records, sessions
from spinecoach.web.routes.exports import router as exports_router
from spinecoach.web.routes.outcomes import router as outcomes_router
from spinecoach.web.routes.posture import router as posture_router

API = "/api/v1"
# Requests using the database at once in one process; below the connection pool (store/database.py).
DB_CONCURRENCY = 16


def create_app(settings: Settings, catalog_: Catalog | None = None) -> FastAPI:
    """Build the server. Refuses insecure settings and a database whose schema is not current."""
    settings.check_can_serve()
    app = FastAPI(
        title="spinecoach",
        version=__version__,
        description="Safe, guided therapeutic gymnastics for a spinal disc hernia and its prevention. "
        "The software does not diagnose and does not replace a doctor.",
        openapi_url=f"{API}/openapi.json",
        docs_url=None,  # served below from the swagger-ui-bundle package: nothing loads from a CDN
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.settings = settings
    app.state.sessions = open_server_database(settings.database_url)
    app.state.catalog = catalog_ or default_catalog()
    # Routes are matched in order: the busiest (session events, then pain and activity records) first.
    for module in (sessions, records, patients, programs, accounts, catalog):
        app.include_router(module.router, prefix=API)
    app.include_router(outcomes_router, prefix=API)
    app.include_router(exports_router, prefix=API)
    app.include_router(posture_router, prefix=API)  # the camera check's WebSocket
    errors.install(app)
    pages.install(app)  # the HTML pages and /static, after the API's error handlers it builds on
    csrf.install(app)  # inside the audit middleware, so that a refused request is audited too
    app.add_middleware(audit.AuditMiddleware, sessions=app.state.sessions, concurrency=DB_CONCURRENCY)
    docs.install(app, API)
    return app


def app_from_environment() -> FastAPI:
    """The factory uvicorn calls in each worker process: settings come from the environment.

    The objects that live as long as the process (modules, the catalog, the FHIR and pydantic
    models: about 175,000) are moved out of the garbage collector's sight once built, so that a
    full collection, which a busy request sets off now and then, does not walk them all again:
    without this every tenth answer of the patient list took about 110 ms longer."""
    app = create_app(load_settings())
    gc.collect()
    gc.freeze()
    return app
