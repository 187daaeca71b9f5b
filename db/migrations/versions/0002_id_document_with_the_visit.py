"""id document with the visit

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 06:50:08.665184
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The ID minimum belongs to the visit it was shown at; nothing was stored in visitors yet.
    with op.batch_alter_table("visitors", schema=None) as batch_op:
        batch_op.drop_column("id_document_enc")

    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("id_document_enc", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_column("id_document_enc")

    with op.batch_alter_table("visitors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("id_document_enc", sa.LargeBinary(), nullable=True))
