"""Protocol of the online extras (issue 16): the live queue state a desk sends the city.

Apart from ``schemas.py`` so the core sync protocol stays as it is; same rules: bounded
numbers and lists, strict models, shared by the desk and the server. No personal data
travels here: ticket labels (A-012), link tokens, service names, counter numbers.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import AwareDatetime, Field

from loket.sync.schemas import MAX_COUNT, MAX_ID, MAX_SEQ, Model

#: Most waiting tickets one service may list (a larger queue lists its first ones).
MAX_LISTED = 2000
MAX_SERVICES = 100
MAX_COUNTERS = 200
TOKEN = r"^[a-z2-7]{16}$"


class LiveTicket(Model):
    token: str = Field(pattern=TOKEN)
    label: str = Field(max_length=16)
    ahead: int = Field(ge=0, le=MAX_COUNT)
    wait_minutes: int = Field(ge=0, le=MAX_COUNT)


class LiveService(Model):
    id: int = Field(ge=0, le=MAX_ID)
    prefix: str = Field(max_length=8)
    name: str = Field(max_length=200)
    waiting: int = Field(ge=0, le=MAX_COUNT)
    tickets: list[LiveTicket] = Field(default_factory=list, max_length=MAX_LISTED)


class LiveCounter(Model):
    number: int = Field(ge=0, le=MAX_COUNT)
    label: str | None = Field(default=None, max_length=16)  # called or serving now
    token: str | None = Field(default=None, pattern=TOKEN)
    serving: bool = False  # False: called (walking to the counter)
    status: str = Field(default="open", max_length=16)  # open, break, closed
    status_text: str = Field(default="", max_length=100)


class LiveMessages(Model):
    """Messages to citizens of one day and service (counts only)."""

    day: date
    service_prefix: str = Field(max_length=8)
    service_name: str = Field(max_length=200)
    sent: int = Field(ge=0, le=MAX_COUNT)
    failed: int = Field(ge=0, le=MAX_COUNT)


class LiveState(Model):
    """The office's queue now. ``version`` only grows (the desk's clock in ms, or more):
    the server keeps the highest, so a late retry never overwrites newer news."""

    version: int = Field(ge=0, le=MAX_SEQ)
    generated_at: AwareDatetime
    day: date
    timezone: str = Field(max_length=64)
    services: list[LiveService] = Field(default_factory=list, max_length=MAX_SERVICES)
    counters: list[LiveCounter] = Field(default_factory=list, max_length=MAX_COUNTERS)
    messages: list[LiveMessages] = Field(default_factory=list, max_length=MAX_SERVICES * 2)


class LiveAck(Model):
    version: int
    received_at: datetime


# -- bookings ----------------------------------------------------------------------------

TIME = r"^([01]\d|2[0-3]):[0-5]\d$"
MAX_RULES = 500
MAX_BOOKINGS = 5000


class SessionRule(Model):
    """A bookable session of a service, repeated on the given ISO weekdays ("12345")."""

    service_prefix: str = Field(min_length=1, max_length=8)
    service_name: str = Field(min_length=1, max_length=200)
    weekdays: str = Field(pattern=r"^[1-7]{1,7}$")
    start: str = Field(pattern=TIME)
    end: str = Field(pattern=TIME)
    quota: int = Field(ge=1, le=10_000)


class SessionRules(Model):
    """The office's whole set of sessions (a PUT replaces what the office set before)."""

    rules: list[SessionRule] = Field(default_factory=list, max_length=MAX_RULES)


class RulesAck(Model):
    rules: int


class BookingOut(Model):
    """A booking as the hub pulls it (name and phone only for the office's own desks)."""

    code: str = Field(pattern=r"^[0-9A-HJKMNP-TV-Z]{8}$")
    service_prefix: str
    service_name: str
    day: date
    start: str
    end: str
    name: str = ""
    phone: str = ""
    consent: bool = False
    cancelled: bool = False
    checked_in: bool = False


class BookingsResponse(Model):
    public_key: str  # base64url Ed25519: verifies the signed QR codes offline
    bookings: list[BookingOut] = Field(default_factory=list, max_length=MAX_BOOKINGS)


class CheckIn(Model):
    code: str = Field(pattern=r"^[0-9A-HJKMNP-TV-Z]{8}$")
    at: AwareDatetime
    label: str = Field(max_length=16)
    service_prefix: str = Field(default="", max_length=8)
    day: date | None = None  # set for a booking checked in from its signature alone


class CheckIns(Model):
    items: list[CheckIn] = Field(default_factory=list, max_length=MAX_BOOKINGS)


class CheckInsAck(Model):
    recorded: int
