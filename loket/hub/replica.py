"""The office's event log copied to every client, so any client can take the hub's place.

The hub answers ``GET /api/v1/replica?after=SEQ``: the events after SEQ (in ``seq``
order, which is commit order: every write takes the file's lock up front), the counter
status rows after the client's last one, and, when it changed, the office's set-up as
whole tables (services, counters, accounts with their password hashes, settings, the
paired PCs with their token hashes, the city enrolment, the epochs and the PCs'
certificates). A client stores them in its own ``loket.db`` with the same schema: events
with the hub's own ``seq``, tickets as core ``apply`` of them, exactly as the hub does.
So a promoted client serves the same office, numbering after the highest number it
holds, and continues the office's event sequence towards the city.

The satisfaction rows (one-tap ratings, SKM answers, follow-up hand-overs) come like
events, incrementally: those whose ``sync_seq`` is after the highest this replica holds
(a changed row takes a new, higher number, so it comes again and replaces the old), with
their ``sync_seq`` as the hub numbered them. The city's acknowledged mark
(``sync_feedback_seq``) is a setting and comes with the set-up, so a promoted client sends
the city exactly what the hub had not sent yet. They come only once the events are caught
up, so every ticket a rating or hand-over names is already in the replica.

Personal data (``ticket_citizens``), operator sessions aside, pairing codes and the hub's
request records stay on the hub: they are not part of the office's log. For the same
reason an SKM answer comes without its free-text suggestion (the citizen's own words,
which may name someone; the city never receives it either): a promoted hub holds the
scores and the respondent's bands, not the suggestions written before the take-over.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, null, select, update
from sqlalchemy.orm import Session

from loket.core.days import utc_now
from loket.core.tickets import Ticket, apply
from loket.hub.answers import SharedAnswers
from loket.hub.truncate import drop_after_new_epochs
from loket.hub.wire_rows import encode_value, rows_from_wire, rows_to_wire
from loket.hub.wire_rows import table as _table
from loket.store.database import Database
from loket.store.hub_models import HubRequest
from loket.store.models import CounterStatusRow, EventRow, Office, TicketRow
from loket.store.projection import event_from_row, save_ticket, ticket_from_row

#: Whole tables that make up the office's set-up, parents first.
REFERENCE_TABLES = (
    "offices",
    "services",
    "counters",
    "counter_services",
    "users",
    "settings",
    "office_letterheads",
    "hub_pcs",
    "hub_sessions",
    "sync_state",
    "hub_epochs",
    "hub_members",
)
#: Rows an admin may delete on the hub, and the epochs (a replica that follows a new hub
#: holds that hub's lineage, not the terms of a hub it replaced); the others are only
#: ever deactivated (and tickets refer to them), so the replica never deletes them.
DELETABLE = frozenset(
    {"counter_services", "settings", "hub_pcs", "hub_sessions", "sync_state", "hub_members",
     "office_letterheads", "hub_epochs"}
)  # fmt: skip
#: The satisfaction tables, replicated by ``sync_seq`` (see the module docstring).
FEEDBACK_TABLES = ("ticket_ratings", "skm_responses", "follow_up_closures")
#: Columns that stay on the hub: the citizen's free text.
FEEDBACK_PRIVATE = {"skm_responses": frozenset({"suggestion"})}
#: Events per answer: a client far behind catches up in a few round trips.
BATCH = 1000
#: Request records older than this are of no use to a retry (a client retries for
#: seconds): a new replica does not fetch the hub's whole history of them.
REQUESTS_WINDOW = timedelta(hours=1)
#: The set-up is read again at most this often (it changes a few times a day).
REFERENCE_MAX_AGE_S = 0.5
#: With the hub's change number: read again after a change, but not more often than this.
REFERENCE_MIN_AGE_S = 0.25


# -- the hub's side ------------------------------------------------------------------------


@dataclass
class _Reference:
    digest: str
    tables: dict[str, list[list[Any]]]
    read_at: float


class ReplicaSource:
    """What the hub hands a client's replica (see the module docstring).

    With ``version`` (the hub's change number) it serves every replica from what it read
    once: replicas that hold the same position ask the same question at each change (ten
    clients, one answer read), and the set-up is read again at most every
    ``REFERENCE_MIN_AGE_S`` however fast the queue commits (it changes a few times a day;
    reading and hashing it at each of a morning's commits was most of the hub's work)."""

    def __init__(self, db: Database, version: Any = None) -> None:
        self.db = db
        #: The hub's change number (``Changes.number``); without it, the set-up by age.
        self.version = version
        self._reference: _Reference | None = None
        self._read_version: int | None = None
        self._lock = threading.Lock()
        self._answers = SharedAnswers()

    @property
    def reference_stale(self) -> bool:
        """The hub changed since the set-up was read (it may be read again soon)."""
        return self.version is not None and self._read_version != self.version()

    def reference(self) -> _Reference:
        with self._lock:
            cached = self._reference
            version = self.version() if self.version is not None else None
            if cached is not None:
                age = time.monotonic() - cached.read_at
                if version is None and age < REFERENCE_MAX_AGE_S:
                    return cached
                if version is not None and (
                    self._read_version == version or age < REFERENCE_MIN_AGE_S
                ):
                    return cached
            self._read_version = version
            tables: dict[str, list[list[Any]]] = {}
            with self.db.read() as s:
                for name in REFERENCE_TABLES:
                    table = _table(name)
                    rows = s.execute(select(table).order_by(*table.primary_key.columns))
                    tables[name] = rows_to_wire(table, rows)
            text = json.dumps(tables, sort_keys=True, ensure_ascii=False, default=str)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            self._reference = _Reference(digest, tables, time.monotonic())
            return self._reference

    def changes(
        self,
        after: int,
        status_after: int,
        known_digest: str = "",
        requests_after: str = "",
        feedback_after: int | None = None,
    ) -> dict[str, Any]:
        """The answer to one replica's fetch; the same question at the same change
        number is read once (the number is taken before reading: an answer kept under
        it never misses a commit it announced)."""
        if self.version is None:
            return self._read(after, status_after, known_digest, requests_after, feedback_after)
        # With the set-up as last read: one read again since (its digest announced to
        # pushed replicas) is a new answer even when no commit came in between.
        held = self._reference.digest if self._reference is not None else ""
        key = (self.version(), held, after, status_after, known_digest, requests_after,
               feedback_after)  # fmt: skip
        return self._answers.get(
            key, lambda: self._read(after, status_after, known_digest, requests_after,
                                    feedback_after)
        )  # fmt: skip

    def _read(
        self,
        after: int,
        status_after: int,
        known_digest: str,
        requests_after: str,
        feedback_after: int | None,
    ) -> dict[str, Any]:
        reference = self.reference()
        events = _table("ticket_events")
        status = _table("counter_status_log")
        requests = _table("hub_requests")
        try:
            since = datetime.fromisoformat(requests_after) if requests_after else None
        except ValueError:
            since = None
        with self.db.read() as s:
            # The answers given to LAN calls, written in the same transactions as their
            # events: a client retrying a call after a take-over gets the first answer.
            query = select(requests).order_by(requests.c.at).limit(BATCH)
            if since is not None:
                query = query.where(requests.c.at >= since)
            else:
                query = query.where(requests.c.at >= utc_now() - REQUESTS_WINDOW)
            request_rows = s.execute(query).all()
            rows = s.execute(
                select(events).where(events.c.seq > after).order_by(events.c.seq).limit(BATCH)
            ).all()
            status_rows = s.execute(
                select(status).where(status.c.id > status_after).order_by(status.c.id)
            ).all()
            head = s.execute(
                select(EventRow.seq, EventRow.at).order_by(EventRow.seq.desc()).limit(1)
            ).first()
            city_upto = s.scalar(select(func.max(EventRow.seq)).where(EventRow.sent_at.isnot(None)))
            feedback: dict[str, list[list[Any]]] = {}
            feedback_more = False
            if feedback_after is not None and len(rows) < BATCH:
                # Same snapshot as the events, all of which this answer completes: every
                # ticket these rows name is in the replica once it stores the answer.
                feedback, feedback_more = feedback_rows_after(s, feedback_after)
        body: dict[str, Any] = {
            "events": rows_to_wire(events, rows),
            "status_log": rows_to_wire(status, status_rows),
            "requests": rows_to_wire(requests, request_rows),
            "head_seq": int(head[0]) if head else 0,
            "head_at": head[1].isoformat() if head else None,
            "city_upto": int(city_upto or 0),
            "feedback": feedback,
            "more": len(rows) == BATCH or feedback_more,
            "digest": reference.digest,
            "served_at": utc_now().isoformat(),
        }
        if known_digest != reference.digest:
            body["reference"] = reference.tables
        return body


def feedback_rows_after(s: Session, after: int) -> tuple[dict[str, list[list[Any]]], bool]:
    """The first ``BATCH`` satisfaction rows after ``after`` in ``sync_seq`` order (all
    three tables in one sequence), private columns blanked; and whether more follow."""
    found: list[tuple[int, str, list[Any]]] = []
    for name in FEEDBACK_TABLES:
        table = _table(name)
        private = FEEDBACK_PRIVATE.get(name, frozenset())
        columns = [
            table.c[c.name] if c.name not in private else null().label(c.name)
            for c in table.columns
        ]
        query = (
            select(*columns).where(table.c.sync_seq > after).order_by(table.c.sync_seq).limit(BATCH)
        )
        for row in s.execute(query):
            found.append((int(row.sync_seq), name, [encode_value(v) for v in row]))
    found.sort(key=lambda item: item[0])
    out: dict[str, list[list[Any]]] = {}
    for _seq, name, values in found[:BATCH]:
        out.setdefault(name, []).append(values)
    return out, len(found) > BATCH


# -- the client's side ---------------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    events: int
    last_seq: int
    reference: bool
    truncated: int = 0  # events of a replaced hub dropped (the new hub never had them)


def local_position(db: Database) -> tuple[int, int, str]:
    """(last event seq, last counter status id, last request time) this replica holds."""
    with db.read() as s:
        seq = s.scalar(select(func.max(EventRow.seq))) or 0
        status = s.scalar(select(func.max(CounterStatusRow.id))) or 0
        at = s.scalar(select(func.max(HubRequest.at)))
    return int(seq), int(status), at.isoformat() if at else ""


def feedback_position(db: Database) -> int:
    """The highest satisfaction ``sync_seq`` this replica holds (see the module docstring)."""
    with db.read() as s:
        return feedback_mark(s)


def feedback_mark(s: Session) -> int:
    highest = 0
    for name in FEEDBACK_TABLES:
        table = _table(name)
        highest = max(highest, int(s.scalar(select(func.max(table.c.sync_seq))) or 0))
    return highest


def apply_changes(db: Database, body: dict[str, Any]) -> Applied:
    """Store one hub answer in this PC's replica, in one transaction."""
    with db.write() as s:
        reference = body.get("reference")
        truncated = 0
        if isinstance(reference, dict):
            epochs = rows_from_wire(_table("hub_epochs"), reference.get("hub_epochs", []))
            truncated = drop_after_new_epochs(s, epochs, FEEDBACK_TABLES)
            _replace_reference(s, reference)
        if truncated:
            # This answer's events were chosen from a cursor past the new hub's start:
            # store nothing more now; the next fetch starts from the right place.
            last = int(s.scalar(select(func.max(EventRow.seq))) or 0)
            return Applied(0, last, True, truncated)
        events = rows_from_wire(_table("ticket_events"), body.get("events", []))
        _store_events(s, events)
        for name, key in (("counter_status_log", "status_log"), ("hub_requests", "requests")):
            rows = rows_from_wire(_table(name), body.get(key, []))
            if rows:
                s.execute(insert(_table(name)).prefix_with("OR IGNORE"), rows)
        _store_feedback(s, body.get("feedback"))
        city_upto = int(body.get("city_upto") or 0)
        if city_upto:
            # What the hub already gave the city: a promoted replica does not send it again.
            s.execute(
                update(EventRow)
                .where(EventRow.seq <= city_upto, EventRow.sent_at.is_(None))
                .values(sent_at=utc_now())
            )
        last = int(s.scalar(select(func.max(EventRow.seq))) or 0)
    return Applied(len(events), last, isinstance(reference, dict), truncated)


def _store_feedback(s: Session, feedback: Any) -> None:
    """New and changed satisfaction rows, as the hub holds them (``sync_seq`` included).

    A core insert, not the ORM: the flush hook would number them again."""
    if not isinstance(feedback, dict):
        return
    for name in FEEDBACK_TABLES:
        rows = rows_from_wire(_table(name), feedback.get(name) or [])
        if rows:
            s.execute(insert(_table(name)).prefix_with("OR REPLACE"), rows)


def _replace_reference(s: Session, reference: dict[str, Any]) -> None:
    for name in REFERENCE_TABLES:
        if name not in reference:
            continue
        table = _table(name)
        rows = rows_from_wire(table, reference[name])
        if rows:
            s.execute(insert(table).prefix_with("OR REPLACE"), rows)
        if name in DELETABLE:
            keys = [c.name for c in table.primary_key.columns]
            held = {tuple(r[k] for k in keys) for r in rows}
            for existing in s.execute(select(*table.primary_key.columns)).all():
                if tuple(existing) not in held:
                    where = [table.c[k] == v for k, v in zip(keys, existing, strict=True)]
                    s.execute(delete(table).where(*where))


def _store_events(s: Session, events: list[dict[str, Any]]) -> None:
    if not events:
        return
    office_id = s.scalar(select(Office.id).limit(1))
    if office_id is None:
        raise ValueError("replica without its office")
    held = set(s.scalars(select(EventRow.seq).where(EventRow.seq.in_([e["seq"] for e in events]))))
    fresh = [e for e in events if e["seq"] not in held]
    if not fresh:
        return
    ids = {e["ticket_id"] for e in fresh}
    tickets: dict[str, Ticket] = {}
    existed: set[str] = set()
    for row in s.scalars(select(TicketRow).where(TicketRow.id.in_(ids))):
        tickets[row.id] = ticket_from_row(row)
        existed.add(row.id)
    for values in fresh:
        event = event_from_row(EventRow(**values))
        tickets[event.ticket_id] = apply(tickets.get(event.ticket_id), event)
    s.execute(insert(_table("ticket_events")), fresh)
    for ticket_id in ids:
        save_ticket(s, tickets[ticket_id], int(office_id), new=ticket_id not in existed)
