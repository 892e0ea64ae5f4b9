"""The client's half of the push (``loket.hub.push``): the rows the hub pushed on the feed
socket, queued in order for the replica's thread, and what it takes to store them.

``PushInbox`` sits between the feed's thread (``LanFeed`` calls ``feed_up``, ``pushed``
and ``feed_down``) and the ``Follower``'s thread, which takes the messages, stores the
rows of those that start where its replica stands (``holds``) in one transaction and says
``held`` on the socket. It asks for the rows at every connect; the hub confirms with a
``replica`` message, and only then (``live``) does the follower stop pulling on its own.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from loket.store.models import EventRow

if TYPE_CHECKING:
    from loket.hub.follow import Follower

#: Where an event's time is in a wire row (the columns of ``ticket_events``, in order).
EVENT_AT = [c.name for c in EventRow.__table__.columns].index("at")
#: A pushed message (or ``{"type": "down"}`` when the socket closed) and when it came.
Received = tuple[dict[str, Any], float]


class _Socket(Protocol):
    def send_json(self, message: dict[str, Any]) -> bool: ...


@dataclass(frozen=True)
class Position:
    """What a replica holds, per kind of row (the hub's ``push.Mark`` on the wire)."""

    seq: int
    status: int
    feedback: int
    requests: str  # ISO time of the latest request record held ("" when none)

    def holds(self, mark: dict[str, Any]) -> bool:
        """This replica holds everything up to ``mark`` (a message's ``from`` or ``to``)."""
        return (
            self.seq >= int(mark["seq"])
            and self.status >= int(mark["status"])
            and self.feedback >= int(mark["feedback"])
            and _at(self.requests) >= _at(str(mark["requests"] or ""))
        )

    def joined(self, mark: dict[str, Any]) -> Position:
        """The position after storing a message that ends at ``mark``."""
        requests = str(mark["requests"] or "")
        return Position(
            max(self.seq, int(mark["seq"])),
            max(self.status, int(mark["status"])),
            max(self.feedback, int(mark["feedback"])),
            requests if _at(requests) > _at(self.requests) else self.requests,
        )


def _at(text: str) -> datetime:
    if not text:
        return datetime.min.replace(tzinfo=UTC)
    when = datetime.fromisoformat(text)
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def merged(messages: list[dict[str, Any]]) -> dict[str, Any]:
    """Consecutive pushed messages as one body for ``apply_changes`` (rows in order)."""
    body: dict[str, Any] = {"events": [], "status_log": [], "requests": [], "feedback": {}}
    for message in messages:
        for key in ("events", "status_log", "requests"):
            body[key].extend(message.get(key) or [])
        for name, rows in (message.get("feedback") or {}).items():
            body["feedback"].setdefault(name, []).extend(rows)
    return body


def merged_events(rows: list[Received]) -> list[tuple[list[Any], float]]:
    """Each pushed event row with the time its message came."""
    return [(row, received) for message, received in rows for row in message.get("events") or []]


class PushInbox:
    """The pushed messages of the current feed socket (see the module docstring)."""

    def __init__(self) -> None:
        self._queue: queue.Queue[Received] = queue.Queue()
        self._socket: _Socket | None = None
        self._lock = threading.Lock()
        #: The hub pushes on the current socket (it confirmed the request).
        self.live = False
        self._confirmed = threading.Event()
        self._up_at: float | None = None

    # -- the feed's thread -----------------------------------------------------------

    def feed_up(self, feed: _Socket) -> None:
        with self._lock:
            self._socket = feed
            self.live = False
            self._confirmed.clear()
            self._up_at = time.monotonic()
        feed.send_json({"type": "replica"})

    def pushed(self, message: dict[str, Any], received: float) -> None:
        self._queue.put((message, received))
        if message.get("type") == "replica":
            self.live = True
            self._confirmed.set()

    def feed_down(self) -> None:
        with self._lock:
            self._socket = None
            self._up_at = None
            was, self.live = self.live, False
        if was:
            self._queue.put(({"type": "down"}, time.time()))

    # -- the follower's thread -------------------------------------------------------

    def await_push(self) -> bool:
        """Whether the hub pushes on the socket: waited for while the socket is new
        (``CONFIRM_S``; a hub of an older version never confirms, and is then pulled)."""
        up = self._up_at
        if self.live or up is None:
            return self.live
        left = up + CONFIRM_S - time.monotonic()
        if left > 0:
            self._confirmed.wait(left)
        return self.live

    def say(self, message: dict[str, Any]) -> bool:
        """Send ``message`` on the feed socket; False when it is down."""
        socket = self._socket
        return socket.send_json(message) if socket is not None else False

    def take(self, timeout: float) -> list[Received]:
        """The messages waiting (at least one, or none after ``timeout``), in order."""
        try:
            first = self._queue.get(timeout=timeout)
        except queue.Empty:
            return []
        out = [first]
        while True:
            try:
                out.append(self._queue.get_nowait())
            except queue.Empty:
                return out


#: A replica the hub pushes to still pulls this often: the city's mark, where this PC
#: would serve (``/replica`` records it), anything else missed. Not oftener: the pushed
#: rows that come meanwhile wait behind each pull.
REFRESH_S = 15.0
#: A replica whose set-up is not the one announced pulls again this often.
SETUP_AGAIN_S = 0.5
#: A new feed socket's request for rows is confirmed within this (or the hub never will).
CONFIRM_S = 2.0
#: It says ``held`` at least this often (the hub counts a replica live for ``LIVE_S``).
HELD_EVERY_S = 1.0


class PushMode:
    """A ``Follower``'s thread while the hub pushes: store each message's rows, pull at a
    gap, a new set-up or a new socket, and say ``held`` after each store."""

    def __init__(self, follower: Follower) -> None:
        self.f = follower

    def serve(self) -> None:
        f = self.f
        f.pushing = True
        try:
            self._serve()
        finally:
            f.pushing = False

    def _serve(self) -> None:
        f = self.f
        refresh_at = held_at = setup_at = 0.0
        announced = f.digest
        while not f.stopping and f.inbox.live:
            items = f.inbox.take(HELD_EVERY_S)
            now = time.monotonic()
            why = "refresh" if now >= refresh_at else ""
            rows: list[Received] = []
            for message, received in items:
                kind = message.get("type")
                if kind == "down":
                    return  # the main loop pulls (long polls) until the socket is back
                if kind == "replica":
                    why = "socket"  # a new socket: catch up with what came before it
                if kind in ("replica", "setup"):
                    announced = str(message.get("digest") or announced)
                elif kind == "rows":
                    rows.append((message, received))
            # Until it holds the set-up last announced (a pull may come back with the one
            # read just before): again, at most every SETUP_AGAIN_S.
            if not why and announced != f.digest and now - setup_at >= SETUP_AGAIN_S:
                why = "setup"
            if why:
                f.pull_reasons[why] += 1
                f.catch_up(wait=0)
                if f.stopped_reason or not f.connected:
                    return
                refresh_at, setup_at = time.monotonic() + REFRESH_S, time.monotonic()
            if rows and not self.store(rows):
                f.pull_reasons["gap"] += 1
                f.catch_up(wait=0)  # a gap (or another term's rows): ask for them
            if rows or why or time.monotonic() - held_at >= HELD_EVERY_S:
                held_at = time.monotonic()
                f.inbox.say({"type": "held", "seq": f.last_seq, "epoch": f.epoch})

    def store(self, rows: list[Received]) -> bool:
        """Store the pushed rows that start where this replica stands, in one
        transaction; False at a gap (nothing is stored then)."""
        f = self.f
        position = f.position()
        fresh: list[Received] = []
        for message, received in rows:
            if int(message.get("epoch") or 0) != f.epoch:
                return False
            if position.holds(message["to"]):
                continue  # a pull brought them already
            if not position.holds(message["from"]):
                return False
            fresh.append((message, received))
            position = position.joined(message["to"])
        if fresh:
            from loket.hub.store_pushed import store_pushed

            store_pushed(f.db, merged([message for message, _ in fresh]))
            self._took(merged_events(fresh), position)
        return True

    def _took(self, events: list[tuple[list[Any], float]], position: Position) -> None:
        f = self.f
        now = time.time()
        f.pushes += 1
        for row, received in events:
            with contextlib.suppress(ValueError, TypeError, IndexError):
                at = datetime.fromisoformat(row[EVENT_AT]).timestamp()
                f.lags.append((received - at) * 1000)
                f.stored_lags.append((now - at) * 1000)
        f.place(position)
        if events:
            f.head_seq = max(f.head_seq or 0, position.seq)
            f.head_at = events[-1][0][EVENT_AT]
        f.checked_at = datetime.now(UTC)
        f.set_connected(True)
        f.note_now()
