"""The reports an office hands to the city: daily report, ticket register, IKM.

Each report is built here once as plain tables of typed values (numbers, dates, minutes,
shares, ``loket.app.reports.model``) and then written as XLSX or CSV by ``writers``, or
drawn as PDF by ``loket.ui.devices.report_print`` (Qt's PDF writer). One build, three
writers: the PDF and the spreadsheet cannot disagree, and they show the dashboard's
figures because they read the same ``PeriodStats``.

Personal data: the register shows a citizen's name masked ("Siti A.") and never the NIK
or phone; the other reports hold no personal data at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.orm import Session

from loket.app.citizens import mask_name
from loket.app.letterhead import letterhead_in
from loket.app.office import list_services, load_office
from loket.app.online.figures import online_days_in, online_table
from loket.app.period_stats import (
    follow_ups_of,
    parse_day,
    parse_utc,
    stats_in,
)
from loket.app.reports.common import local_now
from loket.app.reports.ikm import ikm_report
from loket.app.reports.model import (
    OUTCOME_NAMES,
    PRIORITY_NAMES,
    Column,
    Kind,
    Report,
    Table,
    minutes,
)
from loket.app.reports.tables import (
    counter_table,
    day_table,
    follow_up_table,
    hour_chart,
    hour_table,
    operator_table,
    rating_table,
    service_chart,
    service_table,
    service_wait_chart,
    summary_table,
    wait_chart,
    wait_table,
)
from loket.core.days import INDONESIAN_ZONES, service_day, utc_now
from loket.core.errors import InvalidInput
from loket.core.periods import Period, PeriodStats
from loket.core.tickets import STATE_LABELS_ID, TicketState, ticket_label
from loket.store.database import Database


def daily_report(
    db: Database,
    period: Period,
    *,
    now: datetime | None = None,
    stats: PeriodStats | None = None,
) -> Report:
    """Laporan Harian Pelayanan: the day's (or each day's) figures, breakdowns, follow-ups.

    Everything it shows is read in one snapshot (``stats``: the dashboard's, when given).
    """
    with db.read() as s:
        office = load_office(s)
        as_of = service_day(now or utc_now(), office.tz)
        st = stats or stats_in(s, period, as_of=as_of)
        names = {sv.id: sv.name for sv in list_services(s)}
        # Open follow-ups from before the period are listed too: the summary's overdue
        # count is the number of rows marked "Terlambat" in this table.
        items, backlog = follow_ups_of(s, period, as_of=st.as_of or as_of, backlog_limit=None)
        online = online_days_in(s, period.start, period.end, as_of)
        letterhead = letterhead_in(s)
    tables = [summary_table(st), service_table(st), counter_table(st)]
    if st.by_operator:
        tables.append(operator_table(st))
    tables.append(hour_table(st))
    if not period.is_day:
        tables.append(day_table(st))
    tables += [
        wait_table(st),
        follow_up_table(backlog + items, names, st.as_of or as_of),
        rating_table(st),
    ]
    if online:  # an office without bookings or messages gets no empty table
        tables.append(online_table(online))
    return Report(
        "daily",
        "Laporan Harian Pelayanan",
        office,
        period,
        local_now(office, now),
        tables,
        [hour_chart(st), service_chart(st), service_wait_chart(st), wait_chart(st)],
        landscape=True,
        letterhead=letterhead,
    )


# -- the register -----------------------------------------------------------------------------

REGISTER_SQL = """
SELECT t.service_day, t.prefix, t.number, sv.name, t.priority_reason, t.issued_at, t.called_at,
       t.started_at, t.ended_at, t.wait_seconds, t.service_seconds, c.number, u.name, t.state,
       t.outcome, t.due_date, COALESCE(t.outcome_reason, t.cancel_reason), z.name, r.score,
       t.origin_ticket_id IS NOT NULL
FROM tickets t
JOIN services sv ON sv.id = t.service_id
LEFT JOIN counters c ON c.id = t.counter_id
LEFT JOIN users u ON u.id = t.user_id
LEFT JOIN ticket_citizens z ON z.ticket_id = t.id
LEFT JOIN ticket_ratings r ON r.ticket_id = t.id
WHERE t.service_day BETWEEN :start AND :end
ORDER BY t.service_day, t.queued_at, t.prefix, t.number
"""

REGISTER_COLUMNS = (
    Column("No", Kind.INT, 0.6),
    Column("Tanggal", Kind.DATE, 1.1),
    Column("Nomor", Kind.TEXT, 0.7),
    Column("Layanan", Kind.TEXT, 2.0),
    Column("Prioritas", Kind.TEXT, 0.9),
    Column("Ambil nomor", Kind.DATETIME, 0.7, short=True),
    Column("Dipanggil", Kind.DATETIME, 0.7, short=True),
    Column("Mulai", Kind.DATETIME, 0.7, short=True),
    Column("Selesai", Kind.DATETIME, 0.7, short=True),
    Column("Tunggu (menit)", Kind.MINUTES, 0.7),
    Column("Layanan (menit)", Kind.MINUTES, 0.7),
    Column("Loket", Kind.INT, 0.5),
    Column("Petugas", Kind.TEXT, 1.0),
    Column("Status", Kind.TEXT, 1.4),
    Column("Hasil", Kind.TEXT, 1.0),
    Column("Tanggal jadi", Kind.DATE, 1.1),
    Column("Keterangan", Kind.TEXT, 1.6),
    Column("Nama warga", Kind.TEXT, 1.1),
    Column("Penilaian", Kind.INT, 0.7),
)


def register_rows(db: Database, period: Period) -> Iterator[tuple[Any, ...]]:
    """One row per ticket of the period, in queue order; names masked, no NIK, no phone."""
    with db.read() as s:
        yield from register_rows_in(s, period)


def register_rows_in(s: Session, period: Period) -> Iterator[tuple[Any, ...]]:
    tz = load_office(s).tz
    result = s.execute(
        text(REGISTER_SQL), {"start": period.start.isoformat(), "end": period.end.isoformat()}
    )
    for index, r in enumerate(result, start=1):
        state = TicketState(r[13])
        status = STATE_LABELS_ID[state].capitalize()
        if r[19]:
            status += " (pengalihan masuk)"
        yield (
            index,
            parse_day(r[0]),
            ticket_label(r[1], int(r[2])),
            r[3],
            PRIORITY_NAMES.get(r[4] or "", ""),
            _local(r[5], tz),
            _local(r[6], tz),
            _local(r[7], tz),
            _local(r[8], tz),
            minutes(r[9]),
            minutes(r[10]),
            r[11],
            r[12] or "",
            status,
            OUTCOME_NAMES.get(r[14] or "", ""),
            parse_day(r[15]) if r[15] else None,
            r[16] or "",
            mask_name(r[17]) if r[17] else "",
            r[18],
        )


def _local(value: Any, tz: ZoneInfo) -> datetime | None:
    if value is None:
        return None
    return parse_utc(value).astimezone(tz).replace(tzinfo=None, microsecond=0)


def register_report(db: Database, period: Period, *, now: datetime | None = None) -> Report:
    """Buku Register: every ticket of the period, one row each (one read)."""
    with db.read() as s:
        office = load_office(s)
        rows = list(register_rows_in(s, period))
        letterhead = letterhead_in(s)
    zone = INDONESIAN_ZONES.get(office.timezone, "")
    table = Table(
        "Buku Register",
        "Buku Register Pelayanan",
        REGISTER_COLUMNS,
        rows,
        note=f"Waktu dalam {zone}. Nama warga disamarkan; NIK tidak dicantumkan.",
    )
    return Report(
        "register",
        "Buku Register Pelayanan",
        office,
        period,
        local_now(office, now),
        [table],
        landscape=True,
        letterhead=letterhead,
    )


def build_report(db: Database, kind: str, period: Period, *, now: datetime | None = None) -> Report:
    if kind == "daily":
        return daily_report(db, period, now=now)
    if kind == "register":
        return register_report(db, period, now=now)
    if kind == "ikm":
        return ikm_report(db, period, now=now)
    raise InvalidInput(f"Laporan {kind!r} tidak dikenal: pilih daily, register atau ikm.")
