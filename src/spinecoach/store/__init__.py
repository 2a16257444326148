"""Persistence: SQLAlchemy tables, the unit of work and Alembic migrations."""
