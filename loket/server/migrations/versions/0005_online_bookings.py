"""online extras: bookable sessions, bookings and the city's booking signing key

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "online_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("private_raw", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_online_keys")),
    )
    op.create_table(
        "online_session_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("service_prefix", sa.String(length=8), nullable=False),
        sa.Column("service_name", sa.String(length=200), nullable=False),
        sa.Column("weekdays", sa.String(length=7), nullable=False),
        sa.Column("start", sa.String(length=5), nullable=False),
        sa.Column("end", sa.String(length=5), nullable=False),
        sa.Column("quota", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_online_session_rules_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_online_session_rules")),
    )
    op.create_index(
        op.f("ix_online_session_rules_office_id"), "online_session_rules", ["office_id"]
    )
    op.create_table(
        "online_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("service_prefix", sa.String(length=8), nullable=False),
        sa.Column("service_name", sa.String(length=200), nullable=False),
        sa.Column("start", sa.String(length=5), nullable=False),
        sa.Column("end", sa.String(length=5), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("nik_last4", sa.String(length=4), nullable=True),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("checked_in_at", sa.DateTime(), nullable=True),
        sa.Column("ticket_label", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_online_bookings_office_id_offices")
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["online_session_rules.id"],
            name=op.f("fk_online_bookings_rule_id_online_session_rules"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_online_bookings")),
        sa.UniqueConstraint("code", name=op.f("uq_online_bookings_code")),
    )
    op.create_index("ix_online_bookings_rule_day", "online_bookings", ["rule_id", "day"])
    op.create_index("ix_online_bookings_office_day", "online_bookings", ["office_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_online_bookings_office_day", table_name="online_bookings")
    op.drop_index("ix_online_bookings_rule_day", table_name="online_bookings")
    op.drop_table("online_bookings")
    op.drop_index(op.f("ix_online_session_rules_office_id"), table_name="online_session_rules")
    op.drop_table("online_session_rules")
    op.drop_table("online_keys")
