"""optional citizen data per ticket (name, phone, keyed NIK hash + last four digits)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ticket_citizens",
        sa.Column("ticket_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("nik_hash", sa.String(length=64), nullable=True),
        sa.Column("nik_district", sa.String(length=4), nullable=True),
        sa.Column("nik_last4", sa.String(length=4), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_citizens_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_ticket_citizens")),
    )
    with op.batch_alter_table("ticket_citizens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ticket_citizens_nik_hash"), ["nik_hash"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ticket_citizens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_citizens_nik_hash"))
    op.drop_table("ticket_citizens")
