"""sync tables: enrollment state, dead letters, city announcements and holidays

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The models these tables mirror; importing them also puts them in ``Base.metadata``
# for the schema-vs-models comparison, whoever imports the models first.
import loket.store.sync_models  # noqa: F401

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_url", sa.String(length=500), nullable=False),
        sa.Column("desk_id", sa.String(length=36), nullable=False),
        sa.Column("token", sa.String(length=200), nullable=False),
        sa.Column("office_code", sa.String(length=13), nullable=False),
        sa.Column("ca_bundle", sa.String(length=1000), nullable=True),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("needs_enroll", sa.Boolean(), nullable=False),
        sa.Column("ref_cursor", sa.String(length=200), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_contact_at", sa.DateTime(), nullable=True),
        sa.Column("last_good_sync_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("clock_skew_seconds", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "sync_dead_letters",
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rejected_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("event_seq", name=op.f("pk_sync_dead_letters")),
    )
    op.create_table(
        "sync_announcements",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=True),
        sa.Column("ends_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_announcements")),
    )
    op.create_table(
        "sync_holidays",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_sync_holidays")),
    )


def downgrade() -> None:
    op.drop_table("sync_holidays")
    op.drop_table("sync_announcements")
    op.drop_table("sync_dead_letters")
    op.drop_table("sync_state")
