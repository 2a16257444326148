"""sessions: the seconds the camera posture check watched, and of those, the seconds in a correct posture

Both NULL when the camera was not used in the session.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("posture_observed_s", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("posture_correct_s", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("posture_correct_s")
        batch_op.drop_column("posture_observed_s")
