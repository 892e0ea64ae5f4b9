"""Satisfaction and follow-up tables: one-tap ratings, SKM answers, follow-up hand-overs.

Kept beside the ticket tables (same ``Base``, Alembic revision 0005) but out of
``ticket_events``: a rating or a questionnaire is the citizen's voice about the office,
not a move of the queue, and an SKM respondent is anonymous (age band, sex, education and
occupation at most; never a name or NIK), so nothing here can identify a person.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from loket.store.models import Base, TicketRow


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


#: Follow-ups still open from before a period: found without scanning years of tickets.
FOLLOW_UP_INDEX = Index(
    "ix_tickets_follow_up_due",
    TicketRow.__table__.c.due_date,
    sqlite_where=text("outcome = 'follow_up'"),
    postgresql_where=text("outcome = 'follow_up'"),
)
