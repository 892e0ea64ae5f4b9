"""online extras: the offices' live state and the ticket links it names

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
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
        "online_live",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("generated_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_online_live_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("office_id", name=op.f("pk_online_live")),
    )
    op.create_table(
        "online_tickets",
        sa.Column("token", sa.String(length=16), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.Column("service_name", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_online_tickets_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_online_tickets")),
    )
    op.create_index("ix_online_tickets_office_day", "online_tickets", ["office_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_online_tickets_office_day", table_name="online_tickets")
    op.drop_table("online_tickets")
    op.drop_table("online_live")
