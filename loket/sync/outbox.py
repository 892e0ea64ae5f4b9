"""The desk's outbox: unsent events in sequence order, and what an answer acknowledges.

``ticket_events.sent_at`` is NULL until the server's answer covers the event. Since
every desk write takes the SQLite write lock up front, events commit in ``seq`` order:
an event committed later never has a lower ``seq`` than one already read here, so the
unsent events with ``seq`` between a batch's first and last are exactly that batch.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any, cast

import orjson
from pydantic import TypeAdapter
from sqlalchemy import Table, func, select, text, update
from sqlalchemy.orm import Session

from loket.core.tickets import TicketState
from loket.store.database import Database
from loket.store.models import EventRow, TicketRow
from loket.store.sync_models import DeadLetter
from loket.sync.schemas import MAX_ID, EventIn, ItemResult, ItemStatus, PushResponse

_EVENT_TABLE = cast(Table, EventRow.__table__)


@dataclass(frozen=True)
class Batch:
    """A batch as it goes on the wire: its events already encoded, their keys beside.

    Why encoded here: a backlog is 50 batches of 1,000; building 1,000 pydantic models
    per batch only to serialize them again was a third of the desk's CPU for the push
    (issue 14). ``_envelope`` makes every value fit ``EventIn`` already; ``events``
    still gives the models to whoever wants them (tests, diagnostics).
    """

    after_seq: int  # the desk's event just before the first one (0: none)
    seqs: list[int]
    ids: list[str]
    payload: bytes  # the events' JSON array, each item an ``EventIn``

    @property
    def first(self) -> int:
        return self.seqs[0]

    @property
    def last(self) -> int:
        return self.seqs[-1]

    @cached_property
    def events(self) -> list[EventIn]:
        return _ENVELOPES.validate_json(self.payload)


@dataclass(frozen=True)
class Ack:
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    marked: int = 0  # events now marked sent


class BadAnswer(ValueError):
    """The server's answer does not match the batch sent (a proxy mixing answers?)."""


def next_batch(
    db: Database, size: int, upto: int | None = None, after: int | None = None
) -> Batch | None:
    """The oldest ``size`` unsent events, as they are stored.

    ``upto``: send nothing after this sequence number (an office hub sends only what
    its replicas hold, so an event a take-over sets aside never reaches the city).
    ``after``: only events after this sequence (the next batch read while the one
    before it, not yet acknowledged, is still with the server).
    """
    where = "sent_at IS NULL"
    if upto is not None:
        where += " AND seq <= :upto"
    if after is not None:
        where += " AND seq > :after"
    with db.read() as s:
        # The stored text as it is (no ORM objects, no type processing per value): a
        # backlog is read 1,000 at a time, fifty times over (issue 14).
        rows = s.execute(
            text(f"SELECT {_COLUMNS} FROM ticket_events WHERE {where} ORDER BY seq LIMIT :size"),
            {"size": size, "upto": upto, "after": after},
        ).all()
        if not rows:
            return None
        before = s.scalar(select(func.max(EventRow.seq)).where(EventRow.seq < rows[0][0]))
    envelopes = [_envelope(*row) for row in rows]
    return Batch(
        after_seq=int(before or 0),
        seqs=[e["seq"] for e in envelopes],
        ids=[e["id"] for e in envelopes],
        payload=dumps(envelopes),
    )


_COLUMNS = "seq, id, ticket_id, kind, at, counter_id, user_id, data"
#: The models of a batch, for ``Batch.events`` (one call in pydantic's core).
_ENVELOPES = TypeAdapter(list[EventIn])
#: How SQLAlchemy stores a UTC instant in SQLite: naive, a space between date and time.
_STORED_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?")


def _envelope(
    seq: int, id: Any, ticket_id: Any, kind: Any, at: Any, counter_id: Any, user_id: Any, data: Any
) -> dict[str, Any]:
    """The wire form straight from the stored values, never failing.

    Not through the core event: a row the core cannot read (a damaged or newer-version
    row) must still go to the server, which files it as rejected and so keeps the
    sequence unbroken; dropping it here would leave a gap the server waits for.
    """
    if isinstance(data, str | bytes):
        data = _loads(data)
    if isinstance(at, str) and _STORED_TIME.fullmatch(at):
        at = at.replace(" ", "T", 1) + "+00:00"
    elif isinstance(at, datetime):
        at = at.isoformat()
    return {
        "seq": seq,
        "id": str(id)[:64],
        "ticket_id": str(ticket_id)[:64],
        "kind": str(kind)[:32],
        "at": str(at)[:64],
        "counter_id": counter_id if _is_id(counter_id) else None,
        "user_id": user_id if _is_id(user_id) else None,
        "data": data if isinstance(data, dict) else {"value": data},
    }


def _loads(text: str | bytes) -> Any:
    """Stored JSON text parsed (orjson; the stdlib for what orjson refuses, e.g. NaN);
    damaged text comes back as it is: sent so, rejected by the server."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(text)
    except ValueError:
        return text


def dumps(value: Any) -> bytes:
    """JSON bytes by orjson; the stdlib for what it refuses (an integer beyond 64 bits)."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(value).encode()


def _is_id(value: Any) -> bool:
    return type(value) is int and -MAX_ID <= value <= MAX_ID


def acknowledge(db: Database, batch: Batch, answer: PushResponse, now: datetime) -> Ack:
    """Mark the batch's answered events sent (up to ``highest_seq``); file the rejected."""
    results = answer.results
    if batch.seqs != [r.seq for r in results] or batch.ids != [r.id for r in results]:
        raise BadAnswer("the answer's items do not match the batch")
    upto = min(batch.last, answer.highest_seq)
    counts = {status: 0 for status in ItemStatus}
    with db.write() as s:
        for result in results:
            if result.seq > upto:
                break
            counts[result.status] += 1
            if result.status is ItemStatus.REJECTED:
                _file_dead_letter(s, result, now)
        marked = 0
        if upto >= batch.first:
            # A Core statement: the ORM's bulk UPDATE costs twice the time for 500 rows.
            marked = s.execute(
                update(_EVENT_TABLE)
                .where(_EVENT_TABLE.c.seq.between(batch.first, upto))
                .where(_EVENT_TABLE.c.sent_at.is_(None))
                .values(sent_at=now)
            ).rowcount  # type: ignore[attr-defined]
    return Ack(
        accepted=counts[ItemStatus.ACCEPTED],
        duplicates=counts[ItemStatus.DUPLICATE],
        rejected=counts[ItemStatus.REJECTED],
        marked=int(marked),
    )


def _file_dead_letter(s: Session, result: ItemResult, now: datetime) -> None:
    """The rejected event (its seq and id, checked against the batch) and the reason."""
    reason = result.reason or "ditolak server"
    row = s.get(DeadLetter, result.seq)
    if row is None:
        s.add(DeadLetter(event_seq=result.seq, event_id=result.id, reason=reason, rejected_at=now))
    else:
        row.event_id, row.reason, row.rejected_at = result.id, reason, now


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
