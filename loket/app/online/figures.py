"""Figures of the online extras per day and service: bookings, check-ins, "tidak datang"
(a past day's booking nobody checked in), cancellations, messages sent and failed.

One definition for the dashboard, the daily report and ``loket online figures``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from loket.app.office import list_services
from loket.app.online.booking import booking_figures_in
from loket.app.online.messages import message_figures_in
from loket.app.reports.model import Column, Kind, Table
from loket.store.database import Database


@dataclass(frozen=True)
class OnlineDay:
    day: date
    service: str
    booked: int = 0
    checked_in: int = 0
    no_show: int = 0
    cancelled: int = 0
    sent: int = 0
    failed: int = 0


def online_days(db: Database, first: date, last: date, today: date) -> list[OnlineDay]:
    with db.read() as s:
        return online_days_in(s, first, last, today)


def online_days_in(s: Session, first: date, last: date, today: date) -> list[OnlineDay]:
    """Bookings and messages per day and service, in the caller's read."""
    services = list_services(s)
    by_prefix = {sv.prefix: sv.name for sv in services}
    by_id = {sv.id: sv.name for sv in services}
    tally: dict[tuple[date, str], dict[str, int]] = {}
    for b in booking_figures_in(s, first, last, today):
        name = by_prefix.get(b.service_prefix, b.service_name)
        row = tally.setdefault((b.day, name), {})
        row["booked"] = row.get("booked", 0) + b.booked
        row["checked_in"] = row.get("checked_in", 0) + b.checked_in
        row["no_show"] = row.get("no_show", 0) + b.no_show
        row["cancelled"] = row.get("cancelled", 0) + b.cancelled
    for m in message_figures_in(s, first, last):
        row = tally.setdefault((m.day, by_id.get(m.service_id, str(m.service_id))), {})
        row["sent"] = row.get("sent", 0) + m.sent
        row["failed"] = row.get("failed", 0) + m.failed
    return [OnlineDay(day, service, **values) for (day, service), values in sorted(tally.items())]


def online_table(days: list[OnlineDay]) -> Table:
    columns = (
        Column("Tanggal", Kind.DATE, 1.1),
        Column("Layanan", Kind.TEXT, 2.6),
        Column("Booking", Kind.INT, 0.9),
        Column("Check-in", Kind.INT, 0.9),
        Column("Tidak datang", Kind.INT, 1.0),
        Column("Dibatalkan", Kind.INT, 1.0),
        Column("Pesan terkirim", Kind.INT, 1.0),
        Column("Pesan gagal", Kind.INT, 1.0),
    )
    rows = [(d.day, d.service, d.booked, d.checked_in, d.no_show, d.cancelled, d.sent, d.failed)
            for d in days]  # fmt: skip
    note = "Tidak datang: booking yang tidak check-in sampai hari itu berakhir."
    return Table("Booking online", "Booking online dan pesan ke warga", columns, rows, note=note)
