"""Pushed rows stored in a replica on the driver connection (``Database.raw_write``).

What ``replica.apply_changes`` does for a pull's answer, for the rows the hub pushes at
each commit (``loket.hub.push``): the events with the hub's own ``seq``, their tickets
as core ``apply`` of them, the counter status rows and request records (kept once), the
satisfaction rows (replaced). No set-up and no city mark come this way. Why apart: on
the ORM one push cost a replica ~9 ms of CPU around a ~3 ms fsync; every client stores
every commit, and on a busy office PC that CPU is what the next push waits for. The
statements are the queue's own (``QueueSql``) or compiled once from the tables
(``Prepared``), so what is stored is what the ORM would store.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import bindparam, insert

from loket.core.tickets import EventKind, Ticket, TicketEvent, apply
from loket.hub.replica import FEEDBACK_TABLES
from loket.hub.wire_rows import rows_from_wire, table
from loket.store.database import Database
from loket.store.prepared import Prepared
from loket.store.queue_sql import QueueSql


@functools.cache
def _insert(name: str, verb: str = "") -> Prepared:
    """``INSERT [OR verb] INTO name`` of every column, compiled once."""
    columns = table(name).columns
    statement = insert(table(name)).values({c.name: bindparam(c.name, type_=c.type)
                                            for c in columns})  # fmt: skip
    return Prepared(statement.prefix_with(f"OR {verb}") if verb else statement)


def _event(values: dict[str, Any]) -> TicketEvent:
    return TicketEvent(
        id=values["id"],
        ticket_id=values["ticket_id"],
        kind=EventKind(values["kind"]),
        at=values["at"],
        counter_id=values["counter_id"],
        user_id=values["user_id"],
        data=dict(values["data"] or {}),
    )


def store_pushed(db: Database, body: dict[str, Any]) -> int:
    """Store one (merged) push in one transaction; the number of new events."""
    events = rows_from_wire(table("ticket_events"), body.get("events") or [])
    with db.raw_write() as conn:
        fresh = events
        if events:
            marks = ",".join("?" * len(events))
            held = {seq for (seq,) in conn.execute(
                f"SELECT seq FROM ticket_events WHERE seq IN ({marks})",
                [e["seq"] for e in events],
            )}  # fmt: skip
            fresh = [e for e in events if e["seq"] not in held]
        if fresh:
            _store_events(QueueSql(conn), fresh)
        for name, key in (("counter_status_log", "status_log"), ("hub_requests", "requests")):
            for row in rows_from_wire(table(name), body.get(key) or []):
                _insert(name, "IGNORE").run(conn, **row)
        feedback = body.get("feedback") or {}
        for name in FEEDBACK_TABLES:
            for row in rows_from_wire(table(name), feedback.get(name) or []):
                _insert(name, "REPLACE").run(conn, **row)
    return len(fresh)


def _store_events(sql: QueueSql, fresh: list[dict[str, Any]]) -> None:
    found = sql.conn.execute("SELECT id FROM offices LIMIT 1").fetchone()
    if found is None:
        raise ValueError("replica without its office")
    before: dict[str, Ticket | None] = {}
    for values in fresh:
        if values["ticket_id"] not in before:
            before[values["ticket_id"]] = sql.ticket(values["ticket_id"])
    after = dict(before)
    for values in fresh:
        event = _event(values)
        after[event.ticket_id] = apply(after[event.ticket_id], event)
    for ticket_id, was in before.items():  # the tickets first, as the desk writes them
        now = after[ticket_id]
        assert now is not None
        if was is None:
            sql.insert_ticket(now, int(found[0]))
        else:
            sql.update_ticket(was, now)
    for values in fresh:
        _insert("ticket_events").run(sql.conn, **values)
