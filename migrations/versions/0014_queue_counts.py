"""waiting counts per queue, kept by triggers on tickets

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01

A new ticket's wait estimate read a count that grew with the queue; these rows keep it
(see ``loket.store.queue_models``). Triggers, not the desk's code, keep them, so every
writer of ``tickets`` does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

KEY = "service_id, service_day, transferred, is_priority"


def _add(row: str) -> str:
    return (
        f"INSERT INTO queue_counts ({KEY}, waiting) "
        f"VALUES ({row}.service_id, {row}.service_day, {row}.origin_ticket_id IS NOT NULL, "
        f"{row}.is_priority, 1) "
        f"ON CONFLICT ({KEY}) DO UPDATE SET waiting = waiting + 1;"
    )


def _remove(row: str) -> str:
    match = (
        f"service_id = {row}.service_id AND service_day = {row}.service_day "
        f"AND transferred = ({row}.origin_ticket_id IS NOT NULL) "
        f"AND is_priority = {row}.is_priority"
    )
    return (
        f"UPDATE queue_counts SET waiting = waiting - 1 WHERE {match}; "
        f"DELETE FROM queue_counts WHERE {match} AND waiting <= 0;"
    )


MOVED = "state, service_id, service_day, is_priority, origin_ticket_id"
TRIGGERS = {
    "tr_queue_counts_insert": (
        f"AFTER INSERT ON tickets WHEN NEW.state = 'waiting' BEGIN {_add('NEW')} END"
    ),
    "tr_queue_counts_leave": (
        f"AFTER UPDATE OF {MOVED} ON tickets WHEN OLD.state = 'waiting' BEGIN {_remove('OLD')} END"
    ),
    "tr_queue_counts_enter": (
        f"AFTER UPDATE OF {MOVED} ON tickets WHEN NEW.state = 'waiting' BEGIN {_add('NEW')} END"
    ),
    "tr_queue_counts_delete": (
        f"AFTER DELETE ON tickets WHEN OLD.state = 'waiting' BEGIN {_remove('OLD')} END"
    ),
}


def upgrade() -> None:
    op.create_table(
        "queue_counts",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("transferred", sa.Boolean(), nullable=False),
        sa.Column("is_priority", sa.Boolean(), nullable=False),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "service_id", "service_day", "transferred", "is_priority", name=op.f("pk_queue_counts")
        ),
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(
        f"INSERT INTO queue_counts ({KEY}, waiting) "
        "SELECT service_id, service_day, origin_ticket_id IS NOT NULL, is_priority, count(*) "
        "FROM tickets WHERE state = 'waiting' "
        "GROUP BY service_id, service_day, origin_ticket_id IS NOT NULL, is_priority"
    )


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("queue_counts")
