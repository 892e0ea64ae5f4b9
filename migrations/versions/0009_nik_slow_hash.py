"""NIK: drop the first four clear digits, re-hash the keyed NIK hashes slowly

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30

Each stored hash (a bare HMAC-SHA256 of the NIK) becomes scrypt over that HMAC
(``loket.core.nikhash``): no NIK and no key are needed to convert it, and the brute
force with the key in hand now costs a memory-hard hash per candidate. ~50 ms a row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from loket.core.nikhash import is_current, upgrade_legacy

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT ticket_id, nik_hash FROM ticket_citizens WHERE nik_hash IS NOT NULL")
    ).all()
    changes = [
        {"ticket_id": ticket_id, "nik_hash": upgrade_legacy(stored)}
        for ticket_id, stored in rows
        if not is_current(stored)
    ]
    if changes:
        conn.execute(
            sa.text("UPDATE ticket_citizens SET nik_hash = :nik_hash WHERE ticket_id = :ticket_id"),
            changes,
        )
    conn.execute(sa.text("UPDATE ticket_citizens SET nik_district = NULL"))


def downgrade() -> None:
    # The slow hashes cannot be turned back into the old HMACs: a downgrade keeps them
    # (an older Loket then no longer finds those citizens by NIK; nothing else changes).
    pass
