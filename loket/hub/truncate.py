"""A replica that follows a new hub sets aside, then drops, what that hub never had.

A take-over opens a new term from the promoted replica's last event: a replica of the old
hub may hold later events (and a replica that followed a hub the new one never heard of
holds a whole other branch). They are listed aside in this PC's folder (like a replaced
hub's, ``loket hub aside``), dropped from where the two lineages part, and the tickets
they touched are projected again from the events that remain.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from loket.core.tickets import Ticket, apply
from loket.hub.aside_list import entries_after, replica_record
from loket.hub.epoch import shared_upto
from loket.hub.wire_rows import table as _table
from loket.store.models import EventRow, Office, TicketRow
from loket.store.projection import event_from_row, save_ticket
from loket.store.takeover_models import HubEpoch

log = logging.getLogger(__name__)


def drop_after_new_epochs(
    s: Session,
    epochs: list[dict[str, Any]],
    feedback_tables: tuple[str, ...],
    data_dir: Path | None = None,
) -> int:
    """A take-over this replica has not seen yet: drop what the new hub never had.

    From where the two lineages part (``epoch.shared_upto``), not from the new hub's
    start alone: this replica may have followed a hub the new one never heard of. What is
    dropped is set aside first, in ``data_dir`` (``aside_list``): this replica may be the
    last PC holding it (the old hub's disk died), and nothing is lost silently."""
    mine = [(r.epoch, r.start_seq, r.fingerprint)
            for r in s.scalars(select(HubEpoch).order_by(HubEpoch.epoch))]  # fmt: skip
    theirs = sorted((int(e["epoch"]), int(e["start_seq"]), str(e["fingerprint"])) for e in epochs)
    cut = shared_upto(mine, theirs) if mine else None
    if cut is None:
        return 0
    if s.scalar(select(func.count()).where(EventRow.seq > cut)):
        if data_dir is not None:
            newest = max(epochs, key=lambda e: int(e["epoch"]))
            folder = replica_record(data_dir, entries_after(s, cut), mine[-1][0],
                                    int(newest["epoch"]), str(newest.get("pc_name") or ""),
                                    cut)  # fmt: skip
            log.warning("a new hub: this replica's events after %d set aside in %s", cut, folder)
        # The new hub numbered its own satisfaction rows from its replica's mark: this
        # replica's may be ahead of it or name tickets dropped here (deleted first, for
        # the foreign keys). The next fetches bring them all again from the new hub.
        for name in feedback_tables:
            s.execute(delete(_table(name)))
    return drop_events_after(s, cut)


def drop_events_after(s: Session, cut: int) -> int:
    """Remove events after ``cut`` and project their tickets again from what is left."""
    rows = s.scalars(select(EventRow).where(EventRow.seq > cut)).all()
    if not rows:
        return 0
    tickets = {r.ticket_id for r in rows}
    s.execute(delete(EventRow).where(EventRow.seq > cut))
    office_id = s.scalar(select(Office.id).limit(1))
    for ticket_id in tickets:
        remaining = s.scalars(
            select(EventRow).where(EventRow.ticket_id == ticket_id).order_by(EventRow.seq)
        ).all()
        s.execute(delete(TicketRow).where(TicketRow.id == ticket_id))
        s.flush()
        ticket: Ticket | None = None
        for row in remaining:
            ticket = apply(ticket, event_from_row(row))
        if ticket is not None and office_id is not None:
            save_ticket(s, ticket, int(office_id), new=True)
    s.flush()
    return len(rows)
