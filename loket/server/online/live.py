"""Storing an office's live state and reading one ticket's place from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from loket.server.admin import AuthedDesk
from loket.server.models import OfficeRow
from loket.server.online.models import OnlineLive, OnlineMessageCount, OnlineTicket
from loket.sync.online_schemas import LiveAck, LiveState

#: Without a message for this long, the page says "data terakhir HH.MM".
STALE_AFTER = timedelta(seconds=90)
#: Ticket links are answered this many days after their service day.
KEEP_DAYS = 3
ACTIVE = ("waiting", "called", "serving")


def store_live(s: Session, desk: AuthedDesk, body: LiveState, now: datetime) -> LiveAck:
    """Keep ``body`` unless a newer state is already held (a late retry changes nothing)."""
    row = s.get(OnlineLive, desk.office_id, with_for_update=True)
    if row is not None and row.version >= body.version:
        return LiveAck(version=row.version, received_at=row.received_at)
    if row is None:
        row = OnlineLive(office_id=desk.office_id)
        s.add(row)
    row.version = body.version
    row.generated_at = body.generated_at
    row.received_at = now
    row.day = body.day
    row.body = body.model_dump(mode="json")
    _store_tickets(s, desk.office_id, body, now)
    _store_message_counts(s, desk.office_id, body, now)
    s.execute(
        delete(OnlineTicket).where(
            OnlineTicket.office_id == desk.office_id,
            OnlineTicket.day < body.day - timedelta(days=KEEP_DAYS),
        )
    )
    return LiveAck(version=body.version, received_at=now)


Seen = dict[str, tuple[str, str, str, int | None]]


def _seen(body: LiveState) -> Seen:
    """Token -> (label, service name, state, counter) of every ticket the state shows."""
    seen: Seen = {}
    for service in body.services:
        for t in service.tickets:
            seen[t.token] = (t.label, service.name, "waiting", None)
    names = {sv.prefix: sv.name for sv in body.services}
    for c in body.counters:
        if c.token and c.label:
            service_name = names.get(c.label.rsplit("-", 1)[0], "")
            seen[c.token] = (c.label, service_name, "serving" if c.serving else "called", c.number)
    return seen


def _store_tickets(s: Session, office_id: int, body: LiveState, now: datetime) -> None:
    """Each shown ticket's row made or moved; an active one no longer shown is gone."""
    seen = _seen(body)
    known = {
        t.token: t
        for t in s.scalars(
            select(OnlineTicket).where(
                OnlineTicket.office_id == office_id,
                or_(OnlineTicket.state.in_(ACTIVE), OnlineTicket.token.in_(list(seen))),
            )
        )
    }
    for token, (label, service_name, state, counter) in seen.items():
        ticket = known.get(token)
        if ticket is None:
            s.add(OnlineTicket(token=token, office_id=office_id, day=body.day, label=label,
                               service_name=service_name, state=state, counter=counter,
                               updated_at=now))  # fmt: skip
            continue
        ticket.state = state
        ticket.counter = counter if counter is not None else ticket.counter
        if service_name:
            ticket.service_name = service_name
        ticket.updated_at = now
    for token, ticket in known.items():
        if token not in seen and ticket.state in ACTIVE:
            ticket.state = "gone"
            ticket.updated_at = now


def _store_message_counts(s: Session, office_id: int, body: LiveState, now: datetime) -> None:
    for m in body.messages:
        count = s.get(OnlineMessageCount, (office_id, m.day, m.service_prefix))
        if count is None:
            count = OnlineMessageCount(office_id=office_id, day=m.day,
                                       service_prefix=m.service_prefix)  # fmt: skip
            s.add(count)
        count.service_name, count.sent, count.failed, count.updated_at = (
            m.service_name, m.sent, m.failed, now)  # fmt: skip


@dataclass(frozen=True)
class TicketView:
    """What the phone page shows for one ticket."""

    label: str
    service_name: str
    office_name: str
    office_code: str
    zone: str
    state: str  # waiting, called, serving, gone
    ahead: int | None
    wait_minutes: int | None
    counter: int | None
    calling: list[tuple[int, str, str]]  # (counter, label or "", status text)
    waiting_in_service: int | None
    updated_at: datetime
    stale: bool
    day: date


def ticket_view(s: Session, token: str, now: datetime) -> TicketView | None:
    ticket = s.get(OnlineTicket, token)
    if ticket is None:
        return None
    office = s.get(OfficeRow, ticket.office_id)
    live = s.get(OnlineLive, ticket.office_id)
    if office is None or live is None:
        return None
    body: dict[str, Any] = live.body
    ahead = wait = waiting = None
    state, counter = ticket.state, ticket.counter
    for service in body.get("services", []):
        for t in service.get("tickets", []):
            if t.get("token") == token:
                state, ahead, wait = "waiting", int(t["ahead"]), int(t["wait_minutes"])
                waiting = int(service.get("waiting", 0))
    calling = []
    for c in body.get("counters", []):
        label = c.get("label") or ""
        if c.get("token") == token:
            state = "serving" if c.get("serving") else "called"
            counter = int(c["number"])
        calling.append((int(c["number"]), label, str(c.get("status_text") or "")))
    return TicketView(
        label=ticket.label,
        service_name=ticket.service_name,
        office_name=office.name,
        office_code=office.code,
        zone=office.zone,
        state=state,
        ahead=ahead,
        wait_minutes=wait,
        counter=counter,
        calling=calling,
        waiting_in_service=waiting,
        updated_at=live.received_at,
        stale=now - live.received_at > STALE_AFTER,
        day=ticket.day,
    )
