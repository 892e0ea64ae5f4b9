"""The city server's schema (its own metadata; created only by its Alembic revisions).

Keys are what the desks already have: a ticket's and an event's UUID come from the desk,
so a resent event is found by its id, never stored twice. Offices are keyed by their
kode wilayah. Desks authenticate with a token of which only the SHA-256 is kept.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from loket.server.base import ServerBase


class ServerState(ServerBase):
    """One row: the data epoch (cursors of another database are invalid) and the
    reference-data version counter."""

    __tablename__ = "server_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    epoch: Mapped[str] = mapped_column(String(32))
    ref_version: Mapped[int] = mapped_column(BigInteger, default=0)


class OfficeRow(ServerBase):
    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(13), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    zone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


class EnrollmentCode(ServerBase):
    __tablename__ = "enrollment_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    desk_id: Mapped[str | None] = mapped_column(String(36))
    #: The desk's idempotency key of the enrollment that used this code, and the desk's
    #: token sealed with a key derived from the code itself (which the server does not
    #: keep): the same request, retried within the code's lifetime after a lost answer,
    #: gets the same desk and token back; the database alone cannot unseal it.
    request_id: Mapped[str | None] = mapped_column(String(36))
    token_seal: Mapped[str | None] = mapped_column(String(64))


class DeskRow(ServerBase):
    __tablename__ = "desks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    enrolled_at: Mapped[datetime]
    #: Every event of this desk up to this sequence is held (stored or rejected).
    high_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_seen_at: Mapped[datetime | None]
    last_push_at: Mapped[datetime | None]
    app_version: Mapped[str | None] = mapped_column(String(32))
    waiting: Mapped[int | None] = mapped_column(Integer)
    unsent: Mapped[int | None] = mapped_column(Integer)
    clock_skew_seconds: Mapped[int | None] = mapped_column(Integer)


# Why ``events`` and ``tickets`` carry ``office_id``/``desk_id`` without foreign keys:
# PostgreSQL checks a foreign key with a trigger per inserted row (an index probe and a
# row lock on ``offices``/``desks``), which was half of its CPU for a backlog's COPY
# (issue 14: 0.7 of 1.4 s for 50,000 events). Only ingest writes these rows, with the
# ids of the desk row it holds locked (``FOR UPDATE``) in the same transaction, and no
# desk or office row is ever deleted (a desk is revoked, a flag), so the per-row checks
# could never fail. (Server migration 0007.)


class ServerEvent(ServerBase):
    """An accepted desk event, exactly as the desk logged it."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_office_ticket", "office_id", "ticket_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # No foreign keys here nor on tickets: see the note above.
    office_id: Mapped[int] = mapped_column(Integer)
    desk_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(BigInteger)
    ticket_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime]
    counter_id: Mapped[int | None] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime]


class RejectedEvent(ServerBase):
    """A desk event the server could not use (kept for diagnosis, never projected)."""

    __tablename__ = "rejected_events"

    desk_id: Mapped[str] = mapped_column(ForeignKey("desks.id"), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime]


class ServerTicket(ServerBase):
    """The projection of an office's events (``loket.core.tickets.apply``), as on the desk.

    Ids of services, counters and users are the desk's own, meaningful within the office.
    """

    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_office_day", "office_id", "service_day"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    office_id: Mapped[int] = mapped_column(Integer)  # no foreign key: see above ServerEvent
    desk_id: Mapped[str] = mapped_column(String(36))
    service_day: Mapped[date] = mapped_column(Date)
    issued_service_id: Mapped[int] = mapped_column(BigInteger)
    prefix: Mapped[str] = mapped_column(String(8))
    number: Mapped[int] = mapped_column(BigInteger)
    service_id: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16))
    priority_reason: Mapped[str | None] = mapped_column(String(32))
    origin_ticket_id: Mapped[str | None] = mapped_column(String(36))
    successor_id: Mapped[str | None] = mapped_column(String(64))
    target_counter_id: Mapped[int | None] = mapped_column(BigInteger)
    counter_id: Mapped[int | None] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    issued_at: Mapped[datetime]
    queued_at: Mapped[datetime]
    called_at: Mapped[datetime | None]
    last_called_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    call_count: Mapped[int] = mapped_column(Integer)
    wait_seconds: Mapped[int | None] = mapped_column(BigInteger)
    walk_seconds: Mapped[int | None] = mapped_column(BigInteger)
    service_seconds: Mapped[int | None] = mapped_column(BigInteger)
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date)
    cancel_reason: Mapped[str | None] = mapped_column(Text)


class RefItem(ServerBase):
    """One piece of reference data the city publishes to desks.

    ``scope`` is "" for city-wide items or an office code for that office's override;
    ``version`` is the server-wide counter value of its last change (the desks' cursor).
    A deleted item stays as a tombstone so a desk's next pull hears of the removal.
    """

    __tablename__ = "ref_items"
    __table_args__ = (
        UniqueConstraint("scope", "kind", "key"),
        Index("ix_ref_items_version", "version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(13))
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(BigInteger)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime]
