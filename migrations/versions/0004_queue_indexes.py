"""queue indexes: a busy day's calls, transfers and estimates without scanning the day

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

WAITING_TRANSFERS = "state = 'waiting' AND origin_ticket_id IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_service_day")
        batch_op.create_index(
            "ix_tickets_day_service", ["service_day", "service_id", "state", "ended_at"]
        )
        batch_op.create_index("ix_tickets_day_calls", ["service_day", "is_priority", "called_at"])
        batch_op.create_index("ix_tickets_day_last_call", ["service_day", "last_called_at"])
        batch_op.create_index(
            "ix_tickets_waiting_transfers",
            ["service_id", "queued_at"],
            sqlite_where=sa.text(WAITING_TRANSFERS),
            postgresql_where=sa.text(WAITING_TRANSFERS),
        )


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_waiting_transfers")
        batch_op.drop_index("ix_tickets_day_last_call")
        batch_op.drop_index("ix_tickets_day_calls")
        batch_op.drop_index("ix_tickets_day_service")
        batch_op.create_index("ix_tickets_service_day", ["service_day", "service_id"])
