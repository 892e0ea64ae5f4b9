"""City-wide figures: each office's day from the server's projected tickets.

The arithmetic is the core's ``day_stats`` over the same facts the desk reads, so a
number on the city page equals the office's own ``loket stats`` for that day once the
desk has synced. The output carries counts and durations only: no names, no NIK, no
ticket numbers (the city's transparency pledge makes it public).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core.days import hour_of_day, service_day, zone
from loket.core.stats import Summary, TicketFacts, day_stats
from loket.core.tickets import TicketState
from loket.server.models import DeskRow, OfficeRow, ServerTicket
from loket.sync.schemas import CityTotals, OfficeStats, StaleDesk, StatsResponse

#: A desk not heard from for longer than this is flagged on the city page.
STALE_AFTER = timedelta(days=1)


def city_stats(s: Session, day: date | None, now: datetime) -> StatsResponse:
    """Every office's figures for ``day`` (None: each office's own current day)."""
    offices = s.scalars(select(OfficeRow).order_by(OfficeRow.code)).all()
    days = {o.id: day or service_day(now, zone(o.zone)) for o in offices}
    facts = _facts(s, offices, days) if offices else {}
    desks: dict[int, list[DeskRow]] = defaultdict(list)
    for desk in s.scalars(select(DeskRow).where(DeskRow.revoked.is_(False))):
        desks[desk.office_id].append(desk)
    out: list[OfficeStats] = []
    all_waits: list[int] = []
    for office in offices:
        office_facts = facts.get(office.id, [])
        all_waits += [f.wait_seconds for f in office_facts if f.wait_seconds is not None]
        out.append(_office_stats(office, days[office.id], office_facts, desks[office.id], now))
    totals = CityTotals(
        offices=len(out),
        issued=sum(o.issued for o in out),
        served=sum(o.served for o in out),
        waiting=sum(o.waiting for o in out),
        median_wait=Summary.of(all_waits).median,
        stale_offices=sum(1 for o in out if o.stale),
    )
    return StatsResponse(date=day, generated_at=now, offices=out, totals=totals)


def _facts(
    s: Session, offices: Sequence[OfficeRow], days: dict[int, date]
) -> dict[int, list[TicketFacts]]:
    """Each office's tickets of its day, as the core's facts (one query for all offices)."""
    facts: dict[int, list[TicketFacts]] = defaultdict(list)
    rows = s.execute(
        select(
            ServerTicket.office_id,
            ServerTicket.service_day,
            ServerTicket.service_id,
            ServerTicket.counter_id,
            ServerTicket.state,
            ServerTicket.origin_ticket_id,
            ServerTicket.queued_at,
            ServerTicket.ended_at,
            ServerTicket.wait_seconds,
            ServerTicket.service_seconds,
        ).where(ServerTicket.service_day.in_(set(days.values())))
    ).all()
    zones = {o.id: zone(o.zone) for o in offices}
    for r in rows:
        office_day = days.get(r.office_id)
        if office_day != r.service_day:
            continue
        tz = zones[r.office_id]
        facts[r.office_id].append(
            TicketFacts(
                service_id=r.service_id,
                counter_id=r.counter_id,
                state=TicketState(r.state),
                is_transfer_in=r.origin_ticket_id is not None,
                issued_hour=hour_of_day(r.queued_at, office_day, tz),
                ended_hour=(
                    hour_of_day(r.ended_at, office_day, tz) if r.ended_at is not None else None
                ),
                wait_seconds=r.wait_seconds,
                service_seconds=r.service_seconds,
            )
        )
    return facts


def _office_stats(
    office: OfficeRow, day: date, facts: list[TicketFacts], desks: list[DeskRow], now: datetime
) -> OfficeStats:
    figures = day_stats(day, facts, {}, {})
    seen = [d.last_seen_at for d in desks if d.last_seen_at is not None]
    stale = [
        StaleDesk(name=d.name, last_seen=d.last_seen_at)
        for d in desks
        if d.last_seen_at is None or now - d.last_seen_at > STALE_AFTER
    ]
    return OfficeStats(
        code=office.code,
        name=office.name,
        zone=office.zone,
        date=day,
        issued=figures.counts.issued,
        served=figures.counts.served,
        waiting=figures.counts.open,
        median_wait=figures.waiting_time.median,
        last_sync=max(seen) if seen else None,
        stale=bool(stale),
        stale_desks=stale,
    )
