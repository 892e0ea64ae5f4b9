"""online extras: messages to citizens per office, day and service (counts only)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "online_message_counts",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("service_prefix", sa.String(length=8), nullable=False),
        sa.Column("service_name", sa.String(length=200), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_online_message_counts_office_id_offices")
        ),
        sa.PrimaryKeyConstraint(
            "office_id", "day", "service_prefix", name=op.f("pk_online_message_counts")
        ),
    )


def downgrade() -> None:
    op.drop_table("online_message_counts")
