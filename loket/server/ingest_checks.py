"""What an event's ticket must satisfy before the city stores it, checked per item.

Why here and per item: one value a column cannot hold (a number beyond BIGINT, a text
longer than its column, a NUL, a string where an id belongs) would fail the whole
batch's write, and the desk's queue would stop behind it. So every column of the ticket
``apply`` produced is checked against the server's own table, and a bad one rejects
that event alone, with its reason. The limits come from ``ServerTicket``'s column types,
so a column widened by a migration is checked by its new width.

Checked as plain loops over precomputed column lists (no per-value type dispatch): this
runs for every event of a backlog, 50,000 times for a desk back after weeks offline.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, Date, DateTime, Integer, String, Table

from loket.core.days import service_day
from loket.core.tickets import EventKind, Ticket, TicketEvent
from loket.server.models import ServerTicket

#: How far after the server's clock (or the desk's, when it sends it) an event may be
#: dated: clocks drift by minutes, a time zone set wrong by hours; a day is "far".
FUTURE_TOLERANCE = timedelta(days=1)
#: Events older than this are not a desk's backlog but a clock set years back.
MAX_EVENT_AGE = timedelta(days=5 * 366)
_BIGINT_LIMIT = 2**62  # BIGINT with room; a bigger id is a broken event, not a real desk
_INT_LIMIT = 2**31 - 1
_YEARS = (2000, 2200)
#: The ticket's own times, each of which must not lie beyond the server's tolerance.
_TIMES_CHECKED = ("issued_at", "queued_at", "called_at", "last_called_at", "started_at")


_INT, _TEXT, _DATE, _DATETIME = range(4)


def _column_plan() -> dict[str, tuple[int, int]]:
    """Each ticket column's kind of check and its bound (a number's or a text's length)."""
    table = cast(Table, ServerTicket.__table__)
    plan: dict[str, tuple[int, int]] = {}
    for f in dataclasses.fields(Ticket):
        kind: Any = table.c[f.name].type
        kind = getattr(kind, "impl", kind)  # UTCDateTime is a DateTime underneath
        if isinstance(kind, Integer):
            plan[f.name] = (_INT, _BIGINT_LIMIT if isinstance(kind, BigInteger) else _INT_LIMIT)
        elif isinstance(kind, String):
            plan[f.name] = (_TEXT, kind.length or 100_000)
        elif isinstance(kind, DateTime):
            plan[f.name] = (_DATETIME, 0)
        elif isinstance(kind, Date):
            plan[f.name] = (_DATE, 0)
        else:  # pragma: no cover - a new column type must get its check here
            raise TypeError(f"no check for ticket column {f.name} ({kind})")
    return plan


_PLAN = _column_plan()


def check_ticket(ticket: Ticket, before: Ticket | None = None) -> None:
    """``ValueError`` (Indonesian) unless every column fits the server's table.

    With ``before`` (the ticket as it was, checked or read from the table already) only
    the columns the event changed are checked: three or four of 28 for most moves.
    """
    values = ticket.__dict__  # a plain dataclass: its fields are its __dict__
    if before is None:
        changed = list(values.items())
    else:
        old = before.__dict__
        changed = [(name, value) for name, value in values.items() if value is not old[name]]
    low, high = _YEARS
    for name, value in changed:
        if value is None:
            continue
        kind, limit = _PLAN[name]
        if kind == _INT:
            if type(value) is not int or not -limit <= value <= limit:
                raise ValueError(f"{name} di luar batas")
        elif kind == _TEXT:
            if not isinstance(value, str):
                raise ValueError(f"{name} bukan teks")
            if len(value) > limit:
                raise ValueError(f"{name} terlalu panjang")
            if "\x00" in value:
                raise ValueError("teks berisi karakter NUL")
        elif kind == _DATETIME:
            if not isinstance(value, datetime) or value.tzinfo is None:
                raise ValueError(f"{name} tanpa zona waktu")
            if not low <= value.year <= high:
                raise ValueError(f"{name} di luar batas")
        elif type(value) is not date or not low <= value.year <= high:
            raise ValueError(f"{name} di luar batas")


@dataclass(frozen=True)
class Clocks:
    """The bounds of one batch's times, computed once for its thousand events."""

    now: datetime
    latest: datetime  # the server's clock plus the tolerance
    desk_latest: datetime | None  # the desk's clock when it sent, plus the tolerance
    desk_clock: datetime | None
    earliest: datetime
    zone_name: str
    zone: ZoneInfo

    @classmethod
    def of(cls, now: datetime, desk_clock: datetime | None, zone: str) -> Clocks:
        return cls(
            now=now,
            latest=now + FUTURE_TOLERANCE,
            desk_latest=None if desk_clock is None else desk_clock + FUTURE_TOLERANCE,
            desk_clock=desk_clock,
            earliest=now - MAX_EVENT_AGE,
            zone_name=zone,
            zone=_zone(zone),
        )


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def check_time(event: TicketEvent, ticket: Ticket, clocks: Clocks) -> None:
    """Refuse an event dated far from the server's and the desk's clocks, or a ticket
    whose service day is not the office-local date it was issued on (issue 10 item 10)."""
    at = event.at
    if at > clocks.latest:
        raise ValueError(
            f"waktu kejadian {_stamp(at)} jauh di depan jam server kota (lebih dari 1 hari)"
        )
    if clocks.desk_latest is not None and at > clocks.desk_latest:
        desk = cast(datetime, clocks.desk_clock)
        raise ValueError(
            f"waktu kejadian {_stamp(at)} jauh di depan jam perangkat saat mengirim "
            f"({_stamp(desk)})"
        )
    if at < clocks.earliest:
        raise ValueError(f"waktu kejadian {_stamp(at)} lebih dari 5 tahun yang lalu")
    for name in _TIMES_CHECKED:
        value = getattr(ticket, name)
        if value is not None and value > clocks.latest:
            raise ValueError(f"{name} jauh di depan jam server kota")
    kind = event.kind
    if kind is EventKind.ISSUED:
        local = service_day(ticket.issued_at, clocks.zone)
        if ticket.service_day != local:
            raise ValueError(
                f"service_day {ticket.service_day.isoformat()} tidak cocok dengan tanggal "
                f"terbit di zona kantor ({local.isoformat()}, {clocks.zone_name})"
            )
    elif kind is EventKind.TRANSFERRED_IN:
        local = service_day(at, clocks.zone)
        if ticket.service_day > local:  # a transfer keeps its day; it cannot precede it
            raise ValueError(
                f"service_day {ticket.service_day.isoformat()} sesudah tanggal pengalihan "
                f"di zona kantor ({local.isoformat()}, {clocks.zone_name})"
            )


def _stamp(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def naive_utc(value: datetime) -> datetime:
    """As the server's timestamp columns hold it (``UTCDateTime``: naive UTC)."""
    if value.tzinfo is UTC:
        return value.replace(tzinfo=None)
    return value.astimezone(UTC).replace(tzinfo=None)


def column_time(value: datetime) -> datetime:
    """A time for ``server/bulk.py``'s writers: a UTC instant as it is, others as naive UTC.

    Why not always ``naive_utc``: ``datetime.replace`` costs ~2 µs on Python 3.11, and a
    backlog has ~150,000 of these. The writers store an aware UTC value as its naive
    UTC text (PostgreSQL's ``timestamp`` input ignores the ``+00:00``; the SQLite
    writer drops it), so only another offset needs converting here.
    """
    if value.tzinfo is UTC:
        return value
    return naive_utc(value)
