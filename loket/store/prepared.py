"""Core statements compiled once and run on the sqlite3 connection of a transaction.

Why: the queue's use cases ran on the ORM, and ~60 % of an ``issue`` was SQLAlchemy's
Python (unit of work, per-call compilation, result loading) around one fsync (issue 14).
The statements here are still SQLAlchemy Core, built from the models' tables, so the
schema has one definition; each is compiled once per process, and its parameters and
results go through the column types' own processors (UTC datetimes, dates, JSON,
booleans), so what is stored is byte for byte what the ORM would store.

The desk database is SQLite only (the city server has its own statements), hence one
dialect, with the ``qmark`` parameters the stdlib driver takes.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, Date, Table
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from loket.sql.types import UTCDateTime

DIALECT = sqlite.dialect()

Processor = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _keeps_none(proc: Processor) -> bool:
    """Whether ``proc`` turns None into None (JSON, for one, turns it into ``'null'``)."""
    try:
        return proc(None) is None
    except Exception:  # one that refuses None still gets it, and refuses it as before
        return False


def bind_processor(type_: Any) -> Processor | None:
    """How a value of ``type_`` is handed to the driver, as SQLAlchemy would hand it.

    The dialect's own processor (SQLite's DATETIME text format...), under any decorator;
    for the two a queue statement binds most (UTC datetimes, dates) a direct equivalent
    that gives the same text in one call instead of three (checked against SQLAlchemy's
    in tests/store/test_prepared.py).
    """
    processor = type_.dialect_impl(DIALECT).bind_processor(DIALECT)
    if isinstance(type_, UTCDateTime):
        return _utc_text
    if isinstance(type_, Date) and processor is not None:
        return functools.partial(_date_text, processor)
    return processor  # type: ignore[no-any-return]


def _utc_text(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is UTC:  # the desk's clock and every value read back: one call
        return value.isoformat(" ", "microseconds")[:26]
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _date_text(general: Processor, value: Any) -> Any:
    return value.isoformat() if type(value) is date else general(value)  # (None: None)


class Prepared:
    """One compiled statement: its SQL text and how to order and convert its parameters."""

    __slots__ = ("_slots", "sql")

    def __init__(self, statement: ClauseElement) -> None:
        compiled = statement.compile(dialect=DIALECT)
        assert isinstance(compiled, SQLCompiler)
        self.sql = compiled.string
        defaults = compiled.construct_params(_check=False)
        slots: list[tuple[str, Any, Processor | None, bool]] = []
        for name in compiled.positiontup or ():
            proc = bind_processor(compiled.binds[name].type)
            slots.append((name, defaults.get(name), proc, proc is not None and _keeps_none(proc)))
        self._slots = tuple(slots)

    def args(self, params: Mapping[str, Any]) -> list[Any]:
        """The driver's positional parameters; a name not given takes the statement's value.

        A None skips a processor that would give None back anyway: most of a new
        ticket's datetime columns are empty, and each processor call costs a microsecond
        or two (eight per ``issue``).
        """
        get = params.get
        return [
            value if proc is None or (keeps_none and value is None) else proc(value)
            for name, default, proc, keeps_none in self._slots
            for value in (get(name, default),)
        ]

    def run(self, conn: sqlite3.Connection, **params: Any) -> sqlite3.Cursor:
        return conn.execute(self.sql, self.args(params))


class RowReader:
    """Turns the driver's tuples for ``columns`` into values as the ORM would load them."""

    __slots__ = ("_procs", "names")

    def __init__(self, columns: Sequence[Column[Any]]) -> None:
        self.names = tuple(c.name for c in columns)
        self._procs = tuple(result_processor(column.type) or _identity for column in columns)

    def values(self, row: Sequence[Any]) -> dict[str, Any]:
        return {
            name: None if value is None else proc(value)
            for name, proc, value in zip(self.names, self._procs, row, strict=True)
        }


def result_processor(type_: Any) -> Processor | None:
    """How a stored value of ``type_`` comes back, as SQLAlchemy would load it.

    For UTC datetimes, a direct parse instead of SQLAlchemy's regular expression (a
    ticket row has seven datetime columns; call-next reads fifteen heads).
    """
    processor = type_.dialect_impl(DIALECT).result_processor(DIALECT, None)
    if isinstance(type_, UTCDateTime) and processor is not None:
        return functools.partial(_utc_value, processor)
    return processor  # type: ignore[no-any-return]


def _utc_value(general: Processor, value: Any) -> Any:
    if type(value) is str:
        try:
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        except ValueError:
            pass
    return general(value)


def table_columns(table: Table | Any) -> list[Column[Any]]:
    """A mapped class's or a table's columns, in the table's order."""
    found = getattr(table, "__table__", table)
    assert isinstance(found, Table)
    return list(found.columns)
