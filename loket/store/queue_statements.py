"""The queue's statements, built from the models' tables and compiled once per process.

Why apart from ``queue_sql.py``: what SQLite is asked (and why each statement stays an
index seek) is read here; ``QueueSql`` only runs them on a transaction's connection.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    Select,
    Table,
    bindparam,
    func,
    insert,
    literal_column,
    or_,
    select,
    union_all,
    update,
)

from loket.core.settings import CONFIG_VERSION
from loket.core.tickets import TicketState
from loket.store.models import CounterStatusRow, EventRow, Setting, TicketRow
from loket.store.prepared import Prepared, RowReader, result_processor, table_columns
from loket.store.queue_models import QueueCount
from loket.store.sync_models import CityHoliday

T = TicketRow
TICKET_TABLE: Table = TicketRow.__table__  # type: ignore[assignment]
EVENT_TABLE: Table = EventRow.__table__  # type: ignore[assignment]
TICKETS = RowReader(table_columns(TicketRow))
WAITING = TicketState.WAITING.value
AT_COUNTER = (TicketState.CALLED.value, TicketState.SERVING.value)


def state_is(*states: str) -> Any:
    """``state = 'x'`` (or ``state IN ('x', 'y')``) with the states written into the SQL text.

    Why: ``state`` is in a partial index's WHERE (``ix_tickets_waiting_transfers``). When a
    bound parameter is compared with such a column, SQLite marks the statement to be
    prepared again every time that parameter is bound, i.e. at every execution, so the
    cached statement was re-parsed and re-planned on each call: 15-part heads took
    ~600-900 µs instead of ~60 µs (issue 14, measured). A constant keeps it prepared,
    and lets the planner weigh the state it really asks for. The app's ORM readers of
    ``tickets`` use it too.
    """
    # Enum values (``no_show`` has an underscore), never user text: nothing to quote.
    assert states and all(state.replace("_", "").isalpha() for state in states)
    if len(states) == 1:
        return T.state == literal_column(f"'{states[0]}'")
    return T.state.in_([literal_column(f"'{state}'") for state in states])


def is_held() -> Any:
    """``state IN ('called', 'serving')``, written as ``ix_tickets_held``'s WHERE is.

    SQLite uses a partial index only for a query whose WHERE repeats the index's own
    term: in this form, a counter's held ticket is one seek in that index of a few rows
    (an OR of two states let SQLite, once ANALYZE said ``state`` has few values, scan
    the whole table instead: 752 µs with 10,000 waiting; issue 14). The board's and
    the status change's ORM queries use it too (a bound ``IN (?, ?)`` scanned as well).
    """
    return state_is(*AT_COUNTER)


@functools.cache
def statement(name: str) -> Prepared:
    """The named statement, compiled on first use (start-up compiles none of them)."""
    return Prepared(BUILDERS[name]())


def _ticket_by_id() -> Select[Any]:
    return select(T.__table__).where(T.id == bindparam("id"))


def _by_label() -> Select[Any]:
    return (
        select(T.__table__)
        .where(
            T.service_day == bindparam("day"),
            T.prefix == bindparam("prefix"),
            T.number == bindparam("number"),
        )
        .order_by(T.successor_id.is_(None).desc(), T.queued_at.desc())
        .limit(1)
    )


def _current() -> Select[Any]:
    return (
        select(T.__table__)
        .where(T.counter_id == bindparam("counter_id"), is_held())
        .order_by(T.last_called_at.desc())
        .limit(1)
    )


def _highest() -> Select[Any]:
    return select(func.max(T.number)).where(
        T.office_id == bindparam("office_id"),
        T.service_day == bindparam("day"),
        T.issued_service_id == bindparam("service_id"),
        T.origin_ticket_id.is_(None),
    )


def _normals_since_priority() -> Select[Any]:
    last_priority = (
        select(func.max(T.called_at))
        # (called_at IS NOT NULL: the partial index's WHERE, so it may be used.)
        .where(T.service_day == bindparam("day"), T.is_priority.is_(True), T.called_at.is_not(None))
        .scalar_subquery()
    )
    # Stored text compares as time does; '' is before every call (none priority yet).
    return select(func.count()).where(
        T.service_day == bindparam("day"),
        T.is_priority.is_(False),
        T.called_at > func.coalesce(last_priority, literal_column("''")),
    )


def _waiting_counts(day: bool) -> Any:
    query = select(QueueCount.transferred, QueueCount.is_priority, QueueCount.waiting).where(
        QueueCount.service_id == bindparam("service_id")
    )
    return query.where(QueueCount.service_day == bindparam("day")) if day else query


def _recent_done() -> Any:
    return (
        select(T.walk_seconds, T.service_seconds)
        .where(
            T.service_day == bindparam("day"),
            T.service_id == bindparam("service_id"),
            state_is(TicketState.DONE.value),
        )
        .order_by(T.ended_at.desc())
        .limit(bindparam("limit"))
    )


def _busy_counters() -> Any:
    return (
        select(T.counter_id)
        .where(T.service_day == bindparam("day"), T.last_called_at >= bindparam("since"))
        .distinct()
    )


def _estimate(day: bool) -> Any:
    """An issue's three estimate reads in one statement, each row tagged with its part.

    0: the waiting counts (``counts_day``, or every day), 1: the recent service times,
    2: the counters that called lately. One statement instead of three: ~15 µs of an
    issue's ~200 µs of CPU (issue 14).
    """
    counts: Any = select(
        literal_column("0"), QueueCount.transferred, QueueCount.is_priority, QueueCount.waiting
    ).where(QueueCount.service_id == bindparam("service_id"))
    if day:
        counts = counts.where(QueueCount.service_day == bindparam("counts_day"))
    recent = _recent_done().subquery()
    busy = _busy_counters().subquery()
    none: Any = literal_column("NULL")
    return union_all(
        counts,
        select(literal_column("1"), recent.c.walk_seconds, recent.c.service_seconds, none),
        select(literal_column("2"), busy.c.counter_id, none, none),
    )


def _waiting(service: bool, day: bool) -> Any:
    query = select(T.__table__).where(state_is(WAITING))
    if service:
        query = query.where(T.service_id == bindparam("service_id"))
    return query.where(T.service_day == bindparam("day")) if day else query


BUILDERS: dict[str, Any] = {
    "config_version": lambda: select(Setting.value).where(Setting.key == CONFIG_VERSION.key),
    # Both versions a use case starts from, in one statement (issue 14: one fewer a use
    # case): the set-up's, and the counter-status log's newest id.
    "versions": lambda: select(
        select(Setting.value).where(Setting.key == CONFIG_VERSION.key).scalar_subquery(),
        select(func.max(CounterStatusRow.id)).scalar_subquery(),
    ),
    "ticket": _ticket_by_id,
    "by_label": _by_label,
    "current": _current,
    "highest": _highest,
    "insert_ticket": lambda: insert(TICKET_TABLE),
    "insert_event": lambda: insert(EVENT_TABLE).values(
        id=bindparam("id"),
        ticket_id=bindparam("ticket_id"),
        kind=bindparam("kind"),
        at=bindparam("at"),
        counter_id=bindparam("counter_id"),
        user_id=bindparam("user_id"),
        data=bindparam("data", type_=EVENT_TABLE.c.data.type),
    ),
    "status_top": lambda: select(func.max(CounterStatusRow.id)),
    "status_one": lambda: (
        select(CounterStatusRow.status, CounterStatusRow.reason)
        .where(CounterStatusRow.counter_id == bindparam("counter_id"))
        .order_by(CounterStatusRow.id.desc())
        .limit(1)
    ),
    "waiting_counts_day": lambda: _waiting_counts(True),
    "waiting_counts_all": lambda: _waiting_counts(False),
    "recent_done": _recent_done,
    "busy_counters": _busy_counters,
    "estimate_day": lambda: _estimate(True),
    "estimate_all": lambda: _estimate(False),
    "normals_since_priority": _normals_since_priority,
    "open_of_day": lambda: select(T.__table__).where(
        T.service_day == bindparam("day"), or_(state_is(WAITING), is_held())
    ),
    "stale_days": lambda: (
        select(T.service_day)
        .where(
            T.service_day < bindparam("day"),
            or_(state_is(WAITING), state_is(TicketState.CALLED.value)),
        )
        .distinct()
    ),
    "holidays": lambda: select(CityHoliday.day),
    "waiting_any": lambda: _waiting(False, False),
    "waiting_day": lambda: _waiting(False, True),
    "waiting_service": lambda: _waiting(True, False),
    "waiting_service_day": lambda: _waiting(True, True),
}


@functools.cache
def update_statement(columns: frozenset[str]) -> Prepared:
    """UPDATE of exactly these columns of one ticket (a transition changes a few)."""
    table = TICKET_TABLE
    values = {name: bindparam(f"v_{name}", type_=table.c[name].type) for name in columns}
    return Prepared(update(table).where(table.c.id == bindparam("key")).values(values))


def heads_statement(service_ids: Iterable[int]) -> Prepared:
    """The first waiting ticket of each class of each service a counter serves, in one go.

    Built per counter and configuration version by the caller (the desk caches it):
    ``counter_id`` is its one parameter. Each part is one seek in a queue index.
    """
    parts = []
    order = (T.queued_at, T.number)
    for sid in service_ids:
        # Only what ordering and the class need: the one called is then read whole.
        base = select(*HEAD_COLUMNS).where(
            state_is(WAITING),
            T.service_id == sid,
            T.target_counter_id.is_(None) | (T.target_counter_id == bindparam("counter_id")),
        )
        parts.append(base.where(T.origin_ticket_id.is_not(None)).order_by(*order).limit(1))
        for priority in (True, False):
            parts.append(
                base.where(T.origin_ticket_id.is_(None), T.is_priority == priority)
                .order_by(*order)
                .limit(1)
            )
    return Prepared(union_all(*(part.subquery().select() for part in parts)))


#: The columns call-next compares the heads of the queues on (``fifo_key``, ``queue_class``).
HEAD_COLUMNS = (T.id, T.queued_at, T.prefix, T.number, T.origin_ticket_id, T.is_priority)
_QUEUED_AT: Any = result_processor(TICKET_TABLE.c.queued_at.type)


class Head(NamedTuple):
    """The first waiting ticket of one queue class of one service, as far as ordering goes."""

    id: str
    queued_at: datetime
    prefix: str
    number: int
    origin_ticket_id: str | None
    is_priority: bool

    @classmethod
    def of_row(cls, row: Sequence[Any]) -> Head:
        """From a row of ``HEAD_COLUMNS``, converted as the ORM loads them.

        A tuple built directly: ~2 µs a head where a generic row reader and a frozen
        dataclass took ~7 (ten to fifteen heads per call-next; issue 14).
        """
        ticket_id, queued_at, prefix, number, origin, priority = row
        return cls(ticket_id, _QUEUED_AT(queued_at), prefix, number, origin, bool(priority))
