"""The hand-over from a committing thread to the feed sockets' queues (``hub.fanout``)."""

from __future__ import annotations

import asyncio
import threading

from loket.hub.fanout import Fanout

WAIT_S = 5.0


def test_items_published_from_another_thread_reach_every_queue_in_order() -> None:
    async def run() -> None:
        fanout: Fanout[int | str] = Fanout()
        fanout.attach(asyncio.get_running_loop())
        first, second = fanout.subscribe(), fanout.subscribe()
        sent: list[bool] = []
        thread = threading.Thread(target=lambda: sent.extend(fanout.publish(n) for n in (1, 2)))
        thread.start()
        thread.join(timeout=WAIT_S)
        assert sent == [True, True]
        for queue in (first, second):
            got = [await asyncio.wait_for(queue.get(), WAIT_S) for _ in range(2)]
            assert got == [1, 2]
        fanout.unsubscribe(second)
        fanout.publish("rows")
        # One delivery fills every queue: once the first has it, the second would too.
        assert await asyncio.wait_for(first.get(), WAIT_S) == "rows"
        assert second.empty()  # unsubscribed: nothing more

    asyncio.run(run())


def test_one_queue_subscribed_to_two_fanouts_gets_both_in_publish_order() -> None:
    """A replica's feed socket reads the pushed rows and the change numbers in one queue:
    the rows of a commit stay ahead of its notice."""

    async def run() -> None:
        loop = asyncio.get_running_loop()
        rows: Fanout[int | str] = Fanout()
        notices: Fanout[int | str] = Fanout()
        rows.attach(loop)
        notices.attach(loop)
        queue = notices.subscribe()
        assert rows.subscribe(queue) is queue
        rows.publish('{"type":"rows"}')
        notices.publish(7)
        got = [await asyncio.wait_for(queue.get(), WAIT_S) for _ in range(2)]
        assert got == ['{"type":"rows"}', 7]

    asyncio.run(run())


def test_without_a_running_loop_a_publish_is_refused_quietly() -> None:
    fanout: Fanout[int] = Fanout()
    assert fanout.publish(1) is False  # the hub has not started its loop yet
    loop = asyncio.new_event_loop()
    fanout.attach(loop)
    loop.close()
    assert fanout.publish(2) is False  # the hub has stopped
