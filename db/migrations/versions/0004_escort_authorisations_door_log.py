"""escort authorisations, door log

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 08:09:45.385031
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "escort_authorisations",
        sa.Column("employee_id", sa.String(length=32), nullable=False),
        sa.Column("zone_id", sa.String(length=32), nullable=False),
        sa.Column("granted_by", sa.String(length=80), nullable=False),
        sa.Column("granted_at", db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=80), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_escort_authorisations_employee_id_employees"),
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["zones.id"], name=op.f("fk_escort_authorisations_zone_id_zones")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escort_authorisations")),
    )
    with op.batch_alter_table("escort_authorisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_escort_authorisations_employee_id"), ["employee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_escort_authorisations_zone_id"), ["zone_id"], unique=False
        )
        batch_op.create_index(
            "uq_escort_authorisations_active",
            ["employee_id", "zone_id"],
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        )

    op.create_table(
        "door_events",
        sa.Column("site_id", sa.String(length=32), nullable=False),
        sa.Column("zone_id", sa.String(length=32), nullable=False),
        sa.Column("visit_id", sa.String(length=32), nullable=True),
        sa.Column("escort_employee_id", sa.String(length=32), nullable=True),
        sa.Column("guard", sa.String(length=80), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("at", db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["escort_employee_id"],
            ["employees.id"],
            name=op.f("fk_door_events_escort_employee_id_employees"),
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_door_events_site_id_sites")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_door_events_visit_id_visits")
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["zones.id"], name=op.f("fk_door_events_zone_id_zones")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_door_events")),
    )
    with op.batch_alter_table("door_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_door_events_site_id"), ["site_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_door_events_visit_id"), ["visit_id"], unique=False)
        batch_op.create_index("ix_door_events_zone_id_at", ["zone_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("door_events", schema=None) as batch_op:
        batch_op.drop_index("ix_door_events_zone_id_at")
        batch_op.drop_index(batch_op.f("ix_door_events_visit_id"))
        batch_op.drop_index(batch_op.f("ix_door_events_site_id"))

    op.drop_table("door_events")
    with op.batch_alter_table("escort_authorisations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_escort_authorisations_active",
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_escort_authorisations_zone_id"))
        batch_op.drop_index(batch_op.f("ix_escort_authorisations_employee_id"))

    op.drop_table("escort_authorisations")
