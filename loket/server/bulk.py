"""A batch's rows written in one round trip per table, at the database's raw speed.

Why: the ingest of a desk's backlog is bound by how fast rows reach the tables (issue 14).
On PostgreSQL the fastest way in is ``COPY ... FROM STDIN``: the rows stream in the wire
format's text form, encoded in C by psycopg, with no statement to parse or plan per row
(about twice a multi-row INSERT's rate and three times an executemany's on the
benchmark). On SQLite, which runs in-process, it is the driver's own ``executemany`` of
one prepared INSERT with the values already in their stored form, skipping
SQLAlchemy's per-value type processing.

Rows are plain tuples in the order of ``columns``, their values as stored: UTC
datetimes (naive, or aware in UTC: written as the same naive UTC time), dates, ints,
strings, and JSON columns as JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    String,
    Table,
    bindparam,
    cast,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import Session

Row = Sequence[Any]


def is_postgresql(s: Session) -> bool:
    return s.get_bind().dialect.name == "postgresql"


def json_list(s: Session, values: Sequence[str]) -> Any:
    """``values`` as a one-parameter subquery, for ``column.in_(...)``.

    A literal IN list of 500 ids is 500 parameters: compiled, converted and parsed anew
    for every batch size. One JSON text is one parameter, unpacked by the database.
    """
    payload = json.dumps(list(values))
    if is_postgresql(s):
        ids = cast(bindparam("ids", payload, type_=String, unique=True), JSON)
        return select(func.json_array_elements_text(ids))
    return select(literal_column("value")).select_from(
        func.json_each(bindparam("ids", payload, type_=String, unique=True))
    )


def copy_rows(s: Session, table: Table, columns: Sequence[str], rows: Sequence[Row]) -> None:
    """INSERT ``rows`` into ``table`` inside the session's transaction, in one go.

    A row that breaks a constraint fails the whole statement (and so the transaction):
    callers insert only rows they know to be new under a lock, and a race they could
    not see becomes a retryable error, never a second copy of a row.
    """
    if not rows:
        return
    prep = s.get_bind().dialect.identifier_preparer
    name = prep.format_table(table)
    cols = ", ".join(prep.quote(c) for c in columns)
    driver = s.connection().connection.driver_connection
    if is_postgresql(s):
        statement = f"COPY {name} ({cols}) FROM STDIN"
        with driver.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(columns))
    driver.executemany(  # type: ignore[union-attr]
        f"INSERT INTO {name} ({cols}) VALUES ({marks})", _sqlite_rows(table, columns, rows)
    )


@contextmanager
def copy_stream(
    s: Session, table: Table, columns: Sequence[str]
) -> Iterator[Callable[[Row], None]]:
    """``copy_rows`` fed row by row: the block gets a ``write(row)``.

    On PostgreSQL the COPY is open for the whole block, so the server inserts rows
    while the caller is still making the next ones (nothing else may run on the
    session meanwhile); on SQLite the rows are kept and written at the block's end.
    An exception inside the block aborts the COPY (and so the transaction).
    """
    if is_postgresql(s):
        prep = s.get_bind().dialect.identifier_preparer
        cols = ", ".join(prep.quote(c) for c in columns)
        statement = f"COPY {prep.format_table(table)} ({cols}) FROM STDIN"
        driver = s.connection().connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
            yield copy.write_row
        return
    rows: list[Row] = []
    yield rows.append
    copy_rows(s, table, columns, rows)


def update_rows(
    s: Session, table: Table, columns: Sequence[str], rows: Sequence[Row], *, owner: str
) -> None:
    """UPDATE existing rows by their ``id`` (the first column), in one statement.

    Only the rows whose ``owner`` column matches the row given are touched (a ticket of
    another office is never taken over, even by a race). ``owner`` and ``id`` must be
    among ``columns``; every other column is overwritten.
    """
    if not rows:
        return
    prep = s.get_bind().dialect.identifier_preparer
    name = prep.format_table(table)
    keyed = [c for c in columns if c not in ("id", owner)]
    if is_postgresql(s):
        # One JSON parameter unpacked in C; a backlog has a few such rows per batch.
        sets = ", ".join(f"{prep.quote(c)} = r.{prep.quote(c)}" for c in keyed)
        statement = (
            f"UPDATE {name} AS t SET {sets} "
            f"FROM json_populate_recordset(NULL::{name}, CAST(:rows AS json)) AS r "
            f"WHERE t.id = r.id AND t.{prep.quote(owner)} = r.{prep.quote(owner)}"
        )
        payload = [dict(zip(columns, _json_row(row), strict=True)) for row in rows]
        s.execute(text(statement), {"rows": json.dumps(payload)})
        return
    sets = ", ".join(f"{prep.quote(c)} = ?" for c in keyed)
    order = [columns.index(c) for c in (*keyed, "id", owner)]
    converted = _sqlite_rows(table, columns, rows)
    s.connection().connection.driver_connection.executemany(  # type: ignore[union-attr]
        f"UPDATE {name} SET {sets} WHERE id = ? AND {prep.quote(owner)} = ?",
        [[row[i] for i in order] for row in converted],
    )


def _json_row(row: Row) -> list[Any]:
    return [v.isoformat() if isinstance(v, date) else v for v in row]


def _sqlite_rows(table: Table, columns: Sequence[str], rows: Sequence[Row]) -> list[list[Any]]:
    """Datetimes and dates as the text SQLAlchemy's SQLite types store and read back."""
    converters: list[tuple[int, Callable[[Any], str]]] = []
    for i, name in enumerate(columns):
        kind = table.c[name].type
        if isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
            converters.append((i, _sqlite_datetime))
        elif isinstance(kind, Date):
            converters.append((i, date.isoformat))
    out: list[list[Any]] = []
    for row in rows:
        values = list(row)
        for i, convert in converters:
            if values[i] is not None:
                values[i] = convert(values[i])
        out.append(values)
    return out


def _sqlite_datetime(value: datetime) -> str:
    if value.tzinfo is not None:  # stored as naive UTC, as SQLAlchemy's type reads it
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(" ", "microseconds")
