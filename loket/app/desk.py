"""The queue use cases: one write transaction each, each writing its event.

Every change goes through ``_emit``: it builds the event, asks the core's ``apply``
for the new ticket (which refuses illegal moves), and stores both in the same
transaction. So the ticket table is always the replay of the event log, and the event
log is the sync outbox.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from loket.app.counters import counter_states, require_open
from loket.app.office import (
    CounterInfo,
    OfficeConfig,
    OfficeInfo,
    OfficeSettings,
    ServiceInfo,
    config_version,
    load_config,
)
from loket.core.days import follow_up_due, service_day, utc_now
from loket.core.errors import IllegalTransition, InvalidInput, NotFound, QuotaExceeded
from loket.core.queue import (
    PriorityMode,
    QueueClass,
    estimated_wait_seconds,
    fifo_key,
    order_waiting,
    people_ahead,
    priority_turn,
    queue_class,
)
from loket.core.tickets import (
    EventKind,
    Outcome,
    PriorityReason,
    Ticket,
    TicketEvent,
    TicketState,
    apply,
)
from loket.store.database import Database
from loket.store.models import TicketRow
from loket.store.projection import event_to_row, save_ticket, ticket_from_row
from loket.store.sync_models import CityHoliday

Clock = Callable[[], datetime]

DAY_CLOSED_REASON = "hari layanan ditutup"
#: How long after its last call a counter still counts as open for wait estimates.
OPEN_COUNTER_WINDOW = timedelta(hours=1)
#: How many of today's finished tickets make the "recent service time".
RECENT_SERVED = 10


@dataclass(frozen=True)
class IssueResult:
    ticket: Ticket
    service_name: str
    ahead: int
    estimated_wait_seconds: int


@dataclass(frozen=True)
class CloseResult:
    day: date
    cancelled: int
    no_show: int
    still_serving: int


class Desk:
    """The queue of one office, as its counters and kiosk use it."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock
        self._batch: Session | None = None
        self._closed_before: date | None = None
        self._config: OfficeConfig | None = None

    def _cfg(self, s: Session) -> OfficeConfig:
        """The office set-up, re-read only when an admin change bumped its version."""
        cached = s.info.get("loket_config")
        if cached is not None:  # asked already in this session
            return cached  # type: ignore[no-any-return]
        version = config_version(s)
        if self._config is None or self._config.version != version:
            self._config = load_config(s)
        s.info["loket_config"] = self._config
        return self._config

    # -- transactions --------------------------------------------------------------

    @contextlib.contextmanager
    def _tx(self) -> Iterator[Session]:
        if self._batch is not None:
            yield self._batch
            return
        with self.db.write() as session:
            yield session

    @contextlib.contextmanager
    def _read(self) -> Iterator[Session]:
        # Inside a batch, reads must see the batch's own uncommitted writes.
        if self._batch is not None:
            yield self._batch
            return
        with self.db.read() as session:
            yield session

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Run several use cases in one transaction (simulations, bulk imports)."""
        with self.db.write() as session:
            self._batch = session
            try:
                yield
            finally:
                self._batch = None

    def _emit(
        self,
        s: Session,
        office: OfficeInfo,
        before: Ticket | None,
        kind: EventKind,
        *,
        ticket_id: str,
        at: datetime,
        counter_id: int | None = None,
        user_id: int | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> Ticket:
        event = TicketEvent(
            id=str(uuid.uuid4()),
            ticket_id=ticket_id,
            kind=kind,
            at=at,
            counter_id=counter_id,
            user_id=user_id,
            data=dict(data or {}),
        )
        after = apply(before, event)
        save_ticket(s, after, office.id, new=before is None)
        s.add(event_to_row(event))
        s.flush()
        return after

    def _now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the desk clock must give aware datetimes")
        return now

    # -- reading -------------------------------------------------------------------

    def office(self) -> OfficeInfo:
        with self._read() as s:
            return self._cfg(s).office

    def today(self) -> date:
        return service_day(self._now(), self.office().tz)

    def ticket(self, ticket_id: str) -> Ticket:
        with self._read() as s:
            return _load(s, ticket_id)

    def find(self, label: str, day: date | None = None) -> Ticket:
        """A ticket by its printed label (A-012, a12, A 12) on a day (today by default)."""
        with self._read() as s:
            office = self._cfg(s).office
            return _find_label(s, label, day or service_day(self._now(), office.tz))

    def current(self, counter_id: int) -> Ticket | None:
        """The ticket a counter is calling or serving now, if any."""
        with self._read() as s:
            return _current(s, counter_id)

    def waiting(self, service_id: int | None = None) -> list[Ticket]:
        """Waiting tickets in the order they will be called (per the office's policy)."""
        with self._read() as s:
            cfg = self._cfg(s)
            office, settings = cfg.office, cfg.settings
            today = service_day(self._now(), office.tz)
            # Plain rows, not ORM objects: a list of hundreds refreshes several times a minute.
            query = select(TicketRow.__table__).where(TicketRow.state == TicketState.WAITING.value)
            if service_id is not None:
                query = query.where(TicketRow.service_id == service_id)
            if not settings.overnight_queue:
                query = query.where(TicketRow.service_day == today)
            tickets = [ticket_from_row(r) for r in s.execute(query)]
            since = _normals_since_priority(s, today)
            return order_waiting(tickets, settings.priority_policy, since)

    # -- issuing -------------------------------------------------------------------

    def issue(
        self,
        service_id: int,
        priority_reason: PriorityReason | str | None = None,
        *,
        user_id: int | None = None,
    ) -> IssueResult:
        """Give a citizen the next number of a service (kiosk or desk)."""
        reason = PriorityReason(priority_reason) if priority_reason else None
        with self._tx() as s:
            office = self._cfg(s).office
            now = self._now()
            day = service_day(now, office.tz)
            service = _active_service(self._cfg(s), service_id)
            ticket = self._issue(s, office, service, day, now, reason, user_id)
        # The estimate only reads: it runs after the commit, off the write lock.
        with self._read() as s:
            ahead, wait = _estimate(s, self._cfg(s), service, day, now, ticket)
        return IssueResult(ticket, service.name, ahead, wait)

    def _issue(
        self,
        s: Session,
        office: OfficeInfo,
        service: ServiceInfo,
        day: date,
        now: datetime,
        reason: PriorityReason | None,
        user_id: int | None,
    ) -> Ticket:
        top = _highest_number(s, office.id, day, service.id)
        # Numbers of a series run 1..n without gaps, so the highest is also the count.
        if service.daily_quota is not None and top >= service.daily_quota:
            raise QuotaExceeded(
                f"Kuota harian layanan {service.name} ({service.daily_quota}) sudah habis.",
                service=service.prefix,
                quota=service.daily_quota,
            )
        return self._emit(
            s,
            office,
            None,
            EventKind.ISSUED,
            ticket_id=str(uuid.uuid4()),
            at=now,
            user_id=user_id,
            data={
                "service_day": day.isoformat(),
                "issued_service_id": service.id,
                "service_id": service.id,
                "prefix": service.prefix,
                "number": top + 1,
                "priority_reason": reason.value if reason else None,
            },
        )

    def estimate(self, service_id: int, *, priority: bool = False) -> tuple[int, int]:
        """(people ahead, estimated wait in seconds) for a ticket taken now."""
        with self._read() as s:
            cfg = self._cfg(s)
            now = self._now()
            service = _active_service(cfg, service_id)
            day = service_day(now, cfg.office.tz)
            return _estimate(s, cfg, service, day, now, None, priority)

    def position(self, ticket_id: str) -> tuple[int, int] | None:
        """(people ahead, estimated wait in seconds) of a waiting ticket; None otherwise.

        "Ahead" is its place in the order the office will call (its service's queue).
        """
        ticket = self.ticket(ticket_id)
        if ticket.state is not TicketState.WAITING:
            return None
        order = [t.id for t in self.waiting(ticket.service_id)]
        if ticket.id not in order:  # an earlier day's ticket while the queue is not overnight
            return None
        ahead = order.index(ticket.id)
        with self._read() as s:
            cfg = self._cfg(s)
            service = cfg.services.get(ticket.service_id)
            if service is None:
                return None
            now = self._now()
            day = service_day(now, cfg.office.tz)
            return ahead, _wait_seconds(s, cfg, service, day, now, ahead)

    # -- calling -------------------------------------------------------------------

    def call_next(self, counter_id: int, *, user_id: int | None = None) -> Ticket | None:
        """Claim and call the next ticket for a counter; None when nobody waits."""
        with self._tx() as s:
            cfg = self._cfg(s)
            office, settings = cfg.office, cfg.settings
            now = self._now()
            today = service_day(now, office.tz)
            counter = _active_counter(self._cfg(s), counter_id)
            _require_free(s, counter)
            require_open(s, counter.id, counter.name)
            if not settings.overnight_queue:
                self._close_stale_days(s, office, today, now)
            # Earlier days are closed just above (unless the office keeps its queue
            # overnight), so the queue needs no day filter: it walks its own index.
            head = _pick_next(s, settings, counter, today, None)
            if head is None:
                return None
            return self._emit(
                s,
                office,
                head,
                EventKind.CALLED,
                ticket_id=head.id,
                at=now,
                counter_id=counter.id,
                user_id=user_id,
            )

    def call(self, ticket_ref: str, counter_id: int, *, user_id: int | None = None) -> Ticket:
        """Call one ticket by label or id: a citizen who came back, or out of order."""
        with self._tx() as s:
            office = self._cfg(s).office
            now = self._now()
            counter = _active_counter(self._cfg(s), counter_id)
            ticket = _resolve(s, ticket_ref, service_day(now, office.tz))
            if ticket.service_id not in counter.service_ids:
                raise IllegalTransition(
                    f"{counter.name} tidak melayani layanan antrian {ticket.label}; "
                    "alihkan antrian itu ke loket ini lebih dulu.",
                    ticket=ticket.label,
                )
            current = _current(s, counter.id)
            if current is not None and current.id != ticket.id:
                _raise_busy(counter, current)
            require_open(s, counter.id, counter.name)
            return self._emit(
                s,
                office,
                ticket,
                EventKind.CALLED,
                ticket_id=ticket.id,
                at=now,
                counter_id=counter.id,
                user_id=user_id,
            )

    def recall(self, ticket_id: str, counter_id: int, *, user_id: int | None = None) -> Ticket:
        """Call the same ticket again (the display and the voice repeat it)."""
        return self._step(ticket_id, EventKind.RECALLED, counter_id, user_id, "dipanggil ulang")

    def skip(self, ticket_id: str, counter_id: int, *, user_id: int | None = None) -> Ticket:
        """The citizen did not come: mark no-show (they can be returned or called later)."""
        return self._step(ticket_id, EventKind.SKIPPED, counter_id, user_id, "dilewati")

    def return_to_queue(self, ticket_ref: str, *, user_id: int | None = None) -> Ticket:
        """A skipped citizen came back: back in the queue at their original place."""
        with self._tx() as s:
            office = self._cfg(s).office
            now = self._now()
            ticket = _resolve(s, ticket_ref, service_day(now, office.tz))
            return self._emit(
                s,
                office,
                ticket,
                EventKind.RETURNED,
                ticket_id=ticket.id,
                at=now,
                user_id=user_id,
            )

    def start(self, ticket_id: str, counter_id: int, *, user_id: int | None = None) -> Ticket:
        """The citizen is at the counter: service time starts now."""
        return self._step(ticket_id, EventKind.STARTED, counter_id, user_id, "mulai dilayani")

    def finish(
        self,
        ticket_id: str,
        counter_id: int,
        outcome: Outcome | str = Outcome.COMPLETED,
        *,
        reason: str | None = None,
        notes: str | None = None,
        user_id: int | None = None,
    ) -> Ticket:
        """End a service: completed, needs follow-up (due date), or rejected (reason)."""
        result = Outcome(outcome)
        with self._tx() as s:
            office = self._cfg(s).office
            now = self._now()
            ticket = _load(s, ticket_id)
            _require_at_counter(ticket, counter_id, "diselesaikan")
            data: dict[str, Any] = {"outcome": result.value}
            if reason and reason.strip():
                data["reason"] = _clean_text(reason, "Alasan", 500)
            if notes and notes.strip():
                data["notes"] = _clean_text(notes, "Catatan", 2000)
            if result is Outcome.FOLLOW_UP:
                service = self._cfg(s).services[ticket.service_id]
                holidays = set(s.scalars(select(CityHoliday.day)))  # pushed by the city
                data["due_date"] = follow_up_due(
                    service_day(now, office.tz), service.standard_minutes, holidays
                ).isoformat()
            return self._emit(
                s,
                office,
                ticket,
                EventKind.FINISHED,
                ticket_id=ticket.id,
                at=now,
                counter_id=counter_id,
                user_id=user_id,
                data=data,
            )

    def cancel(self, ticket_ref: str, reason: str, *, user_id: int | None = None) -> Ticket:
        """The citizen left or took a wrong number; the reason is kept."""
        if not reason or not reason.strip():
            raise InvalidInput("Alasan pembatalan wajib diisi.")
        with self._tx() as s:
            office = self._cfg(s).office
            now = self._now()
            ticket = _resolve(s, ticket_ref, service_day(now, office.tz))
            return self._emit(
                s,
                office,
                ticket,
                EventKind.CANCELLED,
                ticket_id=ticket.id,
                at=now,
                user_id=user_id,
                data={"reason": _clean_text(reason, "Alasan", 500)},
            )

    def transfer(
        self,
        ticket_id: str,
        counter_id: int,
        *,
        to_service_id: int | None = None,
        to_counter_id: int | None = None,
        notes: str | None = None,
        user_id: int | None = None,
    ) -> Ticket:
        """Send the citizen to another service and/or counter; returns the new ticket.

        The old ticket ends as *transferred*; a successor with the same printed number
        waits at the head of the target queue (or of the target counter only).
        """
        if to_service_id is None and to_counter_id is None:
            raise InvalidInput("Pilih layanan atau loket tujuan pengalihan.")
        with self._tx() as s:
            office = self._cfg(s).office
            now = self._now()
            ticket = _load(s, ticket_id)
            if ticket.state is not TicketState.WAITING:
                _require_at_counter(ticket, counter_id, "dialihkan")
            target_service = ticket.service_id if to_service_id is None else to_service_id
            _active_service(self._cfg(s), target_service)
            if to_counter_id is not None:
                target = _active_counter(self._cfg(s), to_counter_id)
                if target_service not in target.service_ids:
                    raise InvalidInput(
                        f"{target.name} tidak melayani layanan tujuan.", counter=target.number
                    )
            elif target_service == ticket.service_id:
                raise InvalidInput("Layanan tujuan sama dengan layanan sekarang.")
            successor_id = str(uuid.uuid4())
            data: dict[str, Any] = {
                "successor_id": successor_id,
                "to_service_id": target_service,
                "to_counter_id": to_counter_id,
            }
            if notes and notes.strip():
                data["notes"] = _clean_text(notes, "Catatan", 2000)
            self._emit(
                s,
                office,
                ticket,
                EventKind.TRANSFERRED,
                ticket_id=ticket.id,
                at=now,
                counter_id=counter_id,
                user_id=user_id,
                data=data,
            )
            return self._emit(
                s,
                office,
                None,
                EventKind.TRANSFERRED_IN,
                ticket_id=successor_id,
                at=now,
                counter_id=counter_id,
                user_id=user_id,
                data={
                    "service_day": ticket.service_day.isoformat(),
                    "issued_service_id": ticket.issued_service_id,
                    "service_id": target_service,
                    "prefix": ticket.prefix,
                    "number": ticket.number,
                    "priority_reason": (
                        ticket.priority_reason.value if ticket.priority_reason else None
                    ),
                    "origin_ticket_id": ticket.id,
                    "target_counter_id": to_counter_id,
                },
            )

    def quick_serve(
        self,
        service_id: int,
        counter_id: int,
        *,
        priority_reason: PriorityReason | str | None = None,
        user_id: int | None = None,
    ) -> Ticket:
        """A walk-in served at once: issued, called and started in one go, in the register."""
        reason = PriorityReason(priority_reason) if priority_reason else None
        with self._tx() as s:
            office = self._cfg(s).office
            now = self._now()
            day = service_day(now, office.tz)
            counter = _active_counter(self._cfg(s), counter_id)
            service = _active_service(self._cfg(s), service_id)
            if service.id not in counter.service_ids:
                raise InvalidInput(f"{counter.name} tidak melayani layanan {service.name}.")
            _require_free(s, counter)
            require_open(s, counter.id, counter.name)
            ticket = self._issue(s, office, service, day, now, reason, user_id)
            for kind in (EventKind.CALLED, EventKind.STARTED):
                ticket = self._emit(
                    s,
                    office,
                    ticket,
                    kind,
                    ticket_id=ticket.id,
                    at=now,
                    counter_id=counter.id,
                    user_id=user_id,
                )
            return ticket

    def _step(
        self, ticket_id: str, kind: EventKind, counter_id: int, user_id: int | None, action: str
    ) -> Ticket:
        with self._tx() as s:
            office = self._cfg(s).office
            now = self._now()
            ticket = _load(s, ticket_id)
            _require_at_counter(ticket, counter_id, action)
            return self._emit(
                s,
                office,
                ticket,
                kind,
                ticket_id=ticket.id,
                at=now,
                counter_id=counter_id,
                user_id=user_id,
            )

    # -- closing the day -------------------------------------------------------------

    def close_day(self, day: date | None = None) -> CloseResult:
        """End a service day: waiting tickets cancelled, called ones marked no-show.

        Tickets being served are left for their operator to finish.
        """
        with self._tx() as s:
            office = self._cfg(s).office
            now = self._now()
            target = day or service_day(now, office.tz)
            return self._close(s, office, target, now)

    def _close(self, s: Session, office: OfficeInfo, day: date, now: datetime) -> CloseResult:
        cancelled = no_show = serving = 0
        rows = s.scalars(
            select(TicketRow).where(
                TicketRow.service_day == day,
                TicketRow.state.in_(
                    [TicketState.WAITING.value, TicketState.CALLED.value, TicketState.SERVING.value]
                ),
            )
        ).all()
        for row in rows:
            ticket = ticket_from_row(row)
            if ticket.state is TicketState.WAITING:
                self._emit(
                    s,
                    office,
                    ticket,
                    EventKind.CANCELLED,
                    ticket_id=ticket.id,
                    at=now,
                    data={"reason": DAY_CLOSED_REASON},
                )
                cancelled += 1
            elif ticket.state is TicketState.CALLED:
                self._emit(
                    s,
                    office,
                    ticket,
                    EventKind.SKIPPED,
                    ticket_id=ticket.id,
                    at=now,
                    counter_id=ticket.counter_id,
                )
                no_show += 1
            else:
                serving += 1
        return CloseResult(day, cancelled, no_show, serving)

    def _close_stale_days(self, s: Session, office: OfficeInfo, today: date, now: datetime) -> None:
        """Close every earlier day still holding waiting or called tickets (once per day)."""
        if self._closed_before == today:
            return
        stale = s.scalars(
            select(TicketRow.service_day)
            .where(
                TicketRow.service_day < today,
                TicketRow.state.in_([TicketState.WAITING.value, TicketState.CALLED.value]),
            )
            .distinct()
        ).all()
        for day in sorted(stale):
            self._close(s, office, day, now)
        self._closed_before = today


# -- queries -------------------------------------------------------------------------


def _load(s: Session, ticket_id: str) -> Ticket:
    row = s.get(TicketRow, ticket_id)
    if row is None:
        raise NotFound("Antrian tidak ditemukan.", ticket_id=ticket_id)
    return ticket_from_row(row)


def parse_label(label: str) -> tuple[str, int]:
    """'A-012', 'a12', 'A 12' -> ('A', 12)."""
    text = "".join(label.split()).replace("-", "").upper()
    prefix = "".join(ch for ch in text if ch.isalpha())
    digits = text[len(prefix) :]
    if not prefix or not digits.isdigit() or not text.startswith(prefix) or len(prefix) > 2:
        raise InvalidInput(f"Nomor antrian {label!r} tidak dikenali (contoh: A-012).")
    return prefix, int(digits)


def _find_label(s: Session, label: str, day: date) -> Ticket:
    prefix, number = parse_label(label)
    rows = s.scalars(
        select(TicketRow)
        .where(TicketRow.service_day == day, TicketRow.prefix == prefix, TicketRow.number == number)
        .order_by(TicketRow.successor_id.is_(None).desc(), TicketRow.queued_at.desc())
    ).all()
    if not rows:
        raise NotFound(f"Antrian {prefix}-{number:03d} tidak ada hari ini.", label=label)
    # A transferred number lives on in its successor: the chain's end is the live one.
    return ticket_from_row(rows[0])


def _resolve(s: Session, ref: str, today: date) -> Ticket:
    row = s.get(TicketRow, ref)
    return ticket_from_row(row) if row is not None else _find_label(s, ref, today)


def _current(s: Session, counter_id: int) -> Ticket | None:
    row = s.scalars(
        select(TicketRow)
        .where(
            TicketRow.counter_id == counter_id,
            TicketRow.state.in_([TicketState.CALLED.value, TicketState.SERVING.value]),
        )
        .order_by(TicketRow.last_called_at.desc())
        .limit(1)
    ).first()
    return ticket_from_row(row) if row is not None else None


def _raise_busy(counter: CounterInfo, current: Ticket) -> None:
    raise IllegalTransition(
        f"{counter.name} masih menangani antrian {current.label}: "
        "selesaikan, lewati atau alihkan dulu.",
        counter=counter.number,
        ticket=current.label,
    )


def _require_free(s: Session, counter: CounterInfo) -> None:
    current = _current(s, counter.id)
    if current is not None:
        _raise_busy(counter, current)


def _require_at_counter(ticket: Ticket, counter_id: int, action: str) -> None:
    if (
        ticket.counter_id is not None
        and ticket.counter_id != counter_id
        and ticket.state
        in (
            TicketState.CALLED,
            TicketState.SERVING,
        )
    ):
        raise IllegalTransition(
            f"Antrian {ticket.label} ditangani loket lain, tidak dapat {action} di sini.",
            ticket=ticket.label,
        )


def _active_service(cfg: OfficeConfig, service_id: int) -> ServiceInfo:
    service = cfg.services.get(service_id)
    if service is None:
        raise NotFound("Layanan tidak ada.", service_id=service_id)
    if not service.active:
        raise InvalidInput(f"Layanan {service.name} sedang tidak dibuka.", service=service.prefix)
    return service


def _active_counter(cfg: OfficeConfig, counter_id: int) -> CounterInfo:
    counter = cfg.counters.get(counter_id)
    if counter is None:
        raise NotFound(f"Loket dengan id {counter_id} tidak ada.", counter_id=counter_id)
    if not counter.active:
        raise InvalidInput(f"{counter.name} tidak aktif.", counter=counter.number)
    return counter


def _highest_number(s: Session, office_id: int, day: date, service_id: int) -> int:
    """The last number taken in a service's series today (one seek in the unique index)."""
    top = s.execute(
        select(func.max(TicketRow.number)).where(
            TicketRow.office_id == office_id,
            TicketRow.service_day == day,
            TicketRow.issued_service_id == service_id,
            TicketRow.origin_ticket_id.is_(None),
        )
    ).scalar()
    return int(top or 0)


def _clean_text(value: str, what: str, limit: int) -> str:
    text = value.strip()
    if len(text) > limit:
        raise InvalidInput(f"{what} terlalu panjang (paling banyak {limit} karakter).")
    return text


def _normals_since_priority(s: Session, day: date) -> int:
    """Normal tickets first called today since the last priority one was."""
    last_priority = s.scalar(
        select(func.max(TicketRow.called_at)).where(
            TicketRow.service_day == day, TicketRow.is_priority.is_(True)
        )
    )
    query = select(func.count()).where(
        TicketRow.service_day == day,
        TicketRow.is_priority.is_(False),
        TicketRow.called_at.is_not(None),
    )
    if last_priority is not None:
        query = query.where(TicketRow.called_at > last_priority)
    return int(s.scalar(query) or 0)


def _pick_next(
    s: Session, settings: OfficeSettings, counter: CounterInfo, today: date, day: date | None
) -> Ticket | None:
    """The next ticket for ``counter``: the heads of each queue class in one statement.

    For every service the counter serves, the first waiting ticket of each class
    (transferred, priority, normal) is one seek in an index; the rule that picks among
    them is the core's (``priority_turn``), the same one ``order_waiting`` states.
    """
    if not counter.service_ids:
        return None
    parts = []
    for sid in counter.service_ids:
        base = select(TicketRow).where(
            TicketRow.state == TicketState.WAITING.value,
            TicketRow.service_id == sid,
            TicketRow.target_counter_id.is_(None) | (TicketRow.target_counter_id == counter.id),
        )
        if day is not None:
            base = base.where(TicketRow.service_day == day)
        order = (TicketRow.queued_at, TicketRow.number)
        parts.append(base.where(TicketRow.origin_ticket_id.is_not(None)).order_by(*order).limit(1))
        for priority in (True, False):
            parts.append(
                base.where(TicketRow.origin_ticket_id.is_(None), TicketRow.is_priority == priority)
                .order_by(*order)
                .limit(1)
            )
    union = union_all(*(part.subquery().select() for part in parts))
    heads: dict[QueueClass, list[Ticket]] = {c: [] for c in QueueClass}
    for row in s.scalars(select(TicketRow).from_statement(union)):
        ticket = ticket_from_row(row)
        heads[queue_class(ticket)].append(ticket)
    if heads[QueueClass.TRANSFERRED]:
        return min(heads[QueueClass.TRANSFERRED], key=fifo_key)
    prio = min(heads[QueueClass.PRIORITY], key=fifo_key, default=None)
    normal = min(heads[QueueClass.NORMAL], key=fifo_key, default=None)
    needs_count = (
        settings.priority_policy.mode is PriorityMode.ONE_IN_N
        and prio is not None
        and normal is not None
    )
    since = _normals_since_priority(s, today) if needs_count else 0
    turn = priority_turn(settings.priority_policy, since, prio is not None, normal is not None)
    if turn is QueueClass.PRIORITY:
        return prio
    if turn is QueueClass.NORMAL:
        return normal
    return None


def _estimate(
    s: Session,
    cfg: OfficeConfig,
    service: ServiceInfo,
    day: date,
    now: datetime,
    new: Ticket | None,
    priority: bool = False,
) -> tuple[int, int]:
    """People ahead of a (new) ticket in its service and the estimated wait."""
    settings = cfg.settings
    waiting = (
        select(TicketRow.origin_ticket_id.is_not(None), TicketRow.is_priority, func.count())
        .where(TicketRow.state == TicketState.WAITING.value, TicketRow.service_id == service.id)
        .group_by(TicketRow.origin_ticket_id.is_not(None), TicketRow.is_priority)
    )
    if not settings.overnight_queue:
        waiting = waiting.where(TicketRow.service_day == day)
    if new is not None:
        waiting = waiting.where(TicketRow.id != new.id)
        priority = new.is_priority
    transferred = prio = normal = 0
    for is_transfer, is_prio, count in s.execute(waiting):
        if is_transfer:
            transferred += count
        elif is_prio:
            prio += count
        else:
            normal += count
    one_in_n = settings.priority_policy.mode is PriorityMode.ONE_IN_N
    ahead = people_ahead(
        settings.priority_policy,
        new_is_priority=priority,
        transferred=transferred,
        priority=prio,
        normal=normal,
        normals_since_priority=_normals_since_priority(s, day) if one_in_n else 0,
    )
    return ahead, _wait_seconds(s, cfg, service, day, now, ahead)


def _wait_seconds(
    s: Session, cfg: OfficeConfig, service: ServiceInfo, day: date, now: datetime, ahead: int
) -> int:
    """The estimated wait behind ``ahead`` people: recent service times over open counters."""
    recent = s.execute(
        select(TicketRow.walk_seconds, TicketRow.service_seconds)
        .where(
            TicketRow.service_day == day,
            TicketRow.service_id == service.id,
            TicketRow.state == TicketState.DONE.value,
        )
        .order_by(TicketRow.ended_at.desc())
        .limit(RECENT_SERVED)
    ).all()
    if recent:
        per_citizen = sum((w or 0) + (sv or 0) for w, sv in recent) / len(recent)
    else:
        per_citizen = service.standard_minutes * 60.0
    # Only open counters serve: one on a break or closed neither shortens nor lengthens it.
    paused = {cid for cid, state in counter_states(s).items() if not state.is_open}
    serving = {
        c.id
        for c in cfg.counters.values()
        if c.active and service.id in c.service_ids and c.id not in paused
    }
    busy = set(
        s.scalars(
            select(TicketRow.counter_id)
            .where(
                TicketRow.service_day == day,
                TicketRow.last_called_at >= now - OPEN_COUNTER_WINDOW,
            )
            .distinct()
        )
    )
    open_counters = len(serving & busy) or len(serving) or 1
    return estimated_wait_seconds(ahead, per_citizen, open_counters)
