"""Finding tickets, counters and services, and the checks every use case shares."""

from __future__ import annotations

import unicodedata
from datetime import date

from loket.app.counters import CounterState, check_open
from loket.app.desk.tx import Tx
from loket.app.office import CounterInfo, OfficeConfig, ServiceInfo
from loket.core.errors import IllegalTransition, InvalidInput, NotFound
from loket.core.tickets import Ticket, TicketState

MAX_LABEL_DIGITS = 6  # a day's numbers of one service stay far below a million


def parse_label(label: str) -> tuple[str, int]:
    """'A-012', 'a12', 'A 12' -> ('A', 12).

    NFKC first, so an input method's full-width 'Ａ－０１２' reads as typed; then at most
    six ASCII digits: sixty nines overflowed SQLite's integer (OverflowError out of the
    operator's F7) and '²' passed isdigit() but not int().
    """
    text = "".join(unicodedata.normalize("NFKC", label).split()).replace("-", "").upper()
    prefix = "".join(ch for ch in text if ch.isalpha())
    digits = text[len(prefix) :]
    plain = digits.isascii() and digits.isdigit() and len(digits) <= MAX_LABEL_DIGITS
    if not prefix or not plain or not text.startswith(prefix) or len(prefix) > 2:
        raise InvalidInput(f"Nomor antrian {label!r} tidak dikenali (contoh: A-012).")
    return prefix, int(digits)


def load(tx: Tx, ticket_id: str) -> Ticket:
    ticket = tx.sql.ticket(ticket_id)
    if ticket is None:
        raise NotFound("Antrian tidak ditemukan.", ticket_id=ticket_id)
    return ticket


def find_label(tx: Tx, label: str, day: date) -> Ticket:
    """A ticket by its printed label; a transferred number lives on in its successor."""
    prefix, number = parse_label(label)
    ticket = tx.sql.by_label(day, prefix, number)
    if ticket is None:
        raise NotFound(f"Antrian {prefix}-{number:03d} tidak ada hari ini.", label=label)
    return ticket


def resolve(tx: Tx, ref: str, today: date) -> Ticket:
    """A ticket by id, else by its label on ``today``."""
    ticket = tx.sql.ticket(ref)
    return ticket if ticket is not None else find_label(tx, ref, today)


def raise_busy(counter: CounterInfo, current: Ticket) -> None:
    raise IllegalTransition(
        f"{counter.name} masih menangani antrian {current.label}: "
        "selesaikan, lewati atau alihkan dulu.",
        counter=counter.number,
        ticket=current.label,
    )


def require_free(tx: Tx, counter: CounterInfo) -> None:
    current = tx.sql.current(counter.id)
    if current is not None:
        raise_busy(counter, current)


def require_open(tx: Tx, counter: CounterInfo) -> None:
    """Refuse to call to a counter on a break or closed."""
    check_open(tx.counter_states().get(counter.id, CounterState(counter.id)), counter.name)


def require_at_counter(ticket: Ticket, counter_id: int, action: str) -> None:
    held = ticket.state in (TicketState.CALLED, TicketState.SERVING)
    if held and ticket.counter_id is not None and ticket.counter_id != counter_id:
        raise IllegalTransition(
            f"Antrian {ticket.label} ditangani loket lain, tidak dapat {action} di sini.",
            ticket=ticket.label,
        )


def active_service(cfg: OfficeConfig, service_id: int) -> ServiceInfo:
    service = cfg.services.get(service_id)
    if service is None:
        raise NotFound("Layanan tidak ada.", service_id=service_id)
    if not service.active:
        raise InvalidInput(f"Layanan {service.name} sedang tidak dibuka.", service=service.prefix)
    return service


def active_counter(cfg: OfficeConfig, counter_id: int) -> CounterInfo:
    counter = cfg.counters.get(counter_id)
    if counter is None:
        raise NotFound(f"Loket dengan id {counter_id} tidak ada.", counter_id=counter_id)
    if not counter.active:
        raise InvalidInput(f"{counter.name} tidak aktif.", counter=counter.number)
    return counter


def clean_text(value: str, what: str, limit: int) -> str:
    text = value.strip()
    if len(text) > limit:
        raise InvalidInput(f"{what} terlalu panjang (paling banyak {limit} karakter).")
    return text
