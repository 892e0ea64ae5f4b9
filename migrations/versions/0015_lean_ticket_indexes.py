"""lean ticket indexes: a new ticket touches two fewer, a counter's held ticket is a seek

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01

Issue 14 (the write path). ``ix_tickets_day_calls`` and ``ix_tickets_day_last_call`` held
an entry for every ticket, but every statement that reads them asks for a call time
(``called_at > …``, ``last_called_at >= …``): they now hold only tickets called at least
once, so issuing a number writes two index entries (and WAL pages) fewer; the second
also carries the counter, so the estimate's "counters that called lately" reads no
ticket row. The counter's
"ticket I am calling or serving" read scanned the whole table once SQLite's statistics
said ``state`` had few values (752 µs with 10,000 waiting, in every call-next): a partial
index on the held tickets, never more than a few rows, answers it with one seek.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

HELD = "state IN ('called', 'serving')"


def _partial(where: str) -> dict[str, object]:
    return {"sqlite_where": sa.text(where), "postgresql_where": sa.text(where)}


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_day_calls")
        batch_op.drop_index("ix_tickets_day_last_call")
        batch_op.create_index(
            "ix_tickets_day_calls",
            ["service_day", "is_priority", "called_at"],
            **_partial("called_at IS NOT NULL"),
        )
        batch_op.create_index(
            "ix_tickets_day_last_call",
            ["service_day", "last_called_at", "counter_id"],
            **_partial("last_called_at IS NOT NULL"),
        )
        batch_op.create_index("ix_tickets_held", ["counter_id", "last_called_at"], **_partial(HELD))


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_held")
        batch_op.drop_index("ix_tickets_day_last_call")
        batch_op.drop_index("ix_tickets_day_calls")
        batch_op.create_index("ix_tickets_day_calls", ["service_day", "is_priority", "called_at"])
        batch_op.create_index("ix_tickets_day_last_call", ["service_day", "last_called_at"])
