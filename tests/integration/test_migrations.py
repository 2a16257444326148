"""The migrations build an empty database that matches the models, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from spinecoach.store.database import engine_for, schema_revisions
from spinecoach.store.tables import Base


def test_the_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = engine_for(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    current, head = schema_revisions(engine)
    assert current == head is not None
    engine.dispose()


def test_every_model_table_exists_after_migration(database_url: str) -> None:
    from sqlalchemy import inspect

    engine = engine_for(database_url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_the_audit_log_cannot_be_changed_or_emptied(database_url: str) -> None:
    from datetime import UTC, datetime

    import pytest
    from sqlalchemy import delete, update
    from sqlalchemy.exc import DatabaseError as DriverError

    from spinecoach.store.database import open_server_database
    from spinecoach.store.tables import AuditRow
    from spinecoach.store.unit_of_work import UnitOfWork

    uow = UnitOfWork(open_server_database(database_url))
    row = AuditRow(
        at=datetime.now(UTC), actor_id=None, actor_role="anonymous", patient_id=None,
        action="GET /api/v1/me", outcome="denied", status=401, request_id="r1",
    )  # fmt: skip
    with uow:
        uow.audit.append(row)
        uow.commit()
    for statement in (update(AuditRow).values(outcome="allowed"), delete(AuditRow)):
        with uow, pytest.raises(DriverError, match="append-only"):
            uow.audit.session.execute(statement)
            uow.commit()
    with uow:
        assert [r.outcome for r in uow.audit.rows()] == ["denied"]
