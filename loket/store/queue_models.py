"""The waiting counts per queue, kept by the database itself.

Why: a new ticket's "people ahead" was a count of the waiting tickets of its service,
which grows with the queue (issue 14). SQLite triggers on ``tickets`` (migration 0014)
keep one row per service day, service and queue class with how many wait in it, so
every writer (the desk, the hub, a replica applying events, a bulk fill) keeps it true
without knowing about it, and the estimate reads a handful of rows. A row that drops to
zero is deleted, so an overnight queue sums only the days that still have someone.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Integer
from sqlalchemy.orm import Mapped, mapped_column

from loket.store.base import Base


class QueueCount(Base):
    __tablename__ = "queue_counts"

    service_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    transferred: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    is_priority: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    waiting: Mapped[int] = mapped_column(Integer)
