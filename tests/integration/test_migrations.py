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
