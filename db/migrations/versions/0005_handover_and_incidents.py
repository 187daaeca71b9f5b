"""handover and incidents

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 08:50:18.766556
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handovers",
        sa.Column("site_id", sa.String(length=32), nullable=False),
        sa.Column("outgoing", sa.String(length=80), nullable=False),
        sa.Column("incoming", sa.String(length=64), nullable=True),
        sa.Column("at", db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("open_items_enc", sa.LargeBinary(), nullable=True),
        sa.Column("keys_enc", sa.LargeBinary(), nullable=True),
        sa.Column("notes_enc", sa.LargeBinary(), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_handovers_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handovers")),
    )
    with op.batch_alter_table("handovers", schema=None) as batch_op:
        batch_op.create_index("ix_handovers_site_id_at", ["site_id", "at"], unique=False)

    op.create_table(
        "incidents",
        sa.Column("site_id", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("place_enc", sa.LargeBinary(), nullable=True),
        sa.Column("description_enc", sa.LargeBinary(), nullable=False),
        sa.Column("people_involved_enc", sa.LargeBinary(), nullable=True),
        sa.Column("reported_by", sa.String(length=80), nullable=False),
        sa.Column("reported_at", db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_incidents_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incidents_site_id_occurred_at", ["site_id", "occurred_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_site_id_occurred_at")

    op.drop_table("incidents")
    with op.batch_alter_table("handovers", schema=None) as batch_op:
        batch_op.drop_index("ix_handovers_site_id_at")

    op.drop_table("handovers")
