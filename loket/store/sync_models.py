"""Desk-side sync tables: enrollment and sync state, dead letters, city reference data.

They live in the desk database (same ``Base``, same Alembic line: revision 0002) so a
backup of ``loket.db`` carries the enrollment with it, and the outbox (``ticket_events
.sent_at``) and the state that says what was acknowledged change in one transaction.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from loket.store.base import Base

#: The one row of ``sync_state``.
SYNC_STATE_ID = 1


class SyncState(Base):
    """Where and as whom this desk syncs, and how the last attempts went.

    The token is kept in clear because the desk must send it; the server keeps only its
    hash. ``needs_enroll`` is set by a 401 and cleared by a new enrollment.
    """

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    server_url: Mapped[str] = mapped_column(String(500))
    desk_id: Mapped[str] = mapped_column(String(36))
    token: Mapped[str] = mapped_column(String(200))
    office_code: Mapped[str] = mapped_column(String(13))
    ca_bundle: Mapped[str | None] = mapped_column(String(1000))
    enrolled_at: Mapped[datetime]
    needs_enroll: Mapped[bool] = mapped_column(Boolean, default=False)
    ref_cursor: Mapped[str | None] = mapped_column(String(200))
    last_attempt_at: Mapped[datetime | None]
    last_contact_at: Mapped[datetime | None]  # the last time the server answered at all
    last_good_sync_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    clock_skew_seconds: Mapped[int | None] = mapped_column(Integer)


class DeadLetter(Base):
    """An event the city server rejected: shown to the admin, never resent by itself."""

    __tablename__ = "sync_dead_letters"

    event_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    rejected_at: Mapped[datetime]


class CityAnnouncement(Base):
    """Running text for the public display, as published by the city."""

    __tablename__ = "sync_announcements"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]


class CityHoliday(Base):
    """A public holiday (no service, skipped by follow-up due dates)."""

    __tablename__ = "sync_holidays"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
