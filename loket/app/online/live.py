"""The office's live queue state, as the city's ticket pages show it to phones.

Built from the same reads as the display and the kiosk's estimate (the queue order of
``Desk.waiting``, the wait of ``Desk.position``), so a phone says what the waiting room
says. Tokens, labels, service names and counter numbers only: no personal data.
"""

from __future__ import annotations

import math
import time
from datetime import date, datetime

from sqlalchemy import select

from loket.app.counters import CounterState, CounterStatus, counter_states
from loket.app.desk import Desk
from loket.app.office import OfficeConfig, load_config
from loket.app.online.messages import message_figures
from loket.core.days import service_day
from loket.core.links import ticket_token
from loket.core.tickets import TicketState, ticket_label
from loket.store.database import Database
from loket.store.models import TicketRow
from loket.store.queue_statements import is_held
from loket.sync.online_schemas import (
    MAX_LISTED,
    LiveCounter,
    LiveMessages,
    LiveService,
    LiveState,
    LiveTicket,
)

#: ``Desk.wait_seconds`` rounds up per call; asking it for this many people gives the time
#: per person precisely enough to estimate every place of a long queue in one query.
_SCALE = 10_000


def live_state(db: Database, now: datetime) -> LiveState:
    desk = Desk(db, clock=lambda: now)
    with db.read() as s:
        cfg = load_config(s)
        day = service_day(now, cfg.office.tz)
        states = counter_states(s)
        held = {
            row.counter_id: row
            for row in s.scalars(
                select(TicketRow).where(is_held()).order_by(TicketRow.last_called_at)
            )
        }
    return LiveState(
        messages=_messages(db, cfg, day),
        version=time.time_ns() // 1_000_000,
        generated_at=now,
        day=day,
        timezone=cfg.office.timezone,
        services=_services(desk, cfg),
        counters=_counters(cfg, held, states),
    )


def _services(desk: Desk, cfg: OfficeConfig) -> list[LiveService]:
    """Each active service's queue, the first ``MAX_LISTED`` with their place and wait."""
    per_person = {sid: wait / _SCALE for sid, wait in desk.wait_seconds(_SCALE).items()}
    services = []
    for sid, service in sorted(cfg.services.items(), key=lambda kv: kv[1].prefix):
        if not service.active:
            continue
        queue = desk.waiting(sid)
        services.append(
            LiveService(
                id=sid,
                prefix=service.prefix,
                name=service.name,
                waiting=len(queue),
                tickets=[
                    LiveTicket(
                        token=ticket_token(t.id),
                        label=t.label,
                        ahead=i,
                        wait_minutes=round(math.ceil(i * per_person[sid]) / 60),
                    )
                    for i, t in enumerate(queue[:MAX_LISTED])
                ],
            )
        )
    return services


def _counters(
    cfg: OfficeConfig, held: dict[int | None, TicketRow], states: dict[int, CounterState]
) -> list[LiveCounter]:
    """Each active counter: the ticket it calls or serves, its status (break, closed)."""
    counters = []
    for counter in sorted(cfg.counters.values(), key=lambda c: c.number):
        if not counter.active:
            continue
        row = held.get(counter.id)
        state = states.get(counter.id)
        counters.append(
            LiveCounter(
                number=counter.number,
                label=ticket_label(row.prefix, row.number) if row is not None else None,
                token=ticket_token(row.id) if row is not None else None,
                serving=row is not None and row.state == TicketState.SERVING.value,
                status=state.status.value if state is not None else CounterStatus.OPEN.value,
                status_text=state.text() if state is not None and not state.is_open else "",
            )
        )
    return counters


def _messages(db: Database, cfg: OfficeConfig, day: date) -> list[LiveMessages]:
    """The day's messages sent and failed per service (the city's figures)."""
    sent: dict[int, list[int]] = {}
    for m in message_figures(db, day, day):
        counts = sent.setdefault(m.service_id, [0, 0])
        counts[0] += m.sent
        counts[1] += m.failed
    return [
        LiveMessages(
            day=day,
            service_prefix=cfg.services[sid].prefix,
            service_name=cfg.services[sid].name,
            sent=ok,
            failed=bad,
        )
        for sid, (ok, bad) in sorted(sent.items())
        if sid in cfg.services
    ]
