"""roster and door log indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 10:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_kind_created_at", ["kind", "created_at"], unique=False)

    with op.batch_alter_table("door_events", schema=None) as batch_op:
        batch_op.create_index("ix_door_events_site_id_at", ["site_id", "at"], unique=False)
        batch_op.create_index(
            "ix_door_events_visit_id_zone_id_at", ["visit_id", "zone_id", "at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("door_events", schema=None) as batch_op:
        batch_op.drop_index("ix_door_events_visit_id_zone_id_at")
        batch_op.drop_index("ix_door_events_site_id_at")

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_kind_created_at")
