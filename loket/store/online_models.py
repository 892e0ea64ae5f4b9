"""Desk-side tables of the online extras: the bookings the hub pulled (or checked in
from a signed QR alone) and the messages to citizens waiting to be sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from loket.store.base import Base


class BookingRow(Base):
    """A booking made on the city server. ``source``: "city" (pulled) or "signature"
    (checked in from its signed QR before any pull). Name and phone are personal data:
    purged with the tickets' after the retention period."""

    __tablename__ = "bookings"
    __table_args__ = (Index("ix_bookings_day", "day"),)

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    service_prefix: Mapped[str] = mapped_column(String(8))
    service_name: Mapped[str] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date)
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
    name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20))
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(10))
    ticket_id: Mapped[str | None] = mapped_column(String(36))
    ticket_label: Mapped[str | None] = mapped_column(String(16))
    checked_in_at: Mapped[datetime | None]
    reported_at: Mapped[datetime | None]  # the check-in reached the city


class MessageRow(Base):
    """A message to a citizen: queued by the desk's transaction, sent in the background.

    ``key`` makes it idempotent ("almost:<ticket>", "ready:<ticket>"): a ticket gets each
    kind at most once, whatever retries happen. ``status``: pending, sent, failed.
    """

    __tablename__ = "citizen_messages"
    __table_args__ = (Index("ix_citizen_messages_status", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # almost, ready
    ticket_id: Mapped[str] = mapped_column(String(36))
    service_id: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str | None] = mapped_column(String(20))  # cleared once sent or failed
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
