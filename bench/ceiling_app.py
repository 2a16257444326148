"""The ceiling: a bare FastAPI app of the same framework whose one route does one durable insert of a
small row into its own table (no login, no audit), served by uvicorn as `spinecoach serve` does, and
a `/noop` route that does nothing."""

import os
from datetime import UTC, datetime

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Column, Engine, Float, Integer, MetaData, String, Table, insert

from spinecoach.store.database import engine_for
from spinecoach.store.tables import UTCDateTime

CEILING_METADATA = MetaData()
CEILING_TABLE = Table(
    "bench_ceiling_events",
    CEILING_METADATA,
    Column("id", Integer, primary_key=True),
    Column("client_id", String(64)),
    Column("kind", String(40)),
    Column("occurred_at", UTCDateTime()),
    Column("plan_seconds", Float),
)


def prepare_ceiling_database(url: str) -> None:
    engine = engine_for(url)  # the same pragmas (SQLite: WAL, synchronous=FULL) as the server's
    try:
        CEILING_METADATA.create_all(engine)
    finally:
        engine.dispose()


def ceiling_insert(engine: Engine, client_id: str, kind: str, plan_seconds: float) -> None:
    """The ceiling's whole job: one small row in one committed transaction."""
    with engine.begin() as conn:
        conn.execute(
            insert(CEILING_TABLE).values(
                client_id=client_id, kind=kind, plan_seconds=plan_seconds, occurred_at=datetime.now(UTC)
            )
        )


class CeilingEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    client_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")
    kind: str = Field(min_length=1, max_length=40)
    plan_seconds: float = Field(ge=0, le=24 * 3600)


def ceiling_app_from_environment() -> FastAPI:
    """The factory uvicorn calls in each worker: BENCH_CEILING_DATABASE_URL names the database."""
    engine = engine_for(os.environ["BENCH_CEILING_DATABASE_URL"])
    app = FastAPI(title="ceiling")

    @app.post("/events", status_code=201)
    def post_event(body: CeilingEvent) -> dict[str, bool]:
        ceiling_insert(engine, body.client_id, body.kind, body.plan_seconds)
        return {"stored": True}

    @app.post("/noop", status_code=201)
    def noop(body: CeilingEvent) -> dict[str, bool]:
        return {"stored": False}

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def serve_ceiling(port: int, workers: int) -> None:
    import uvicorn

    # The same uvicorn options as `spinecoach serve` (access log at info level included).
    uvicorn.run(
        "ceiling_app:ceiling_app_from_environment",
        factory=True,
        host="127.0.0.1",
        port=port,
        workers=workers,
        log_level="info",
    )
