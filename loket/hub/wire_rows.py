"""Table rows as JSON lists and back, for the replica's wire format.

Apart from ``replica`` so that the hub's and the replica's halves share one encoding:
aware datetimes and dates travel as ISO text and come back as the column's own type.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.types import Date

from loket.sql.types import UTCDateTime
from loket.store.schema import metadata


def table(name: str) -> Table:
    """The desk schema's table of this name."""
    return metadata.tables[name]


def encode_value(value: Any) -> Any:
    """A column value as JSON can carry it (dates and datetimes as ISO text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _decoder(table: Table) -> list[Any]:
    decoders: list[Any] = []
    for column in table.columns:
        if isinstance(column.type, UTCDateTime):
            decoders.append(lambda v: None if v is None else datetime.fromisoformat(v))
        elif isinstance(column.type, Date):
            decoders.append(lambda v: None if v is None else date.fromisoformat(v))
        else:
            decoders.append(lambda v: v)
    return decoders


def rows_to_wire(table: Table, rows: Iterable[Any]) -> list[list[Any]]:
    return [[encode_value(value) for value in row] for row in rows]


def rows_from_wire(table: Table, rows: list[list[Any]]) -> list[dict[str, Any]]:
    names = [c.name for c in table.columns]
    decoders = _decoder(table)
    return [
        {name: decode(value) for name, decode, value in zip(names, decoders, row, strict=True)}
        for row in rows
    ]
