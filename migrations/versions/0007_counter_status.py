"""counter status: open, on a break (with a reason) or closed, as an append-only log

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "counter_status_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=100), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["counter_id"],
            ["counters.id"],
            name=op.f("fk_counter_status_log_counter_id_counters"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counter_status_log")),
    )
    with op.batch_alter_table("counter_status_log", schema=None) as batch_op:
        batch_op.create_index(
            "ix_counter_status_log_counter_at", ["counter_id", "at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("counter_status_log", schema=None) as batch_op:
        batch_op.drop_index("ix_counter_status_log_counter_at")
    op.drop_table("counter_status_log")
