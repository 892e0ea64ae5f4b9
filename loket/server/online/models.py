"""Tables of the online extras (same metadata as the rest of the server's schema)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from loket.server import models as _models  # noqa: F401 - the table our foreign keys name
from loket.server.base import ServerBase


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


class OnlineKey(ServerBase):
    """The city's Ed25519 signing key for booking QR codes (made at the first booking).

    Kept in the server database (the desks hold only the public half): whoever reads
    this table can forge booking QR codes, so it is as sensitive as the desk tokens'
    database itself.
    """

    __tablename__ = "online_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    private_raw: Mapped[str] = mapped_column(String(64))  # hex
    public_key: Mapped[str] = mapped_column(String(64))  # base64url
    created_at: Mapped[datetime]


class OnlineSessionRule(ServerBase):
    """A bookable session of one office's service, on some weekdays, with a quota.

    ``source``: "desk" (the office set it and synced it; a new sync replaces these) or
    "server" (set on the city server; the office's sync leaves them alone).
    """

    __tablename__ = "online_session_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    service_prefix: Mapped[str] = mapped_column(String(8))
    service_name: Mapped[str] = mapped_column(String(200))
    weekdays: Mapped[str] = mapped_column(String(7))
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
    quota: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime]


class OnlineBooking(ServerBase):
    """One citizen's booking. The NIK is never kept: only its last four digits."""

    __tablename__ = "online_bookings"
    __table_args__ = (Index("ix_online_bookings_rule_day", "rule_id", "day"),
                      Index("ix_online_bookings_office_day", "office_id", "day"))  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("online_session_rules.id"))
    code: Mapped[str] = mapped_column(String(8), unique=True)
    day: Mapped[date] = mapped_column(Date)
    service_prefix: Mapped[str] = mapped_column(String(8))
    service_name: Mapped[str] = mapped_column(String(200))
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20))
    nik_last4: Mapped[str | None] = mapped_column(String(4))
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    cancelled_at: Mapped[datetime | None]
    checked_in_at: Mapped[datetime | None]
    ticket_label: Mapped[str | None] = mapped_column(String(16))


class OnlineMessageCount(ServerBase):
    """Messages an office sent to citizens per day and service (counts from its live state)."""

    __tablename__ = "online_message_counts"

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    service_prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    service_name: Mapped[str] = mapped_column(String(200))
    sent: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime]
