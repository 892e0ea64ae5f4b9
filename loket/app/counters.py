"""Counter status, shared by every PC of the office: open, on a break, or closed.

An operator going to prayer or a meeting marks the counter *on a break* with a reason
(istirahat, sholat Jumat, rapat...); the display shows "Loket 2 — istirahat", call-next
is refused there, and wait estimates count only open counters. Each change is one row
of an append-only log (the latest is the status now) and one audit entry, written in
the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.app.audit import Actor, record
from loket.app.office import get_counter
from loket.core.errors import IllegalTransition, InvalidInput
from loket.store.database import Database
from loket.store.models import CounterStatusRow, TicketRow
from loket.store.queue_statements import is_held


class CounterStatus(StrEnum):
    OPEN = "open"
    BREAK = "break"
    CLOSED = "closed"


#: The reasons an operator picks from (free text is allowed too).
BREAK_REASONS = ("istirahat", "sholat", "sholat Jumat", "rapat", "tugas luar")

STATUS_LABELS_ID = {
    CounterStatus.OPEN: "buka",
    CounterStatus.BREAK: "istirahat",
    CounterStatus.CLOSED: "tutup",
}


@dataclass(frozen=True)
class CounterState:
    counter_id: int
    status: CounterStatus = CounterStatus.OPEN
    reason: str | None = None
    since: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status is CounterStatus.OPEN

    def text(self) -> str:
        """ "istirahat", "sholat Jumat", "tutup": what the display shows beside the counter."""
        if self.status is CounterStatus.BREAK and self.reason:
            return self.reason
        return STATUS_LABELS_ID[self.status]


def counter_states(s: Session) -> dict[int, CounterState]:
    """Every counter's status now (counters with no row are open and left out)."""
    latest = (
        select(CounterStatusRow.counter_id, func.max(CounterStatusRow.id).label("id"))
        .group_by(CounterStatusRow.counter_id)
        .subquery()
    )
    rows = s.scalars(select(CounterStatusRow).join(latest, CounterStatusRow.id == latest.c.id))
    return {r.counter_id: _state(r) for r in rows}


def counter_state(s: Session, counter_id: int) -> CounterState:
    row = s.scalars(
        select(CounterStatusRow)
        .where(CounterStatusRow.counter_id == counter_id)
        .order_by(CounterStatusRow.id.desc())
        .limit(1)
    ).first()
    return _state(row) if row is not None else CounterState(counter_id)


def _state(row: CounterStatusRow) -> CounterState:
    return CounterState(row.counter_id, CounterStatus(row.status), row.reason, row.at)


def set_counter_status(
    db: Database,
    counter_id: int,
    status: CounterStatus | str,
    reason: str | None,
    *,
    actor: Actor,
    now: datetime,
) -> CounterState:
    """Open, pause (with a reason) or close a counter; refused while it holds a citizen."""
    try:
        chosen = CounterStatus(status)
    except ValueError as exc:
        raise InvalidInput(f"Status loket {status!r} tidak dikenal.") from exc
    clean = " ".join((reason or "").split()) or None
    if chosen is CounterStatus.BREAK and clean is None:
        raise InvalidInput("Isi alasan istirahat (mis. istirahat, sholat Jumat, rapat).")
    if clean is not None and len(clean) > 100:
        raise InvalidInput("Alasan terlalu panjang (paling banyak 100 karakter).")
    if chosen is not CounterStatus.BREAK:
        clean = None
    with db.write() as s:
        counter = get_counter(s, counter_id)
        if chosen is not CounterStatus.OPEN:
            held = s.scalars(
                select(TicketRow).where(
                    TicketRow.counter_id == counter_id,
                    is_held(),
                )
            ).first()
            if held is not None:
                label = f"{held.prefix}-{held.number:03d}"
                raise IllegalTransition(
                    f"{counter.name} masih menangani antrian {label}: selesaikan, lewati "
                    "atau alihkan dulu sebelum istirahat atau tutup.",
                    counter=counter.number,
                    ticket=label,
                )
        before = counter_state(s, counter_id)
        if before.status is chosen and before.reason == clean:
            return before
        s.add(
            CounterStatusRow(
                counter_id=counter_id, status=chosen.value, reason=clean, at=now,
                user_id=actor.user_id,
            )
        )  # fmt: skip
        record(s, actor, "counter_status", counter.name, status=chosen.value, reason=clean)
        return CounterState(counter_id, chosen, clean, now)


def require_open(s: Session, counter_id: int, name: str) -> None:
    """Refuse to call to a counter that is on a break or closed."""
    check_open(counter_state(s, counter_id), name)


def check_open(state: CounterState, name: str) -> None:
    """Refuse a call to a counter in ``state`` unless it is open."""
    if state.is_open:
        return
    if state.status is CounterStatus.BREAK:
        raise IllegalTransition(
            f"{name} sedang {state.text()}: buka loket lebih dulu untuk memanggil antrian.",
            status=state.status.value,
        )
    raise IllegalTransition(
        f"{name} sedang tutup: buka loket lebih dulu untuk memanggil antrian.",
        status=state.status.value,
    )
