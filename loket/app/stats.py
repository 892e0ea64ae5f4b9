"""Reading a day's figures out of the ticket table.

A day is a few hundred rows found through the (service_day, service_id) index; the
arithmetic is the core's, so the CLI, the dashboard and the city agree.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from loket.app.office import list_counters, list_services, load_office
from loket.core.days import hour_of_day
from loket.core.stats import DayStats, TicketFacts, day_stats
from loket.core.tickets import TicketState
from loket.store.database import Database
from loket.store.models import TicketRow


def stats_for_day(db: Database, day: date) -> DayStats:
    with db.read() as s:
        office = load_office(s)
        tz = office.tz
        rows = s.execute(
            select(
                TicketRow.service_id,
                TicketRow.counter_id,
                TicketRow.state,
                TicketRow.origin_ticket_id,
                TicketRow.queued_at,
                TicketRow.ended_at,
                TicketRow.wait_seconds,
                TicketRow.service_seconds,
            ).where(TicketRow.service_day == day)
        ).all()
        services = {sv.id: (sv.prefix, sv.name) for sv in list_services(s)}
        counters = {c.id: (str(c.number), c.name) for c in list_counters(s)}
    facts = [
        TicketFacts(
            service_id=r.service_id,
            counter_id=r.counter_id,
            state=TicketState(r.state),
            is_transfer_in=r.origin_ticket_id is not None,
            issued_hour=hour_of_day(r.queued_at, day, tz),
            ended_hour=hour_of_day(r.ended_at, day, tz) if r.ended_at is not None else None,
            wait_seconds=r.wait_seconds,
            service_seconds=r.service_seconds,
        )
        for r in rows
    ]
    return day_stats(day, facts, services, counters)
