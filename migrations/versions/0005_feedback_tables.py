"""satisfaction and follow-ups: one-tap ratings, SKM responses, follow-up closures

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The models these tables mirror; importing them also puts them in ``Base.metadata``.
import loket.store.feedback_models  # noqa: F401

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FOLLOW_UP = "outcome = 'follow_up'"


def upgrade() -> None:
    op.create_table(
        "ticket_ratings",
        sa.Column("ticket_id", sa.String(length=36), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_ratings_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_ticket_ratings")),
    )
    with op.batch_alter_table("ticket_ratings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ticket_ratings_service_day"), ["service_day"], unique=False
        )
    op.create_table(
        "skm_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        *(sa.Column(f"u{i}", sa.Integer(), nullable=False) for i in range(1, 10)),
        sa.Column("age_band", sa.String(length=16), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("education", sa.String(length=16), nullable=True),
        sa.Column("occupation", sa.String(length=24), nullable=True),
        sa.Column("suggestion", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skm_responses")),
    )
    with op.batch_alter_table("skm_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_skm_responses_survey_day"), ["survey_day"], unique=False
        )
    op.create_table(
        "follow_up_closures",
        sa.Column("ticket_id", sa.String(length=36), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_follow_up_closures_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_follow_up_closures")),
    )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tickets_follow_up_due",
            ["due_date"],
            sqlite_where=sa.text(FOLLOW_UP),
            postgresql_where=sa.text(FOLLOW_UP),
        )


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_follow_up_due")
    op.drop_table("follow_up_closures")
    with op.batch_alter_table("skm_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skm_responses_survey_day"))
    op.drop_table("skm_responses")
    with op.batch_alter_table("ticket_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_ratings_service_day"))
    op.drop_table("ticket_ratings")
