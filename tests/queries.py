"""Reads only tests need: what a use case stored, looked at directly in the database."""

from __future__ import annotations

from loket.store.database import Database
from loket.store.feedback_models import RatingRow


def rating_for(db: Database, ticket_id: str) -> int | None:
    """The citizen's one-tap score of a ticket, None when not rated."""
    with db.read() as s:
        row = s.get(RatingRow, ticket_id)
        return None if row is None else int(row.score)
