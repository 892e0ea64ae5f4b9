"""the offices' ratings, SKM answers and follow-up hand-overs; the city's settings

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _owner_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("desk_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
    ]


def _owner_keys(table: str) -> list[sa.ForeignKeyConstraint]:
    return [
        sa.ForeignKeyConstraint(["desk_id"], ["desks.id"], name=op.f(f"fk_{table}_desk_id_desks")),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f(f"fk_{table}_office_id_offices")
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "desk_feedback_marks",
        sa.Column("desk_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["desk_id"], ["desks.id"], name=op.f("fk_desk_feedback_marks_desk_id_desks")
        ),
        sa.PrimaryKeyConstraint("desk_id", name=op.f("pk_desk_feedback_marks")),
    )
    op.create_table(
        "ratings",
        sa.Column("ticket_id", sa.String(length=64), nullable=False),
        *_owner_columns(),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("service_id", sa.BigInteger(), nullable=True),
        sa.Column("counter_id", sa.BigInteger(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        *_owner_keys("ratings"),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_ratings")),
    )
    op.create_index("ix_ratings_office_day", "ratings", ["office_id", "service_day"])
    op.create_table(
        "skm_responses",
        sa.Column("id", sa.String(length=64), nullable=False),
        *_owner_columns(),
        sa.Column("survey_day", sa.Date(), nullable=False),
        sa.Column("service_id", sa.BigInteger(), nullable=True),
        *(sa.Column(f"u{i}", sa.Integer(), nullable=False) for i in range(1, 10)),
        sa.Column("age_band", sa.String(length=16), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("education", sa.String(length=16), nullable=True),
        sa.Column("occupation", sa.String(length=24), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        *_owner_keys("skm_responses"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skm_responses")),
    )
    op.create_index("ix_skm_responses_office_day", "skm_responses", ["office_id", "survey_day"])
    op.create_table(
        "follow_up_closures",
        sa.Column("ticket_id", sa.String(length=64), nullable=False),
        *_owner_columns(),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        *_owner_keys("follow_up_closures"),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_follow_up_closures")),
    )
    op.create_index(op.f("ix_follow_up_closures_office_id"), "follow_up_closures", ["office_id"])
    op.create_table(
        "city_settings",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_city_settings")),
    )


def downgrade() -> None:
    op.drop_table("city_settings")
    op.drop_index(op.f("ix_follow_up_closures_office_id"), table_name="follow_up_closures")
    op.drop_table("follow_up_closures")
    op.drop_index("ix_skm_responses_office_day", table_name="skm_responses")
    op.drop_table("skm_responses")
    op.drop_index("ix_ratings_office_day", table_name="ratings")
    op.drop_table("ratings")
    op.drop_table("desk_feedback_marks")
