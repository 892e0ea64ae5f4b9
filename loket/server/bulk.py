"""A batch's rows written in one round trip per table.

Why: on PostgreSQL an executemany is one statement per row on the wire (pipelined, but
each bound, parsed and planned), and the parameters of 500 rows × 30 columns cost more
Python than the ingest itself (issue 14). There the rows go as ONE JSON parameter that
PostgreSQL unpacks in C (``json_populate_recordset`` over the table's own row type):
one statement for the events, one upsert for the tickets, whatever the batch size.
SQLite runs in-process (no round trips): it keeps SQLAlchemy's executemany.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    String,
    Table,
    bindparam,
    cast,
    func,
    insert,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session


def json_list(s: Session, values: Sequence[str]) -> Any:
    """``values`` as a one-parameter subquery, for ``column.in_(...)``.

    A literal IN list of 500 ids is 500 parameters: compiled, converted and parsed anew
    for every batch size. One JSON text is one parameter, unpacked by the database.
    """
    payload = json.dumps(list(values))
    if _is_postgresql(s):
        ids = cast(bindparam("ids", payload, type_=String, unique=True), JSON)
        return select(func.json_array_elements_text(ids))
    return select(literal_column("value")).select_from(
        func.json_each(bindparam("ids", payload, type_=String, unique=True))
    )


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        # The columns are naive UTC timestamps (UTCDateTime).
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _is_postgresql(s: Session) -> bool:
    return s.get_bind().dialect.name == "postgresql"


def _from_json(s: Session, table: Table, columns: Sequence[str]) -> str:
    prep = s.get_bind().dialect.identifier_preparer
    name = prep.format_table(table)
    cols = ", ".join(prep.quote(c) for c in columns)
    return (
        f"INSERT INTO {name} ({cols}) SELECT {cols} "
        f"FROM json_populate_recordset(NULL::{name}, CAST(:rows AS json))"
    )


def _payload(rows: Iterable[dict[str, Any]]) -> str:
    return json.dumps(list(rows), default=_json_value, ensure_ascii=False)


def insert_rows(s: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT every row (each with the same keys) in one statement."""
    if not rows:
        return
    if not _is_postgresql(s):
        s.execute(insert(table), rows)
        return
    s.execute(text(_from_json(s, table, list(rows[0]))), {"rows": _payload(rows)})


def upsert_rows(
    s: Session,
    table: Table,
    new: list[dict[str, Any]],
    changed: list[dict[str, Any]],
    *,
    owner: str,
    keep: frozenset[str],
) -> None:
    """Insert ``new`` rows and update ``changed`` ones (by primary key ``id``).

    Every row carries every column. The columns in ``keep`` are never overwritten, and
    a row whose ``owner`` column differs is left alone (a ticket id of another office
    is never taken over, even by a race). On PostgreSQL both go in one
    ``INSERT ... ON CONFLICT DO UPDATE``.
    """
    if not new and not changed:
        return
    if not _is_postgresql(s):
        if new:
            s.execute(insert(table), new)
        if changed:
            rows = [{**{k: v for k, v in r.items() if k != "id" and k not in keep},
                     "row_id": r["id"]} for r in changed]  # fmt: skip
            s.execute(update(table).where(table.c.id == bindparam("row_id")), rows)
        return
    columns = list(new[0] if new else changed[0])
    prep = s.get_bind().dialect.identifier_preparer
    name = prep.format_table(table)
    sets = ", ".join(f"{prep.quote(c)} = EXCLUDED.{prep.quote(c)}" for c in columns
                     if c not in keep and c != "id")  # fmt: skip
    quoted = prep.quote(owner)
    statement = (
        _from_json(s, table, columns)
        + f" ON CONFLICT (id) DO UPDATE SET {sets} WHERE {name}.{quoted} = EXCLUDED.{quoted}"
    )
    s.execute(text(statement), {"rows": _payload([*new, *changed])})
