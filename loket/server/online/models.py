"""Tables of the online extras (same metadata as the rest of the server's schema)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from loket.server.models import ServerBase


class OnlineLive(ServerBase):
    """The latest live state an office sent (one row per office, highest version kept)."""

    __tablename__ = "online_live"

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    generated_at: Mapped[datetime]
    received_at: Mapped[datetime]
    day: Mapped[date] = mapped_column(Date)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class OnlineTicket(ServerBase):
    """What the city last knew of one ticket link: which office, its number, its state.

    ``state``: waiting, called, serving, or gone (no longer in the office's queue: served,
    skipped or cancelled). Kept a few days, then pruned.
    """

    __tablename__ = "online_tickets"
    __table_args__ = (Index("ix_online_tickets_office_day", "office_id", "day"),)

    token: Mapped[str] = mapped_column(String(16), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    day: Mapped[date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(16))
    service_name: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16))
    counter: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime]
