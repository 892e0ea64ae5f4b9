"""People ahead and the estimated wait, from a few indexed reads.

The waiting counts come from ``queue_counts`` (kept by triggers), the recent service
time from the last ten finished tickets of the service, the open counters from the
status log (cached until it changes) and the last hour's calls: none of it grows with
the length of the queue, so it runs inside the issuing transaction.
"""

from __future__ import annotations

from datetime import timedelta

from loket.app.desk.tx import Tx
from loket.app.office import ServiceInfo
from loket.core.queue import PriorityMode, estimated_wait_seconds, people_ahead
from loket.core.tickets import Ticket

#: How long after its last call a counter still counts as open for wait estimates.
OPEN_COUNTER_WINDOW = timedelta(hours=1)
#: How many of today's finished tickets make the "recent service time".
RECENT_SERVED = 10


def estimate(
    tx: Tx, service: ServiceInfo, new: Ticket | None, priority: bool = False
) -> tuple[int, int]:
    """People ahead of a (new) ticket in its service and the estimated wait."""
    settings = tx.cfg.settings
    day = None if settings.overnight_queue else tx.today
    counts, recent, busy = tx.sql.estimate_reads(
        service.id, day, tx.today, tx.now - OPEN_COUNTER_WINDOW, RECENT_SERVED
    )
    transferred = prio = normal = 0
    for is_transfer, is_prio, count in counts:
        if is_transfer:
            transferred += count
        elif is_prio:
            prio += count
        else:
            normal += count
    if new is not None:  # the counts hold the new ticket already
        priority = new.is_priority
        if new.origin_ticket_id is not None:
            transferred -= 1
        elif priority:
            prio -= 1
        else:
            normal -= 1
    one_in_n = settings.priority_policy.mode is PriorityMode.ONE_IN_N
    ahead = people_ahead(
        settings.priority_policy,
        new_is_priority=priority,
        transferred=transferred,
        priority=prio,
        normal=normal,
        normals_since_priority=tx.sql.normals_since_priority(tx.today) if one_in_n else 0,
    )
    return ahead, _wait(tx, service, ahead, recent, busy)


def wait_seconds(tx: Tx, service: ServiceInfo, ahead: int) -> int:
    """The estimated wait behind ``ahead`` people: recent service times over open counters."""
    recent = tx.sql.recent_done(tx.today, service.id, RECENT_SERVED)
    busy = tx.sql.busy_counters(tx.today, tx.now - OPEN_COUNTER_WINDOW)
    return _wait(tx, service, ahead, recent, busy)


def _wait(
    tx: Tx, service: ServiceInfo, ahead: int, recent: list[tuple[int, int]], busy: set[int]
) -> int:
    if recent:
        per_citizen = sum(w + s for w, s in recent) / len(recent)
    else:
        per_citizen = service.standard_minutes * 60.0
    # Only open counters serve: one on a break or closed neither shortens nor lengthens it.
    paused = {cid for cid, state in tx.counter_states().items() if not state.is_open}
    serving = {
        c.id
        for c in tx.cfg.counters.values()
        if c.active and service.id in c.service_ids and c.id not in paused
    }
    open_counters = len(serving & busy) or len(serving) or 1
    return estimated_wait_seconds(ahead, per_citizen, open_counters)
