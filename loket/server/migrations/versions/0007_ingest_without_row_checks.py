"""ingest tables without per-row foreign keys, events without the unused (desk, seq) index

Why (issue 14): PostgreSQL checks each foreign key with a trigger per inserted row (an
index probe and a row lock on ``offices``/``desks``); for a desk's 50,000-event backlog
that was half of the database's CPU (0.7 of 1.4 s for the events' COPY). Only ingest
writes ``events`` and ``tickets``, under the lock of the desk row whose ids it writes,
and desks and offices are never deleted, so those checks could never fail.
``ix_events_desk_seq`` served no query (a desk's mark is ``desks.high_seq``) and cost
another ~0.15 s of index maintenance per 50,000 events.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_FOREIGN_KEYS = (
    ("events", "fk_events_office_id_offices", "offices", "office_id"),
    ("events", "fk_events_desk_id_desks", "desks", "desk_id"),
    ("tickets", "fk_tickets_office_id_offices", "offices", "office_id"),
    ("tickets", "fk_tickets_desk_id_desks", "desks", "desk_id"),
)


def upgrade() -> None:
    for table in ("events", "tickets"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for owner, name, _target, _column in _FOREIGN_KEYS:
                if owner == table:
                    batch_op.drop_constraint(name, type_="foreignkey")
            if table == "events":
                batch_op.drop_index("ix_events_desk_seq")


def downgrade() -> None:
    for table in ("events", "tickets"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "events":
                batch_op.create_index("ix_events_desk_seq", ["desk_id", "seq"], unique=False)
            for owner, name, target, column in _FOREIGN_KEYS:
                if owner == table:
                    batch_op.create_foreign_key(name, target, [column], ["id"])
