"""The sync protocol, version 1: what the desk and the city server say to each other.

Both sides import these models, so a field cannot mean one thing on the desk and another
on the server. Everything lives under ``/api/v1``; a change that old desks cannot read
gets ``/api/v2`` beside it (desks are updated office by office, over months).

The event envelope (``EventIn``) is deliberately lenient: the server must be able to
reject one bad event (a "poison" item: unknown kind, bad timestamp, data ``apply``
refuses) *individually* and keep the rest of the batch. A strict envelope would turn one
bad item into a 422 for the whole batch, and the desk's queue would stop behind it.
``EventIn.to_event`` is the strict check, run per item.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from loket.core.tickets import EventKind, TicketEvent

API_PREFIX = "/api/v1"
#: Most events one push may carry (the server's request size cap is set to fit these).
MAX_BATCH = 1000
#: The batch size the desk uses: the most a server takes. Every batch costs a round trip,
#: a token check, a lock, two look-ups and a commit on the server and a commit on the desk
#: whatever its size; a backlog of weeks goes twice as fast in batches of 1,000 as of 500.
DEFAULT_BATCH = MAX_BATCH
#: Bounds of every number that travels, so no value reaches a column that cannot hold it
#: (a 500 for the whole batch): sequences stay inside a signed 64-bit BIGINT with room,
#: ids inside BIGINT, counts inside a 32-bit INTEGER, rupiah inside any sane fee.
MAX_SEQ = 2**62
MAX_ID = 2**63 - 1
MAX_COUNT = 2**31 - 1
MAX_FEE = 10**12


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# -- enrollment ------------------------------------------------------------------------


class OfficeRef(Model):
    code: str = Field(max_length=13)
    name: str = Field(max_length=200)
    zone: str = Field(max_length=64)


class EnrollRequest(Model):
    code: str = Field(min_length=4, max_length=64, description="one-time enrollment code")
    desk_name: str = Field(default="", max_length=100)
    app_version: str = Field(default="", max_length=32)
    #: The desk's own office code (kode wilayah) when it has an office already: the server
    #: refuses a code of another office instead of mixing two offices' registers.
    office_code: str | None = Field(default=None, max_length=13)
    #: The desk id of this desk's previous enrollment (after a revocation): the server
    #: carries its acknowledged sequence over, so the desk need not resend its history.
    previous_desk_id: str | None = Field(default=None, max_length=36)
    #: Made once by the desk for this code and kept until it is enrolled: a retry after a
    #: lost answer carries the same id and gets the same desk and token back (an
    #: idempotency key), instead of finding the one-time code spent.
    request_id: str | None = Field(default=None, min_length=36, max_length=36)

    @model_validator(mode="after")
    def _canonical_request_id(self) -> EnrollRequest:
        if self.request_id is not None:
            _canonical_uuid(self.request_id, "request_id")
        return self


class EnrollResponse(Model):
    desk_id: str
    token: str
    office: OfficeRef
    high_seq: int = Field(default=0, ge=0, le=MAX_SEQ)
    server_time: datetime


# -- events ----------------------------------------------------------------------------


#: A UUID in its canonical text (lower-case hex, 8-4-4-4-12): what ``str(uuid.UUID(x))``
#: gives back, checked without building the object (50,000 times in a backlog).
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _canonical_uuid(value: str, what: str) -> str:
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return value
    try:
        canonical = str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError) as exc:
        raise ValueError(f"{what} bukan UUID") from exc
    if canonical != value:
        raise ValueError(f"{what} bukan UUID baku (huruf kecil)")
    return canonical


class EventIn(Model):
    """One desk event as it travels; ``seq`` is the desk's local monotonic sequence."""

    seq: int = Field(ge=1, le=MAX_SEQ)
    id: str = Field(max_length=64)
    ticket_id: str = Field(max_length=64)
    kind: str = Field(max_length=32)
    at: str = Field(max_length=64, description="ISO 8601 instant with offset")
    counter_id: int | None = Field(default=None, ge=-MAX_ID, le=MAX_ID)
    user_id: int | None = Field(default=None, ge=-MAX_ID, le=MAX_ID)
    data: dict[str, Any] = Field(default_factory=dict)

    def to_event(self) -> TicketEvent:
        """The core event, or ``ValueError`` saying (in Indonesian) why this item is unusable.

        Run for every event a city receives (50,000 for a desk back after weeks offline):
        the kind is a dict look-up and the frozen event is filled in directly, without
        the enum's call machinery and the dataclass's per-field ``__setattr__`` (issue 14).
        """
        event_id = _canonical_uuid(self.id, "id")
        ticket_id = _canonical_uuid(self.ticket_id, "ticket_id")
        kind = _KINDS.get(self.kind)
        if kind is None:
            raise ValueError(f"jenis kejadian tidak dikenal: {self.kind!r}")
        try:
            at = datetime.fromisoformat(self.at)
        except ValueError as exc:
            raise ValueError("waktu kejadian (at) bukan ISO 8601") from exc
        if at.tzinfo is None:
            raise ValueError("waktu kejadian (at) tanpa zona waktu")
        event = object.__new__(TicketEvent)
        event.__dict__.update(
            id=event_id,
            ticket_id=ticket_id,
            kind=kind,
            at=at,
            counter_id=self.counter_id,
            user_id=self.user_id,
            data=self.data,
        )
        return event


