"""Satisfaction and follow-up tables: one-tap ratings, SKM answers, follow-up hand-overs.

Kept beside the ticket tables (same ``Base``, Alembic revision 0005) but out of
``ticket_events``: a rating or a questionnaire is the citizen's voice about the office,
not a move of the queue, and an SKM respondent is anonymous (age band, sex, education and
occupation at most; never a name or NIK), so nothing here can identify a person.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, event, func, select, text
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from loket.core.settings import SYNC_FEEDBACK_SEQ
from loket.store.base import Base
from loket.store.models import TicketRow
from loket.store.settings import read_setting


class RatingRow(Base):
    """The face a citizen tapped after their service (1 = very unhappy ... 4 = very happy).

    One per ticket; the service day, service and counter are copied from the ticket so a
    period's average is one indexed range read without a join.
    """

    __tablename__ = "ticket_ratings"

    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)
    service_day: Mapped[date] = mapped_column(Date, index=True)
    service_id: Mapped[int] = mapped_column(Integer)
    counter_id: Mapped[int | None] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(Integer)
    rated_at: Mapped[datetime]
    #: Position in the feedback outbox (see :func:`_number_for_sync`); None: not yet.
    sync_seq: Mapped[int | None] = mapped_column(Integer, index=True)


class SkmResponseRow(Base):
    """One completed SKM questionnaire (PermenPANRB 14/2017): nine elements scored 1–4."""

    __tablename__ = "skm_responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_day: Mapped[date] = mapped_column(Date, index=True)  # office-local date
    created_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(16))  # kiosk | paper
    service_id: Mapped[int | None] = mapped_column(Integer)
    u1: Mapped[int] = mapped_column(Integer)
    u2: Mapped[int] = mapped_column(Integer)
    u3: Mapped[int] = mapped_column(Integer)
    u4: Mapped[int] = mapped_column(Integer)
    u5: Mapped[int] = mapped_column(Integer)
    u6: Mapped[int] = mapped_column(Integer)
    u7: Mapped[int] = mapped_column(Integer)
    u8: Mapped[int] = mapped_column(Integer)
    u9: Mapped[int] = mapped_column(Integer)
    age_band: Mapped[str | None] = mapped_column(String(16))
    sex: Mapped[str | None] = mapped_column(String(1))  # L | P
    education: Mapped[str | None] = mapped_column(String(16))
    occupation: Mapped[str | None] = mapped_column(String(24))
    suggestion: Mapped[str | None] = mapped_column(Text)
    #: The questionnaire's id at the city (the local integer id is not unique there).
    uid: Mapped[str | None] = mapped_column(String(36), default=lambda: str(uuid.uuid4()))
    sync_seq: Mapped[int | None] = mapped_column(Integer, index=True)


class FollowUpClosureRow(Base):
    """A follow-up's document was handed over: the follow-up is closed from ``closed_at``.

    A separate row rather than a ticket event because the ticket's queue life ended at
    "finished"; the hand-over may come days later from whoever is at the desk.
    """

    __tablename__ = "follow_up_closures"

    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    closed_at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    sync_seq: Mapped[int | None] = mapped_column(Integer, index=True)


#: Follow-ups still open from before a period: found without scanning years of tickets.
FOLLOW_UP_INDEX = Index(
    "ix_tickets_follow_up_due",
    TicketRow.__table__.c.due_date,
    sqlite_where=text("outcome = 'follow_up'"),
    postgresql_where=text("outcome = 'follow_up'"),
)


#: The rows that travel to the city server (``loket.sync.feedback``), in one sequence.
SYNCED_FEEDBACK: tuple[type[Any], ...] = (RatingRow, SkmResponseRow, FollowUpClosureRow)


def next_sync_seq(s: Session) -> int:
    """One past the highest feedback sequence in the three tables, and never at or below
    the acknowledged one: a client promoted to hub inherits the old hub's settings (its
    cursor) but not its feedback rows, and a row numbered below the cursor would never
    be sent."""
    highest = read_setting(s, SYNC_FEEDBACK_SEQ)
    for model in SYNCED_FEEDBACK:
        value = s.scalar(select(func.max(model.sync_seq)))
        highest = max(highest, int(value or 0))
    return highest + 1


@event.listens_for(Session, "before_flush")
def _number_for_sync(s: Session, _flush: UOWTransaction, _instances: Any) -> None:
    """Give every new or changed rating, questionnaire or hand-over the next sequence.

    Done at flush, not in each use case, so no writer (kiosk, paper entry, simulation,
    hub, a replica taking over) can store one the city never hears of. A changed row (a
    second tap replaces the first face) takes a new, higher number and so goes again;
    the city keeps one row per rating, questionnaire and hand-over by its key. Desk
    writes hold the SQLite write lock from their first statement, so two writers never
    take one number.
    """
    changed = [
        obj
        for obj in (*s.new, *s.dirty)
        if isinstance(obj, SYNCED_FEEDBACK) and (obj in s.new or s.is_modified(obj))
    ]
    if not changed:
        return
    with s.no_autoflush:
        seq = next_sync_seq(s)
    for obj in changed:
        obj.sync_seq = seq
        seq += 1
