"""the office's letterhead (kop surat) and signatories

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TEXT_COLUMNS = (
    ("government", ""),
    ("district", ""),
    ("office", ""),
    ("address", ""),
    ("phone", ""),
    ("email", ""),
    ("place", ""),
    ("head_title", "Lurah"),
    ("head_name", ""),
    ("head_nip", ""),
    ("officer_title", "Kasi Pelayanan"),
    ("officer_name", ""),
    ("officer_nip", ""),
)


def upgrade() -> None:
    op.create_table(
        "office_letterheads",
        sa.Column("office_id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.String(length=200), nullable=False) for name, _ in TEXT_COLUMNS),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["offices.id"],
            name=op.f("fk_office_letterheads_office_id_offices"),
        ),
        sa.PrimaryKeyConstraint("office_id", name=op.f("pk_office_letterheads")),
    )


def downgrade() -> None:
    op.drop_table("office_letterheads")