#: ``EventKind`` by its value (what ``EventKind(value)`` finds, as a plain look-up).
_KINDS: dict[str, EventKind] = {kind.value: kind for kind in EventKind}


class PushRequest(Model):
    """A batch of events in sequence order.

    ``after_seq`` is the desk's sequence of the event just before the batch's first one
    (0 at the start of its log). The server refuses a batch whose ``after_seq`` lies
    beyond what it holds for this desk (a gap: an earlier batch is missing) with 409
    ``gap`` and its highest sequence, so the desk resends from there.
    """

    office_code: str = Field(max_length=13)
    desk_id: str = Field(max_length=36)
    after_seq: int = Field(ge=0, le=MAX_SEQ)
    events: list[EventIn] = Field(min_length=1, max_length=MAX_BATCH)
    #: The desk's clock when it sent the batch: an event dated after it was not made by
    #: that desk's clock as it runs now (rejected alone, with the reason). Optional so
    #: older desks keep syncing; the server's own clock is checked in any case.
    desk_clock: AwareDatetime | None = None

    @model_validator(mode="after")
    def _in_sequence_order(self) -> PushRequest:
        previous = self.after_seq
        for item in self.events:
            if item.seq <= previous:
                raise ValueError("events must be in strictly increasing seq order after after_seq")
            previous = item.seq
        return self


class ItemStatus(StrEnum):
    ACCEPTED = "accepted"  # new: stored and projected
    DUPLICATE = "duplicate"  # the server held this event (by UUID) already
    REJECTED = "rejected"  # unusable: kept aside on the server, dead-lettered on the desk


class ItemResult(Model):
    seq: int = Field(ge=0, le=MAX_SEQ)
    id: str
    status: ItemStatus
    reason: str | None = None


class PushResponse(Model):
    #: Every desk event up to this sequence is held by the server (stored or rejected).
    highest_seq: int = Field(ge=0, le=MAX_SEQ)
    results: list[ItemResult]


# -- reference data (city → desk) ------------------------------------------------------

RefKind = Literal["service", "announcement", "holiday"]


class ServiceStandard(Model):
    """A service's published standard (keyed by the ticket prefix the offices use)."""

    prefix: str = Field(min_length=1, max_length=2, pattern=r"^[A-Z]{1,2}$")
    name: str = Field(max_length=200)
    standard_minutes: int = Field(ge=1, le=60 * 24 * 30)
    requirements: str = Field(default="", max_length=4000)
    fee: int = Field(default=0, ge=0, le=MAX_FEE)


class Announcement(Model):
    """Running text for the public display."""

    key: str = Field(min_length=1, max_length=64)
    text: str = Field(min_length=1, max_length=1000)
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None


class Holiday(Model):
    day: date
    name: str = Field(max_length=200)


class Removed(Model):
    kind: RefKind
    key: str


class ReferenceResponse(Model):
    """Changes since the desk's cursor, or everything when ``full`` (cursor unknown)."""

    cursor: str
    full: bool
    services: list[ServiceStandard] = Field(default_factory=list)
    announcements: list[Announcement] = Field(default_factory=list)
    holidays: list[Holiday] = Field(default_factory=list)
    removed: list[Removed] = Field(default_factory=list)


# -- heartbeat -------------------------------------------------------------------------


class HeartbeatRequest(Model):
    app_version: str = Field(max_length=32)
    waiting: int = Field(ge=0, le=MAX_COUNT, description="citizens waiting now")
    unsent: int = Field(default=0, ge=0, le=MAX_COUNT, description="events not yet acknowledged")
    #: Any instant: a desk whose clock is years off must still reach the server, which
    #: reports the skew (bounded to what its column holds) instead of refusing it.
    desk_clock: AwareDatetime


class HeartbeatResponse(Model):
    server_time: datetime


# -- public figures --------------------------------------------------------------------


class StaleDesk(Model):
    name: str
    last_seen: datetime | None


class OfficeStats(Model):
    code: str
    name: str
    zone: str  # the office's IANA zone: its "today" and its local times
    date: date
    issued: int
    served: int
    waiting: int
    median_wait: float | None  # seconds
    last_sync: datetime | None
    stale: bool  # some desk of the office not heard from for over a day
    stale_desks: list[StaleDesk] = Field(default_factory=list)


class CityTotals(Model):
    offices: int
    issued: int
    served: int
    waiting: int
    median_wait: float | None
    stale_offices: int


class StatsResponse(Model):
    date: date | None  # None: each office's own "today"
    generated_at: datetime
    offices: list[OfficeStats]
    totals: CityTotals
