"""initial server schema: offices, enrollment, desks, events, tickets, reference data

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "offices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=13), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offices")),
        sa.UniqueConstraint("code", name=op.f("uq_offices_code")),
    )
    op.create_table(
        "ref_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=13), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_items")),
        sa.UniqueConstraint("scope", "kind", "key", name=op.f("uq_ref_items_scope_kind_key")),
    )
    with op.batch_alter_table("ref_items", schema=None) as batch_op:
        batch_op.create_index("ix_ref_items_version", ["version"], unique=False)

    op.create_table(
        "server_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.String(length=32), nullable=False),
        sa.Column("ref_version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_state")),
    )
    # The one state row: a random epoch makes the reference cursors of another database
    # (a rebuilt or restored server) invalid, so desks refetch everything.
    state = sa.table(
        "server_state",
        sa.column("id", sa.Integer()),
        sa.column("epoch", sa.String()),
        sa.column("ref_version", sa.BigInteger()),
    )
    op.bulk_insert(state, [{"id": 1, "epoch": uuid.uuid4().hex, "ref_version": 0}])
    op.create_table(
        "desks",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("high_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        sa.Column("last_push_at", sa.DateTime(), nullable=True),
        sa.Column("app_version", sa.String(length=32), nullable=True),
        sa.Column("waiting", sa.Integer(), nullable=True),
        sa.Column("unsent", sa.Integer(), nullable=True),
        sa.Column("clock_skew_seconds", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_desks_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desks")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_desks_token_hash")),
    )
    with op.batch_alter_table("desks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_desks_office_id"), ["office_id"], unique=False)

    op.create_table(
        "enrollment_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("desk_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_enrollment_codes_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollment_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_enrollment_codes_code_hash")),
    )
    with op.batch_alter_table("enrollment_codes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enrollment_codes_office_id"), ["office_id"], unique=False
        )

    op.create_table(
        "events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("desk_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("ticket_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("counter_id", sa.BigInteger(), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["desk_id"], ["desks.id"], name=op.f("fk_events_desk_id_desks")),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_events_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_desk_seq", ["desk_id", "seq"], unique=False)
        batch_op.create_index("ix_events_office_ticket", ["office_id", "ticket_id"], unique=False)

    op.create_table(
        "rejected_events",
        sa.Column("desk_id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["desk_id"], ["desks.id"], name=op.f("fk_rejected_events_desk_id_desks")
        ),
        sa.PrimaryKeyConstraint("desk_id", "event_id", name=op.f("pk_rejected_events")),
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("desk_id", sa.String(length=36), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("issued_service_id", sa.BigInteger(), nullable=False),
        sa.Column("prefix", sa.String(length=8), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("service_id", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("priority_reason", sa.String(length=32), nullable=True),
        sa.Column("origin_ticket_id", sa.String(length=36), nullable=True),
        sa.Column("successor_id", sa.String(length=64), nullable=True),
        sa.Column("target_counter_id", sa.BigInteger(), nullable=True),
        sa.Column("counter_id", sa.BigInteger(), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.Column("called_at", sa.DateTime(), nullable=True),
        sa.Column("last_called_at", sa.DateTime(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("call_count", sa.Integer(), nullable=False),
        sa.Column("wait_seconds", sa.BigInteger(), nullable=True),
        sa.Column("walk_seconds", sa.BigInteger(), nullable=True),
        sa.Column("service_seconds", sa.BigInteger(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("outcome_reason", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["desk_id"], ["desks.id"], name=op.f("fk_tickets_desk_id_desks")),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_tickets_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
    )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index("ix_tickets_office_day", ["office_id", "service_day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_office_day")

    op.drop_table("tickets")
    op.drop_table("rejected_events")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_office_ticket")
        batch_op.drop_index("ix_events_desk_seq")

    op.drop_table("events")
    with op.batch_alter_table("enrollment_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrollment_codes_office_id"))

    op.drop_table("enrollment_codes")
    with op.batch_alter_table("desks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desks_office_id"))

    op.drop_table("desks")
    op.drop_table("server_state")
    with op.batch_alter_table("ref_items", schema=None) as batch_op:
        batch_op.drop_index("ix_ref_items_version")

    op.drop_table("ref_items")
    op.drop_table("offices")
