"""office hub: paired PCs, pairing codes, sessions, idempotent requests

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_pcs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("paired_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_pcs")),
        sa.UniqueConstraint("name", name=op.f("uq_hub_pcs_name")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_hub_pcs_token_hash")),
    )
    op.create_table(
        "hub_pair_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("used_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_pair_codes")),
    )
    op.create_table(
        "hub_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("pc_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_hub_sessions")),
    )
    with op.batch_alter_table("hub_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hub_sessions_pc_id"), ["pc_id"], unique=False)
    op.create_table(
        "hub_requests",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("pc_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=60), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_requests")),
    )
    with op.batch_alter_table("hub_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hub_requests_at"), ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hub_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hub_requests_at"))
    op.drop_table("hub_requests")
    with op.batch_alter_table("hub_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hub_sessions_pc_id"))
    op.drop_table("hub_sessions")
    op.drop_table("hub_pair_codes")
    op.drop_table("hub_pcs")
