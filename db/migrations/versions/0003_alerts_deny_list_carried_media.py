"""alerts, deny list, carried media

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 07:06:58.123310
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "deny_entries",
        sa.Column("site_id", sa.String(length=32), nullable=True),
        sa.Column("name_index", sa.String(length=40), nullable=False),
        sa.Column("company_index", sa.String(length=40), nullable=True),
        sa.Column("reason_enc", sa.LargeBinary(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_deny_entries_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deny_entries")),
    )
    with op.batch_alter_table("deny_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deny_entries_name_index"), ["name_index"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_deny_entries_site_id"), ["site_id"], unique=False)

    op.create_table(
        "alerts",
        sa.Column("site_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("visit_id", sa.String(length=32), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=80), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_alerts_site_id_sites")),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_alerts_visit_id_visits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_alerts_site_id_acknowledged_at", ["site_id", "acknowledged_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_alerts_visit_id"), ["visit_id"], unique=False)

    with op.batch_alter_table("visits", schema=None) as batch_op:
        # Visits recorded before this declaration existed carried nothing declared.
        batch_op.add_column(
            sa.Column("carried_media", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_column("carried_media")

    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alerts_visit_id"))
        batch_op.drop_index("ix_alerts_site_id_acknowledged_at")

    op.drop_table("alerts")
    with op.batch_alter_table("deny_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deny_entries_site_id"))
        batch_op.drop_index(batch_op.f("ix_deny_entries_name_index"))

    op.drop_table("deny_entries")
