"""The desk's outbox: unsent events in sequence order, and what an answer acknowledges.

``ticket_events.sent_at`` is NULL until the server's answer covers the event. Since
every desk write takes the SQLite write lock up front, events commit in ``seq`` order:
an event committed later never has a lower ``seq`` than one already read here, so the
unsent events with ``seq`` between a batch's first and last are exactly that batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from loket.core.tickets import TicketState
from loket.store.database import Database
from loket.store.models import EventRow, TicketRow
from loket.store.sync_models import DeadLetter
from loket.sync.schemas import EventIn, ItemStatus, PushResponse


@dataclass(frozen=True)
class Batch:
    after_seq: int  # the desk's event just before the first one (0: none)
    events: list[EventIn]

    @property
    def first(self) -> int:
        return self.events[0].seq

    @property
    def last(self) -> int:
        return self.events[-1].seq


@dataclass(frozen=True)
class Ack:
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    marked: int = 0  # events now marked sent


class BadAnswer(ValueError):
    """The server's answer does not match the batch sent (a proxy mixing answers?)."""


def next_batch(db: Database, size: int, upto: int | None = None) -> Batch | None:
    """The oldest ``size`` unsent events, as they are stored.

    ``upto``: send nothing after this sequence number (an office hub sends only what
    its replicas hold, so an event a take-over sets aside never reaches the city).
    """
    with db.read() as s:
        # Plain rows, not ORM objects: a backlog is read 500 at a time, tens of times.
        query = select(EventRow.__table__).where(EventRow.sent_at.is_(None))
        if upto is not None:
            query = query.where(EventRow.seq <= upto)
        rows = s.execute(query.order_by(EventRow.seq).limit(size)).all()
        if not rows:
            return None
        before = s.scalar(select(func.max(EventRow.seq)).where(EventRow.seq < rows[0].seq))
    return Batch(after_seq=int(before or 0), events=[_envelope(row) for row in rows])


def _envelope(row: Any) -> EventIn:
    """The wire form straight from the row, never failing.

    Not through the core event: a row the core cannot read (a damaged or newer-version
    row) must still go to the server, which files it as rejected and so keeps the
    sequence unbroken; dropping it here would leave a gap the server waits for.
    """
    data = row.data if isinstance(row.data, dict) else {"value": row.data}
    at = row.at.isoformat() if isinstance(row.at, datetime) else str(row.at)
    return EventIn(
        seq=row.seq,
        id=str(row.id)[:64],
        ticket_id=str(row.ticket_id)[:64],
        kind=str(row.kind)[:32],
        at=at[:64],
        counter_id=row.counter_id if isinstance(row.counter_id, int) else None,
        user_id=row.user_id if isinstance(row.user_id, int) else None,
        data=data,
    )


def acknowledge(db: Database, batch: Batch, answer: PushResponse, now: datetime) -> Ack:
    """Mark the batch's answered events sent (up to ``highest_seq``); file the rejected."""
    results = {r.seq: r for r in answer.results}
    if [e.seq for e in batch.events] != [r.seq for r in answer.results] or any(
        results[e.seq].id != e.id for e in batch.events
    ):
        raise BadAnswer("the answer's items do not match the batch")
    upto = min(batch.last, answer.highest_seq)
    counts = {status: 0 for status in ItemStatus}
    with db.write() as s:
        for item in batch.events:
            if item.seq > upto:
                break
            result = results[item.seq]
            counts[result.status] += 1
            if result.status is ItemStatus.REJECTED:
                _file_dead_letter(s, item, result.reason or "ditolak server", now)
        marked = 0
        if upto >= batch.first:
            marked = s.execute(
                update(EventRow)
                .where(EventRow.seq.between(batch.first, upto), EventRow.sent_at.is_(None))
                .values(sent_at=now)
            ).rowcount  # type: ignore[attr-defined]
    return Ack(
        accepted=counts[ItemStatus.ACCEPTED],
        duplicates=counts[ItemStatus.DUPLICATE],
        rejected=counts[ItemStatus.REJECTED],
        marked=int(marked),
    )


def _file_dead_letter(s: Session, item: EventIn, reason: str, now: datetime) -> None:
    row = s.get(DeadLetter, item.seq)
    if row is None:
        s.add(DeadLetter(event_seq=item.seq, event_id=item.id, reason=reason, rejected_at=now))
    else:
        row.event_id, row.reason, row.rejected_at = item.id, reason, now


def resend_after(db: Database, highest_seq: int) -> int:
    """The server holds nothing after ``highest_seq`` (it lost data or the desk was
    re-enrolled): mark later events unsent so they go again. Returns how many."""
    with db.write() as s:
        count = s.execute(
            update(EventRow)
            .where(EventRow.seq > highest_seq, EventRow.sent_at.is_not(None))
            .values(sent_at=None)
        ).rowcount  # type: ignore[attr-defined]
    return int(count)


def unsent_count(s: Session) -> int:
    return int(
        s.scalar(select(func.count()).select_from(EventRow).where(EventRow.sent_at.is_(None))) or 0
    )


def waiting_citizens(s: Session) -> int:
    return int(
        s.scalar(
            select(func.count())
            .select_from(TicketRow)
            .where(TicketRow.state == TicketState.WAITING.value)
        )
        or 0
    )


def dead_letters(db: Database) -> list[DeadLetter]:
    with db.read() as s:
        return list(s.scalars(select(DeadLetter).order_by(DeadLetter.event_seq)))
