"""The city's copy of the offices' satisfaction data, and the city's own settings.

Ratings, SKM answers and follow-up hand-overs arrive from the desks (``/api/v1/feedback``)
keyed as the desk keys them: a rating and a hand-over by the ticket's UUID, an SKM
answer by its own UUID. One row per key, so a resent item is found, not doubled. No
personal data: scores, dates, the desk's service id and the PermenPANRB profile bands.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from loket.server import models as _models  # noqa: F401 - the tables our foreign keys name
from loket.server.base import ServerBase


class DeskFeedbackMark(ServerBase):
    """Every feedback item of this desk up to ``seq`` is held (stored or refused)."""

    __tablename__ = "desk_feedback_marks"

    desk_id: Mapped[str] = mapped_column(ForeignKey("desks.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)


class ServerRating(ServerBase):
    __tablename__ = "ratings"
    __table_args__ = (Index("ix_ratings_office_day", "office_id", "service_day"),)

    ticket_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    desk_id: Mapped[str] = mapped_column(ForeignKey("desks.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    service_day: Mapped[date] = mapped_column(Date)
    service_id: Mapped[int | None] = mapped_column(BigInteger)
    counter_id: Mapped[int | None] = mapped_column(BigInteger)
    score: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime]


class ServerSkmResponse(ServerBase):
    __tablename__ = "skm_responses"
    __table_args__ = (Index("ix_skm_responses_office_day", "office_id", "survey_day"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    desk_id: Mapped[str] = mapped_column(ForeignKey("desks.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    survey_day: Mapped[date] = mapped_column(Date)
    service_id: Mapped[int | None] = mapped_column(BigInteger)
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
    sex: Mapped[str | None] = mapped_column(String(1))
    education: Mapped[str | None] = mapped_column(String(16))
    occupation: Mapped[str | None] = mapped_column(String(24))
    received_at: Mapped[datetime]


class ServerClosure(ServerBase):
    """A follow-up's document was handed over (it stops counting as overdue)."""

    __tablename__ = "follow_up_closures"

    ticket_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    desk_id: Mapped[str] = mapped_column(ForeignKey("desks.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    closed_on: Mapped[date] = mapped_column(Date)  # office-local date of the hand-over
    closed_at: Mapped[datetime]
    received_at: Mapped[datetime]


class CitySetting(ServerBase):
    """The city's own settings (``loket server city``): its name, its logo."""

    __tablename__ = "city_settings"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    text: Mapped[str | None] = mapped_column(Text)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime]
