"""The desk database schema (SQLAlchemy 2 declarative models).

The schema itself is created and changed only by the Alembic revisions in
``migrations/``; these models must match them (a test compares the two).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from loket.store.base import Base


class Office(Base):
    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(13), unique=True)  # kode wilayah PP.KK.CC.DDDD
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jakarta")
    created_at: Mapped[datetime]


class Service(Base):
    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("office_id", "prefix"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    prefix: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(200))
    standard_minutes: Mapped[int] = mapped_column(Integer, default=15)
    requirements: Mapped[str] = mapped_column(Text, default="")
    fee: Mapped[int] = mapped_column(Integer, default=0)  # rupiah; most services are free
    daily_quota: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Counter(Base):
    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("office_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    number: Mapped[int] = mapped_column(Integer)  # "silakan menuju loket <number>"
    name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CounterService(Base):
    __tablename__ = "counter_services"

    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # operator | supervisor | admin
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    # Lock-out: a PIN of four digits must not be guessable at the counter.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None]


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class TicketRow(Base):
    """The projection of ``ticket_events``: see ``loket.core.tickets.apply``."""

    __tablename__ = "tickets"
    __table_args__ = (
        # One number per office, service day and numbering series. A transfer's
        # successor repeats its origin's number on purpose (the citizen holds that
        # paper), so only tickets a citizen took are constrained.
        Index(
            "uq_tickets_number",
            "office_id",
            "service_day",
            "issued_service_id",
            "number",
            unique=True,
            sqlite_where=text("origin_ticket_id IS NULL"),
            postgresql_where=text("origin_ticket_id IS NULL"),
        ),
        Index("ix_tickets_queue", "state", "service_id", "is_priority", "queued_at", "number"),
        # A day's tickets per service and state; also "the last ones finished today".
        Index("ix_tickets_day_service", "service_day", "service_id", "state", "ended_at"),
        # The 1-in-N policy counts today's calls since the last priority one. Only
        # called tickets: a new ticket writes no entry here (issue 14, migration 0015).
        Index(
            "ix_tickets_day_calls",
            "service_day",
            "is_priority",
            "called_at",
            sqlite_where=text("called_at IS NOT NULL"),
            postgresql_where=text("called_at IS NOT NULL"),
        ),
        # Which counters called someone lately (the wait estimate's open counters).
        Index(
            "ix_tickets_day_last_call",
            "service_day",
            "last_called_at",
            "counter_id",  # covering: the estimate reads no ticket row for it
            sqlite_where=text("last_called_at IS NOT NULL"),
            postgresql_where=text("last_called_at IS NOT NULL"),
        ),
        # The ticket a counter is calling or serving: a few rows at most, one seek.
        Index(
            "ix_tickets_held",
            "counter_id",
            "last_called_at",
            sqlite_where=text("state IN ('called', 'serving')"),
            postgresql_where=text("state IN ('called', 'serving')"),
        ),
        # Transferred tickets wait ahead of everyone: find them without a queue scan.
        Index(
            "ix_tickets_waiting_transfers",
            "service_id",
            "queued_at",
            sqlite_where=text("state = 'waiting' AND origin_ticket_id IS NOT NULL"),
            postgresql_where=text("state = 'waiting' AND origin_ticket_id IS NOT NULL"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    service_day: Mapped[date] = mapped_column(Date)
    issued_service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    prefix: Mapped[str] = mapped_column(String(2))
    number: Mapped[int] = mapped_column(Integer)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    state: Mapped[str] = mapped_column(String(16))
    is_priority: Mapped[bool] = mapped_column(Boolean, default=False)
    priority_reason: Mapped[str | None] = mapped_column(String(32))
    origin_ticket_id: Mapped[str | None] = mapped_column(String(36))
    successor_id: Mapped[str | None] = mapped_column(String(36))
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime]
    queued_at: Mapped[datetime]
    called_at: Mapped[datetime | None]
    last_called_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    call_count: Mapped[int] = mapped_column(Integer, default=0)
    wait_seconds: Mapped[int | None] = mapped_column(Integer)
    walk_seconds: Mapped[int | None] = mapped_column(Integer)
    service_seconds: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date)
    cancel_reason: Mapped[str | None] = mapped_column(Text)


class EventRow(Base):
    """Append-only log of ticket changes; the sync outbox (``sent_at`` is null until acked)."""

    __tablename__ = "ticket_events"
    __table_args__ = {"sqlite_autoincrement": True}

    # AUTOINCREMENT: a deleted tail never gives its sequence numbers to new events.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    ticket_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime]
    counter_id: Mapped[int | None] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    sent_at: Mapped[datetime | None] = mapped_column(index=True)


class CitizenRow(Base):
    """Optional personal data of the citizen behind a ticket.

    Kept out of ``ticket_events`` on purpose: the event log goes to the city, personal
    data never does. The NIK itself is not stored: only a keyed hash (to find a
    returning citizen by their full NIK) and its last four digits (to show it masked).
    """

    __tablename__ = "ticket_citizens"

    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20))
    nik_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    nik_district: Mapped[str | None] = mapped_column(String(4))
    nik_last4: Mapped[str | None] = mapped_column(String(4))
    updated_at: Mapped[datetime]


class AuditRow(Base):
    """Who viewed or changed personal data and admin settings (UU 27/2022 asks for it).

    Append-only; ``detail`` never holds the personal data itself, only what was done.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    user_name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CounterStatusRow(Base):
    """A counter's status changes: open, on a break (with its reason) or closed.

    Append-only: the latest row of a counter is its status now (no row: open), and the
    rows of a day give its break intervals, so idle time can leave breaks out. Apart from
    ``counters`` (the set-up an admin changes) because operators change it many times a
    day, and the desks re-read the set-up only when its version moves.
    """

    __tablename__ = "counter_status_log"
    __table_args__ = (Index("ix_counter_status_log_counter_at", "counter_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"))
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(Integer)
