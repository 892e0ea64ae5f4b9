"""One item handed from any thread to every subscribed asyncio queue, on the hub's loop.

The change feed's notices (``hub.changes``) and the replicas' pushed rows
(``hub.push``) both start in a committing thread and end in the queues the feed
sockets read on the loop. The set of queues is only touched on the loop (subscribe,
unsubscribe and the delivery itself), so it needs no lock; a publish from another
thread hops onto the loop with ``call_soon_threadsafe``. The queues are unbounded, as
they always were: a feed socket that falls behind holds its items, none is dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Generic, TypeVar

T = TypeVar("T")


class Fanout(Generic[T]):
    """The queues of one kind of listener; ``publish`` reaches each in publish order."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[T]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    # -- the loop's side -------------------------------------------------------------------

    def subscribe(self, queue: asyncio.Queue[T] | None = None) -> asyncio.Queue[T]:
        """A new queue, or ``queue`` (a socket that reads several fan-outs in one queue),
        that gets every item published from now on."""
        if queue is None:
            queue = asyncio.Queue()
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[T]) -> None:
        self._queues.discard(queue)

    def _deliver(self, item: T) -> None:
        for queue in list(self._queues):
            queue.put_nowait(item)

    # -- any thread --------------------------------------------------------------------------

    def publish(self, item: T) -> bool:
        """Hand ``item`` to the loop for every queue; False when there is no loop to take
        it (not attached yet, closed, or shutting down), and then nobody gets it."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return False
        with contextlib.suppress(RuntimeError):  # the loop is shutting down
            loop.call_soon_threadsafe(self._deliver, item)
            return True
        return False
