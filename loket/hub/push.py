"""Each commit's rows pushed to the replicas over the feed's WebSocket (issue 13's lag).

A replica used to learn of a commit by a notice or a long poll and then ask for the rows:
one request per replica per change, each a trip through the hub's thread pool, and the
next request was the acknowledgement the acting client's answer waited for. Now, right
after a commit (in the committing thread, before the acting call answers), ``RowPush``
reads what is new since the last push once (events, counter status rows, request
records, satisfaction rows: the same rows ``ReplicaSource`` serves), encodes it once, and
hands the text to every replica's feed socket, rows before the change notice. A replica
stores them and answers ``held`` on the same socket; the hub's semi-synchronous answer
waits for that (``HubTakeover.replica_held``).

Every message carries the positions it starts after (``from``) and ends at (``to``): a
replica that does not hold everything up to ``from`` (it connected between two pushes,
or a message was lost with a socket) pulls ``/api/v1/replica`` instead, which stays the
path at every (re)connect and for any gap. The office's set-up (whole tables, read at
most every ``REFERENCE_MIN_AGE_S``) is not pushed: its digest is announced (``setup``)
when it changes, and a replica holding another digest pulls it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from loket.hub.fanout import Fanout
from loket.hub.replica import (
    BATCH,
    FEEDBACK_PRIVATE,
    FEEDBACK_TABLES,
    REFERENCE_MIN_AGE_S,
    feedback_mark,
)
from loket.hub.wire_rows import encode_value, table
from loket.store.database import Database

log = logging.getLogger(__name__)

#: Where an event's time is in a wire row.
_EVENT_AT = [c.name for c in table("ticket_events").columns].index("at")
#: What a feed socket's queue carries: a change number, or a message text to send as is.
Item = int | str


@dataclass(frozen=True)
class Mark:
    """How far the pushed stream has gone, per kind of row (``from``/``to`` on the wire)."""

    seq: int
    status: int
    feedback: int
    requests: str  # the latest request record's time, ISO ("" when none)

    def wire(self) -> dict[str, Any]:
        return {"seq": self.seq, "status": self.status, "feedback": self.feedback,
                "requests": self.requests}  # fmt: skip


def head_mark(s: Session) -> Mark:
    """The positions of everything committed now."""
    events, status, requests = table("ticket_events"), table("counter_status_log"), table(
        "hub_requests"
    )  # fmt: skip
    at = s.scalar(select(func.max(requests.c.at)))
    return Mark(
        int(s.scalar(select(func.max(events.c.seq))) or 0),
        int(s.scalar(select(func.max(status.c.id))) or 0),
        feedback_mark(s),
        encode_value(at) if at is not None else "",
    )


class _After:
    """``SELECT`` a table's rows after a key, on the driver connection, converted by the
    columns' own types (the ORM's statements cost ~4 ms a publish on a busy hub)."""

    def __init__(self, name: str, key: str, dialect: Dialect) -> None:
        columns = list(table(name).columns)
        private = FEEDBACK_PRIVATE.get(name, frozenset())
        shown = [f'NULL AS "{c.name}"' if c.name in private else f'"{c.name}"' for c in columns]
        self.sql = (
            f'SELECT {", ".join(shown)} FROM "{name}" WHERE "{key}" > ? '
            f'ORDER BY "{key}" LIMIT {BATCH}'
        )
        self.convert = [c.type._cached_result_processor(dialect, None) for c in columns]
        self.bind = table(name).c[key].type._cached_bind_processor(dialect)
        self.key = [c.name for c in columns].index(key)

    def rows(self, conn: sqlite3.Connection, after: Any) -> list[list[Any]]:
        bound = self.bind(after) if self.bind is not None else after
        out = []
        for raw in conn.execute(self.sql, (bound,)):
            out.append([encode_value(value if f is None else f(value))
                        for f, value in zip(self.convert, raw, strict=True)])  # fmt: skip
        return out


class _Reads:
    """The statements of one publish (see ``read_after``)."""

    def __init__(self, dialect: Dialect) -> None:
        self.events = _After("ticket_events", "seq", dialect)
        self.status = _After("counter_status_log", "id", dialect)
        self.requests = _After("hub_requests", "at", dialect)
        self.feedback = {name: _After(name, "sync_seq", dialect) for name in FEEDBACK_TABLES}

    def feedback_after(self, conn: sqlite3.Connection, after: int) -> tuple[dict[str, Any], bool]:
        """As ``replica.feedback_rows_after``: all three tables in one ``sync_seq`` order."""
        found = [(row[q.key], name, row) for name, q in self.feedback.items()
                 for row in q.rows(conn, after)]  # fmt: skip
        found.sort(key=lambda item: item[0])
        out: dict[str, list[list[Any]]] = {}
        for _seq, name, row in found[:BATCH]:
            out.setdefault(name, []).append(row)
        return out, len(found) > BATCH


def read_after(
    reads: _Reads, conn: sqlite3.Connection, mark: Mark
) -> tuple[dict[str, Any], Mark, bool]:
    """The rows after ``mark`` (at most ``BATCH`` events), the mark they end at, and
    whether more follow."""
    rows = reads.events.rows(conn, mark.seq)
    status_rows = reads.status.rows(conn, mark.status)
    since = datetime.fromisoformat(mark.requests) if mark.requests else datetime.min
    request_rows = reads.requests.rows(conn, since.replace(tzinfo=since.tzinfo or UTC))
    feedback: dict[str, list[list[Any]]] = {}
    feedback_more = False
    if len(rows) < BATCH:  # every ticket they name is then in the replica (see replica)
        feedback, feedback_more = reads.feedback_after(conn, mark.feedback)
    last_feedback = max(
        (row[reads.feedback[name].key] for name, held in feedback.items() for row in held),
        default=mark.feedback,
    )
    to = Mark(
        int(rows[-1][reads.events.key]) if rows else mark.seq,
        int(status_rows[-1][reads.status.key]) if status_rows else mark.status,
        int(last_feedback),
        str(request_rows[-1][reads.requests.key]) if request_rows else mark.requests,
    )
    body = {
        "events": rows,
        "status_log": status_rows,
        "requests": request_rows,
        "feedback": feedback,
        "head_seq": to.seq,
        "head_at": rows[-1][_EVENT_AT] if rows else None,
    }
    more = BATCH in (len(rows), len(status_rows), len(request_rows)) or feedback_more
    return body, to, more


class RowPush:
    """The hub's side of the push (see the module docstring); ``publish`` from any
    thread right after a commit, ``add``/``discard`` a feed socket's queue on the loop."""

    def __init__(self, db: Database, epoch: int) -> None:
        self.db = db
        self.epoch = epoch
        self.mark: Mark | None = None
        #: A publish failed: ``mark`` may be short of the last commit.
        self.behind = False
        self.pushed = 0  # messages, for the tests and the benchmark
        self._sinks: Fanout[Item] = Fanout()
        self._lock = threading.Lock()
        #: The set-up's digest last announced (and told to each socket that subscribes).
        self.announced = ""
        self._stop = threading.Event()
        self._reads = _Reads(db.engine.dialect)

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._sinks.attach(loop)

    def prime(self) -> None:
        """Start the stream at what is committed now (at the hub's start)."""
        with self._lock, self.db.read() as s:
            self.mark = head_mark(s)

    # -- the loop's side ---------------------------------------------------------------

    def add(self, queue: asyncio.Queue[Item]) -> None:
        self._sinks.subscribe(queue)

    def discard(self, queue: asyncio.Queue[Item]) -> None:
        self._sinks.unsubscribe(queue)

    # -- any thread ----------------------------------------------------------------------

    def publish(self) -> int:
        """Push what was committed since the last push; the number of messages sent."""
        sent = 0
        with self._lock:
            if self.mark is None:
                return 0
            more = True
            try:
                while more:
                    with self.db.raw_read() as conn:
                        body, to, more = read_after(self._reads, conn, self.mark)
                    if to == self.mark:
                        break
                    body.update(type="rows", epoch=self.epoch)
                    body["from"], body["to"] = self.mark.wire(), to.wire()
                    self.mark = to
                    self._send(json.dumps(body, ensure_ascii=False, separators=(",", ":")))
                    sent += 1
            except BaseException:
                self.behind = True  # the next publish reads the rest again
                raise
            self.behind = False
        return sent

    def _send(self, text: str) -> None:
        # Under the lock: the loop delivers messages in the order they were read.
        if self._sinks.publish(text):
            self.pushed += 1

    def announce_setup(self, digest: str) -> bool:
        """Tell the replicas the set-up changed (they pull it); True when it did."""
        with self._lock:
            if not digest or digest == self.announced:
                return False
            first = not self.announced
            self.announced = digest
            if not first:
                self._send(json.dumps({"type": "setup", "digest": digest}))
            return not first

    def watch_setup(self, reference: Callable[[], str], stale: Callable[[], bool]) -> None:
        """A thread that reads the set-up again when the hub changed (at most every
        ``REFERENCE_MIN_AGE_S``) and announces a new digest."""

        def run() -> None:
            while not self._stop.wait(REFERENCE_MIN_AGE_S):
                try:
                    if stale() or not self.announced:
                        self.announce_setup(reference())
                except Exception:  # a failed read must not end the watch
                    log.exception("set-up check failed")

        threading.Thread(target=run, name="loket-hub-setup", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
