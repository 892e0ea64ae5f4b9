"""ratings, SKM answers and follow-up hand-overs get an outbox sequence (sync to the city)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TABLES = (
    ("ticket_ratings", "ticket_id"),
    ("skm_responses", "id"),
    ("follow_up_closures", "ticket_id"),
)


def upgrade() -> None:
    for table, _key in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("sync_seq", sa.Integer(), nullable=True))
            if table == "skm_responses":
                batch_op.add_column(sa.Column("uid", sa.String(length=36), nullable=True))
            batch_op.create_index(batch_op.f(f"ix_{table}_sync_seq"), ["sync_seq"], unique=False)
    # What the office collected before this version goes to the city too: number it.
    conn = op.get_bind()
    seq = 0
    for table, key in TABLES:
        keys = [
            row[0] for row in conn.execute(sa.text(f"SELECT {key} FROM {table} ORDER BY {key}"))
        ]
        params = []
        for value in keys:
            seq += 1
            params.append({"seq": seq, "key": value, "uid": str(uuid.uuid4())})
        if not params:
            continue
        extra = ", uid = :uid" if table == "skm_responses" else ""
        conn.execute(
            sa.text(f"UPDATE {table} SET sync_seq = :seq{extra} WHERE {key} = :key"), params
        )


def downgrade() -> None:
    for table, _key in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_sync_seq"))
            if table == "skm_responses":
                batch_op.drop_column("uid")
            batch_op.drop_column("sync_seq")
