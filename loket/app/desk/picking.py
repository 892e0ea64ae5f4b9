"""Which ticket a counter calls next.

For every service the counter serves, the first waiting ticket of each class
(transferred, priority, normal) is one seek in an index; the rule that picks among
them is the core's (``priority_turn``), the same one ``order_waiting`` states. The
statement that fetches those heads is built and compiled once per counter and
configuration version (its services change only with the version), with the counter
as its bound parameter.
"""

from __future__ import annotations

from loket.app.desk.tx import Tx
from loket.app.office import CounterInfo
from loket.core.queue import PriorityMode, QueueClass, fifo_key, priority_turn, queue_class
from loket.core.tickets import Ticket
from loket.store.prepared import Prepared
from loket.store.queue_sql import heads_statement


def heads_for(tx: Tx, counter: CounterInfo) -> Prepared:
    key = (tx.cfg.version, counter.id)
    prepared = tx.cache.heads.get(key)
    if prepared is None:
        # An older version's statements are of no more use.
        tx.cache.heads = {k: v for k, v in tx.cache.heads.items() if k[0] == tx.cfg.version}
        prepared = tx.cache.heads[key] = heads_statement(counter.service_ids)
    return prepared


def pick_next(tx: Tx, counter: CounterInfo) -> Ticket | None:
    """The next ticket for ``counter`` under the office's priority policy, if any."""
    if not counter.service_ids:
        return None
    heads: dict[QueueClass, list[Ticket]] = {c: [] for c in QueueClass}
    for ticket in tx.sql.heads(heads_for(tx, counter), counter.id):
        heads[queue_class(ticket)].append(ticket)
    if heads[QueueClass.TRANSFERRED]:
        return min(heads[QueueClass.TRANSFERRED], key=fifo_key)
    prio = min(heads[QueueClass.PRIORITY], key=fifo_key, default=None)
    normal = min(heads[QueueClass.NORMAL], key=fifo_key, default=None)
    policy = tx.cfg.settings.priority_policy
    needs_count = policy.mode is PriorityMode.ONE_IN_N and prio is not None and normal is not None
    since = tx.sql.normals_since_priority(tx.today) if needs_count else 0
    turn = priority_turn(policy, since, prio is not None, normal is not None)
    if turn is QueueClass.PRIORITY:
        return prio
    if turn is QueueClass.NORMAL:
        return normal
    return None
