"""Desk-side helpers of the sync tests: desks, comparisons of desk and server."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

import requests
from sqlalchemy import select

from loket.app.demo import DEMO_SERVICES
from loket.app.office import ServiceSpec, add_counter, add_services, create_office
from loket.app.stats import stats_for_day
from loket.core.tickets import Ticket
from loket.server.db import ServerDatabase
from loket.server.models import DeskRow, OfficeRow, RejectedEvent, ServerEvent, ServerTicket
from loket.sql.tickets import ticket_from_row as server_ticket
from loket.store.database import Database
from loket.store.models import EventRow, TicketRow
from loket.store.projection import ticket_from_row
from loket.sync.client import SyncClient, Timeouts
from loket.sync.retry import RetryPolicy

#: Retries fast enough for tests, as many as a flaky exchange needs.
FAST = RetryPolicy(attempts=8, base=0.01, cap=0.05)
#: Give up quickly (the server is meant to be unreachable).
GIVE_UP = RetryPolicy(attempts=2, base=0.01, cap=0.02)
DEMO_CODE = "32.73.01.1001"
DEMO_NAME = "Kelurahan Sukamaju (demo)"


def make_client(url: str, *, read_timeout: float = 2.0, **kwargs: Any) -> SyncClient:
    return SyncClient(
        url, requests.Session(), timeouts=Timeouts(connect=1.0, read=read_timeout), **kwargs
    )


def setup_demo_like_office(db: Database, *, code: str, name: str, counters: int = 3) -> None:
    """An office like the demo one (same services and counters) under another code."""
    create_office(db, name=name, code=code)
    specs: list[ServiceSpec] = list(DEMO_SERVICES)
    ids = add_services(db, specs)
    for number in range(1, counters + 1):
        if number == 1 and counters > 2:
            serves = ids[:3]
        elif number == counters and counters > 2:
            serves = ids[2:]
        else:
            serves = ids
        add_counter(db, number=number, service_ids=serves)


@dataclass(frozen=True)
class EventFacts:
    id: str
    seq: int
    ticket_id: str
    kind: str
    at: Any
    counter_id: int | None
    user_id: int | None
    data: Any


def desk_events(db: Database, *, exclude: Collection[str] = ()) -> dict[str, EventFacts]:
    with db.read() as s:
        rows = s.scalars(select(EventRow)).all()
        return {
            r.id: EventFacts(
                r.id, r.seq, r.ticket_id, r.kind, r.at, r.counter_id, r.user_id, r.data
            )
            for r in rows
            if r.id not in exclude
        }


def server_events(sdb: ServerDatabase, office_code: str) -> dict[str, EventFacts]:
    with sdb.read() as s:
        office_id = s.scalars(select(OfficeRow.id).where(OfficeRow.code == office_code)).one()
        rows = s.scalars(select(ServerEvent).where(ServerEvent.office_id == office_id)).all()
        return {
            r.id: EventFacts(
                r.id, r.seq, r.ticket_id, r.kind, r.at, r.counter_id, r.user_id, r.data
            )
            for r in rows
        }


def server_events_of_desks(sdb: ServerDatabase, office_code: str) -> set[str]:
    """Ids of the events sent by this office's desks (whatever office they were filed under)."""
    with sdb.read() as s:
        office_id = s.scalars(select(OfficeRow.id).where(OfficeRow.code == office_code)).one()
        return set(
            s.scalars(
                select(ServerEvent.id)
                .join(DeskRow, DeskRow.id == ServerEvent.desk_id)
                .where(DeskRow.office_id == office_id)
            )
        )


def rejected_ids(sdb: ServerDatabase) -> set[str]:
    with sdb.read() as s:
        return set(s.scalars(select(RejectedEvent.event_id)).all())


def assert_server_holds_exactly(
    sdb: ServerDatabase,
    db: Database,
    office_code: str,
    *,
    exclude: Collection[str] = (),
    tickets: bool = True,
) -> None:
    """The server holds the desk's events (all but ``exclude``), no more, no fewer, and
    (unless only part was sent) its ticket projection equals the desk's table."""
    desk = desk_events(db, exclude=exclude)
    server = server_events(sdb, office_code)
    missing = desk.keys() - server.keys()
    extra = server.keys() - desk.keys()
    assert not missing and not extra, f"missing {len(missing)}, extra {len(extra)}"
    assert desk == server
    assert server_events_of_desks(sdb, office_code) == server.keys()  # none misfiled
    if tickets:
        assert desk_tickets(db) == server_tickets(sdb, office_code)


def desk_tickets(db: Database) -> dict[str, Ticket]:
    with db.read() as s:
        return {r.id: ticket_from_row(r) for r in s.scalars(select(TicketRow))}


def server_tickets(sdb: ServerDatabase, office_code: str) -> dict[str, Ticket]:
    with sdb.read() as s:
        office_id = s.scalars(select(OfficeRow.id).where(OfficeRow.code == office_code)).one()
        rows = s.scalars(select(ServerTicket).where(ServerTicket.office_id == office_id))
        return {r.id: server_ticket(r) for r in rows}


def unsent(db: Database) -> int:
    with db.read() as s:
        return len(s.scalars(select(EventRow.seq).where(EventRow.sent_at.is_(None))).all())


def desk_figures(db: Database, day: date) -> dict[str, Any]:
    st = stats_for_day(db, day)
    return {
        "issued": st.counts.issued,
        "served": st.counts.served,
        "waiting": st.counts.open,
        "median_wait": st.waiting_time.median,
    }


def city_figures(base_url: str, day: date, office_code: str) -> dict[str, Any]:
    response = requests.get(
        f"{base_url}/api/v1/stats", params={"date": day.isoformat()}, timeout=10
    )
    response.raise_for_status()
    (office,) = [o for o in response.json()["offices"] if o["code"] == office_code]
    return {k: office[k] for k in ("issued", "served", "waiting", "median_wait")}
