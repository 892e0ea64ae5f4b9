"""The reports an office hands to the city: daily report, ticket register, IKM.

Each report is built once as plain tables of typed values (numbers, dates, minutes,
shares) and then written as XLSX or CSV here, or drawn as PDF by ``loket.ui.devices.report_print``
(Qt's PDF writer). One build, three writers: the PDF and the spreadsheet cannot disagree,
and they show the dashboard's figures because they read the same ``PeriodStats``.

Personal data: the register shows a citizen's name masked ("Siti A.") and never the NIK
or phone; the other reports hold no personal data at all.
"""

from __future__ import annotations

import csv
import gc
import io
import sys
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text

from loket.app.citizens import mask_name
from loket.app.feedback import skm_profile, skm_suggestions
from loket.app.letterhead import letterhead_in
from loket.app.office import OfficeInfo, list_services, load_office
from loket.app.output import OutputError, atomic_path, check_target, write_bytes_atomic
from loket.app.period_stats import (
    follow_up_list,
    parse_day,
    parse_utc,
    stats_for_period,
)
from loket.core.days import INDONESIAN_ZONES, service_day, utc_now
from loket.core.errors import InvalidInput
from loket.core.letterhead import Letterhead
from loket.core.periods import WAIT_BUCKET_SECONDS, WAIT_BUCKETS, FollowUp, Period, PeriodStats
from loket.core.skm import FACES, PROFILE_FIELDS, SkmResult
from loket.core.stats import Summary
from loket.core.tickets import STATE_LABELS_ID, TicketState, ticket_label
from loket.core.words import format_number
from loket.store.database import Database

REPORTS = ("daily", "register", "ikm")
FORMATS = ("pdf", "xlsx", "csv")
PRIORITY_NAMES = {
    "disabilitas": "Disabilitas",
    "lansia": "Lansia",
    "ibu_hamil": "Ibu hamil",
    "anak": "Anak-anak",
    "korban_bencana": "Korban bencana",
    "booking": "Booking online",
}
OUTCOME_NAMES = {"completed": "Selesai", "follow_up": "Tindak lanjut", "rejected": "Ditolak"}


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    NUMBER = "number"  # a decimal figure (NRR, per hour...)
    MINUTES = "minutes"  # a duration, in minutes with one decimal
    SHARE = "share"  # a fraction 0..1, shown and exported as a percentage (0–100)
    DATE = "date"
    DATETIME = "datetime"  # office-local wall time


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind = Kind.TEXT
    width: float = 1.0  # relative width in the PDF
    short: bool = False  # print a date-time as its time only (the register's date column)


@dataclass(frozen=True)
class Table:
    key: str  # the sheet name: short, no []:*?/\
    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]
    note: str = ""
    #: Row indexes to draw highlighted (overdue follow-ups).
    marked: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    axis_title: str = ""
    max_value: float | None = None  # a fixed top of the value axis (NRR: 4)


@dataclass(frozen=True)
class Report:
    kind: str  # daily | register | ikm
    title: str
    office: OfficeInfo
    period: Period
    generated_at: datetime  # office-local
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)
    landscape: bool = False
    letterhead: Letterhead = field(default_factory=Letterhead)
    #: Paragraphs after the tables: (heading, text), e.g. the IKM's analysis and plan.
    sections: list[tuple[str, str]] = field(default_factory=list)

    @property
    def zone(self) -> str:
        return INDONESIAN_ZONES.get(self.office.timezone, "")

    def header_lines(self) -> list[str]:
        return [
            self.office.name,
            f"Kode wilayah {self.office.code}",
            self.title,
            f"Periode: {self.period.label()}",
            f"Dibuat: {self.generated_at:%d-%m-%Y %H:%M} {self.zone}".rstrip(),
        ]

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)


# -- values -----------------------------------------------------------------------------


def minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def display(value: Any, kind: Kind, *, short: bool = False) -> str:
    """A value as printed on paper and on screen (Indonesian number style)."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if kind is Kind.INT:
        return format_number(float(value), 0)
    if kind is Kind.NUMBER:
        return format_number(float(value), 0 if isinstance(value, int) else 2)
    if kind is Kind.MINUTES:
        return format_number(float(value), 1)
    if kind is Kind.SHARE:
        return format_number(float(value) * 100, 1) + "%"
    if kind is Kind.DATE:
        return f"{value:%d-%m-%Y}"
    if kind is Kind.DATETIME:
        return f"{value:%H:%M}" if short else f"{value:%d-%m-%Y %H:%M}"
    return str(value)


# -- the daily report -----------------------------------------------------------------------


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def _summary_rows(label: str, s: Summary) -> list[tuple[Any, ...]]:
    return [
        (f"{label}: rata-rata (menit)", minutes(s.mean)),
        (f"{label}: median (menit)", minutes(s.median)),
        (f"{label}: p90 (menit)", minutes(s.p90)),
        (f"{label}: maksimum (menit)", minutes(s.max)),
    ]


def _follow_status(item: FollowUp, as_of: date) -> str:
    if item.closed_on is None:
        return "Terlambat" if item.is_overdue(as_of) else "Belum diserahkan"
    return "Diserahkan terlambat" if item.handed_over_late else "Diserahkan"


def follow_up_table(
    items: Sequence[FollowUp], names: dict[int, str], as_of: date, *, title: str = ""
) -> Table:
    rows = [
        (
            f.label,
            f.service_day,
            names.get(f.service_id, ""),
            f.due_date,
            f.closed_on,
            _follow_status(f, as_of),
        )
        for f in items
    ]
    marked = frozenset(i for i, f in enumerate(items) if f.is_overdue(as_of))
    columns = (
        Column("Nomor", Kind.TEXT, 0.8),
        Column("Tanggal layanan", Kind.DATE, 1.1),
        Column("Layanan", Kind.TEXT, 2.6),
        Column("Tanggal jadi", Kind.DATE, 1.1),
        Column("Diserahkan", Kind.DATE, 1.1),
        Column("Status", Kind.TEXT, 1.5),
    )
    return Table(
        "Tindak lanjut",
        title or "Tindak lanjut (berkas diproses)",
        columns,
        rows,
        note=f"Status per {as_of:%d-%m-%Y}.",
        marked=marked,
    )


def summary_table(st: PeriodStats) -> Table:
    c = st.counts
    rows: list[tuple[Any, ...]] = [
        ("Antrian (termasuk pengalihan masuk)", c.issued),
        ("Nomor diambil warga", st.taken),
        ("Pengalihan masuk", st.transfers_in),
        ("Selesai dilayani", c.served),
        ("Tidak hadir", c.no_show),
        ("Batal", c.cancelled),
        ("Dialihkan", c.transferred),
        ("Masih terbuka", c.open),
    ]
    rows += _summary_rows("Waktu tunggu", st.waiting_time)
    rows += _summary_rows("Waktu menuju loket", st.walk_time)
    rows += _summary_rows("Waktu layanan", st.service_time)
    rows += [
        ("Selesai dalam waktu standar (%)", _percent(st.within_standard.ratio)),
        ("Tindak lanjut", st.follow_ups.total),
        ("Tindak lanjut sudah diserahkan", st.follow_ups.closed),
        ("Tindak lanjut terlambat (termasuk dari sebelum periode)", st.follow_ups.overdue_total),
        ("Penilaian warga (jumlah)", st.ratings.count),
        ("Penilaian warga (rata-rata 1–4)", st.ratings.mean),
        ("Warga puas (%)", _percent(st.ratings.satisfied_share)),
    ]
    if st.skm is not None and st.skm.ikm is not None:
        rows += [("Responden SKM", st.skm.respondents), ("IKM", float(st.skm.ikm))]
    return Table(
        "Ringkasan",
        "Ringkasan",
        (Column("Uraian", Kind.TEXT, 4), Column("Nilai", Kind.NUMBER, 1)),
        rows,
    )


def service_table(st: PeriodStats) -> Table:
    rows = [
        (
            g.code,
            g.name,
            g.standard_minutes,
            g.counts.issued,
            g.counts.served,
            g.counts.no_show,
            g.counts.cancelled,
            g.counts.transferred,
            minutes(g.waiting_time.mean),
            minutes(g.waiting_time.median),
            minutes(g.waiting_time.p90),
            minutes(g.service_time.mean),
            minutes(g.service_time.median),
            minutes(g.service_time.p90),
            g.within_standard.ratio,
        )
        for g in st.by_service
    ]
    columns = (
        Column("Kode", Kind.TEXT, 0.5),
        Column("Layanan", Kind.TEXT, 3.0),
        Column("Standar (menit)", Kind.INT),
        Column("Antrian", Kind.INT),
        Column("Selesai", Kind.INT),
        Column("Tidak hadir", Kind.INT),
        Column("Batal", Kind.INT),
        Column("Dialihkan", Kind.INT),
        Column("Tunggu rata-rata (menit)", Kind.MINUTES),
        Column("Tunggu median (menit)", Kind.MINUTES),
        Column("Tunggu p90 (menit)", Kind.MINUTES),
        Column("Layanan rata-rata (menit)", Kind.MINUTES),
        Column("Layanan median (menit)", Kind.MINUTES),
        Column("Layanan p90 (menit)", Kind.MINUTES),
        Column("Sesuai standar (%)", Kind.SHARE),
    )
    return Table("Per layanan", "Per layanan", columns, rows)


def counter_table(st: PeriodStats) -> Table:
    rows = [
        (
            g.code,
            g.name,
            g.counts.issued,
            g.counts.served,
            g.counts.no_show,
            g.counts.transferred,
            minutes(g.waiting_time.median),
            minutes(g.service_time.mean),
            minutes(g.service_time.median),
            minutes(g.walk_time.median),
            g.within_standard.ratio,
        )
        for g in st.by_counter
    ]
    columns = (
        Column("Loket", Kind.TEXT, 0.6),
        Column("Nama", Kind.TEXT, 1.6),
        Column("Ditangani", Kind.INT),
        Column("Selesai", Kind.INT),
        Column("Tidak hadir", Kind.INT),
        Column("Dialihkan", Kind.INT),
        Column("Tunggu median (menit)", Kind.MINUTES),
        Column("Layanan rata-rata (menit)", Kind.MINUTES),
        Column("Layanan median (menit)", Kind.MINUTES),
        Column("Menuju loket median (menit)", Kind.MINUTES),
        Column("Sesuai standar (%)", Kind.SHARE),
    )
    return Table("Per loket", "Per loket", columns, rows)


def operator_table(st: PeriodStats) -> Table:
    rows = []
    for o in st.by_operator:
        g, p = o.group, o.productivity
        rows.append(
            (
                g.name,
                g.counts.issued,
                g.counts.served,
                g.counts.no_show,
                g.counts.transferred,
                minutes(g.service_time.mean),
                minutes(g.service_time.median),
                round(p.duty_seconds / 3600, 2),
                p.per_hour(g.counts.served),
                minutes(p.mean_idle_gap),
                round(p.idle_seconds / 3600, 2),
            )
        )
    columns = (
        Column("Petugas", Kind.TEXT, 1.6),
        Column("Ditangani", Kind.INT),
        Column("Selesai", Kind.INT),
        Column("Tidak hadir", Kind.INT),
        Column("Dialihkan", Kind.INT),
        Column("Layanan rata-rata (menit)", Kind.MINUTES),
        Column("Layanan median (menit)", Kind.MINUTES),
        Column("Jam bertugas", Kind.NUMBER),
        Column("Selesai per jam", Kind.NUMBER),
        Column("Jeda antar warga rata-rata (menit)", Kind.MINUTES),
        Column("Waktu luang (jam)", Kind.NUMBER),
    )
    return Table(
        "Per petugas",
        "Per petugas",
        columns,
        rows,
        note="Jam bertugas: dari panggilan pertama sampai layanan terakhir tiap hari.",
    )


def _hour_table(st: PeriodStats) -> Table:
    rows = [(h["hour"], h["issued"], h["served"]) for h in st.by_hour]
    columns = (Column("Jam", Kind.INT), Column("Datang", Kind.INT), Column("Selesai", Kind.INT))
    return Table(
        "Per jam",
        "Per jam (waktu setempat)",
        columns,
        rows,
        note="Jam 24 ke atas: lewat tengah malam hari layanan itu.",
    )


def _day_table(st: PeriodStats) -> Table:
    rows = [
        (
            d.day,
            d.counts.issued,
            d.counts.served,
            d.counts.no_show,
            d.counts.cancelled,
            d.counts.transferred,
            minutes(d.wait_mean),
            minutes(d.service_mean),
        )
        for d in st.by_day
    ]
    columns = (
        Column("Tanggal", Kind.DATE, 1.2),
        Column("Antrian", Kind.INT),
        Column("Selesai", Kind.INT),
        Column("Tidak hadir", Kind.INT),
        Column("Batal", Kind.INT),
        Column("Dialihkan", Kind.INT),
        Column("Tunggu rata-rata (menit)", Kind.MINUTES),
        Column("Layanan rata-rata (menit)", Kind.MINUTES),
    )
    return Table("Per hari", "Per hari", columns, rows)


def _wait_table(st: PeriodStats) -> Table:
    step = WAIT_BUCKET_SECONDS // 60
    rows = [
        (f"{i * step}–{(i + 1) * step} menit" if i < WAIT_BUCKETS else f"≥ {i * step} menit", n)
        for i, n in enumerate(st.wait_histogram)
    ]
    return Table(
        "Sebaran tunggu",
        "Sebaran waktu tunggu",
        (Column("Lama tunggu", Kind.TEXT, 2), Column("Antrian", Kind.INT)),
        rows,
    )


def rating_table(st: PeriodStats) -> Table:
    total = st.ratings.count
    rows = [
        (f"{score} – {FACES[score]}", n, round(n / total, 4) if total else None)
        for score, n in zip((1, 2, 3, 4), st.ratings.counts, strict=True)
    ]
    columns = (
        Column("Wajah", Kind.TEXT, 2),
        Column("Jumlah", Kind.INT),
        Column("Persen (%)", Kind.SHARE),
    )
    note = f"Rata-rata {display(st.ratings.mean, Kind.NUMBER)} dari {total} penilaian."
    return Table("Penilaian warga", "Penilaian satu sentuh", columns, rows, note=note)


def hour_chart(st: PeriodStats) -> Chart:
    return Chart(
        "per-jam",
        "Kedatangan dan selesai per jam",
        [f"{h['hour']:02d}" for h in st.by_hour],
        [
            ("Datang", [float(h["issued"]) for h in st.by_hour]),
            ("Selesai", [float(h["served"]) for h in st.by_hour]),
        ],
        "Antrian",
    )


def service_chart(st: PeriodStats) -> Chart:
    return Chart(
        "per-layanan",
        "Volume per layanan",
        [g.code for g in st.by_service],
        [
            ("Antrian", [float(g.counts.issued) for g in st.by_service]),
            ("Selesai", [float(g.counts.served) for g in st.by_service]),
        ],
        "Antrian",
    )


def service_wait_chart(st: PeriodStats) -> Chart:
    return Chart(
        "tunggu-layanan",
        "Waktu tunggu per layanan (menit)",
        [g.code for g in st.by_service],
        [
            ("Median", [minutes(g.waiting_time.median) or 0.0 for g in st.by_service]),
            ("p90", [minutes(g.waiting_time.p90) or 0.0 for g in st.by_service]),
        ],
        "Menit",
    )


def wait_chart(st: PeriodStats) -> Chart:
    step = WAIT_BUCKET_SECONDS // 60
    labels = [
        f"{i * step}" if i < WAIT_BUCKETS else f"{i * step}+" for i in range(WAIT_BUCKETS + 1)
    ]
    return Chart(
        "sebaran-tunggu",
        "Sebaran waktu tunggu (menit)",
        labels,
        [("Antrian", [float(n) for n in st.wait_histogram])],
        "Antrian",
    )


def _office(db: Database) -> OfficeInfo:
    with db.read() as s:
        return load_office(s)


def _letterhead(db: Database) -> Letterhead:
    with db.read() as s:
        return letterhead_in(s)


def _local_now(office: OfficeInfo, now: datetime | None) -> datetime:
    return (now or utc_now()).astimezone(office.tz).replace(tzinfo=None)


def daily_report(
    db: Database,
    period: Period,
    *,
    now: datetime | None = None,
    stats: PeriodStats | None = None,
) -> Report:
    """Laporan Harian Pelayanan: the day's (or each day's) figures, breakdowns, follow-ups."""
    office = _office(db)
    as_of = service_day(now or utc_now(), office.tz)
    st = stats or stats_for_period(db, period, as_of=as_of)
    with db.read() as s:
        names = {sv.id: sv.name for sv in list_services(s)}
    # Open follow-ups from before the period are listed too: the summary's overdue count
    # is the number of rows marked "Terlambat" in this table.
    items, backlog = follow_up_list(db, period, as_of=st.as_of or as_of, backlog_limit=None)
    tables = [summary_table(st), service_table(st), counter_table(st)]
    if st.by_operator:
        tables.append(operator_table(st))
    tables.append(_hour_table(st))
    if not period.is_day:
        tables.append(_day_table(st))
    tables += [
        _wait_table(st),
        follow_up_table(backlog + items, names, st.as_of or as_of),
        rating_table(st),
    ]
    from loket.app.online.figures import online_days, online_table  # (it imports this module)

    online = online_days(db, period.start, period.end, as_of)
    if online:  # an office without bookings or messages gets no empty table
        tables.append(online_table(online))
    return Report(
        "daily",
        "Laporan Harian Pelayanan",
        office,
        period,
        _local_now(office, now),
        tables,
        [hour_chart(st), service_chart(st), service_wait_chart(st), wait_chart(st)],
        landscape=True,
        letterhead=_letterhead(db),
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
    """Buku Register: every ticket of the period, one row each."""
    office = _office(db)
    rows = list(register_rows(db, period))
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
        _local_now(office, now),
        [table],
        landscape=True,
        letterhead=_letterhead(db),
    )


# -- the IKM report -----------------------------------------------------------------------------


def ikm_tables(skm: SkmResult) -> list[Table]:
    has = skm.respondents > 0
    rows = [
        (
            i,
            e.element.code,
            e.element.name,
            e.total,
            round(float(e.nrr), 4) if has else None,
            round(float(e.weighted), 4) if has else None,
            float(e.index) if has else None,
            e.band.letter if has else "",
        )
        for i, e in enumerate(skm.elements, start=1)
    ]
    columns = (
        Column("No", Kind.INT, 0.4),
        Column("Kode", Kind.TEXT, 0.5),
        Column("Unsur pelayanan", Kind.TEXT, 3.2),
        Column("Jumlah nilai", Kind.INT),
        Column("NRR", Kind.NUMBER),
        Column("NRR tertimbang", Kind.NUMBER),
        Column("IKM unsur", Kind.NUMBER),
        Column("Mutu", Kind.TEXT, 0.5),
    )
    per_element = Table(
        "IKM per unsur",
        "Nilai per unsur pelayanan",
        columns,
        rows,
        note="NRR = jumlah nilai ÷ jumlah responden; NRR tertimbang = NRR × 1/9; "
        "IKM unsur = NRR × 25.",
    )
    band = skm.band
    total_rows: list[tuple[Any, ...]] = [
        ("Jumlah responden", skm.respondents),
        (
            "Jumlah NRR tertimbang",
            round(float(sum(e.weighted for e in skm.elements)), 4) if has else None,
        ),
        ("IKM unit pelayanan", float(skm.ikm) if skm.ikm is not None else None),
        ("Mutu pelayanan", band.letter if band else "–"),
        ("Kinerja unit pelayanan", band.name if band else "Belum ada responden"),
    ]
    summary = Table(
        "IKM",
        "Indeks Kepuasan Masyarakat",
        (Column("Uraian", Kind.TEXT, 3), Column("Nilai", Kind.NUMBER, 2)),
        total_rows,
        note="IKM = (Σ NRR × 1/9) × 25. Mutu: A 88,31–100 Sangat Baik · "
        "B 76,61–88,30 Baik · C 65,00–76,60 Kurang Baik · D 25,00–64,99 Tidak Baik.",
    )
    return [summary, per_element]


def weakest_table(skm: SkmResult, count: int = 3) -> Table:
    """The elements to improve first: the lowest NRR (ties kept), as the report names them."""
    rows: list[tuple[Any, ...]] = []
    if skm.respondents:
        ranked = sorted(skm.elements, key=lambda e: (e.nrr, e.element.code))
        cutoff = ranked[min(count, len(ranked)) - 1].nrr
        for rank, e in enumerate((e for e in ranked if e.nrr <= cutoff), start=1):
            rows.append(
                (
                    rank,
                    e.element.code,
                    e.element.name,
                    round(float(e.nrr), 4),
                    float(e.index),
                    e.band.letter,
                )
            )
    columns = (
        Column("Urutan", Kind.INT, 0.5),
        Column("Kode", Kind.TEXT, 0.5),
        Column("Unsur pelayanan", Kind.TEXT, 3.2),
        Column("NRR", Kind.NUMBER),
        Column("IKM unsur", Kind.NUMBER),
        Column("Mutu", Kind.TEXT, 0.5),
    )
    return Table(
        "Unsur terlemah",
        "Unsur dengan nilai terendah (prioritas perbaikan)",
        columns,
        rows,
        note="Tiga unsur dengan NRR terendah; nilai yang sama ikut ditampilkan.",
    )


def _profile_table(profile: dict[str, dict[str | None, int]], respondents: int) -> Table:
    rows: list[tuple[Any, ...]] = []
    for field_name, (label, options) in PROFILE_FIELDS.items():
        counts = profile.get(field_name, {})
        for code, name in options.items():
            n = counts.get(code, 0)
            rows.append((label, name, n, round(n / respondents, 4) if respondents else None))
        empty = counts.get(None, 0)
        if empty:
            rows.append(
                (
                    label,
                    "Tidak diisi",
                    empty,
                    round(empty / respondents, 4) if respondents else None,
                )
            )
    columns = (
        Column("Karakteristik", Kind.TEXT, 1.3),
        Column("Kategori", Kind.TEXT, 2),
        Column("Jumlah", Kind.INT),
        Column("Persen (%)", Kind.SHARE),
    )
    return Table("Profil responden", "Profil responden", columns, rows)


def ikm_report(db: Database, period: Period, *, now: datetime | None = None) -> Report:
    """The IKM per period as offices publish it: per-element NRR, the index, its band."""
    office = _office(db)
    st = stats_for_period(db, period, as_of=service_day(now or utc_now(), office.tz))
    skm = st.skm
    assert skm is not None
    tables = ikm_tables(skm)
    tables.append(weakest_table(skm))
    tables.append(_profile_table(skm_profile(db, period), skm.respondents))
    tables.append(rating_table(st))
    notes = skm_suggestions(db, period)
    if notes:
        tables.append(
            Table(
                "Saran",
                "Saran dan masukan",
                (Column("Tanggal", Kind.DATE, 1), Column("Saran", Kind.TEXT, 6)),
                [(d, n) for d, n in notes],
            )
        )
    chart = Chart(
        "ikm-unsur",
        "NRR per unsur (1–4)",
        [e.element.code for e in skm.elements],
        [("NRR", [round(float(e.nrr), 3) for e in skm.elements])],
        "NRR",
        max_value=4.0,
    )
    return Report(
        "ikm",
        "Laporan Indeks Kepuasan Masyarakat (IKM)",
        office,
        period,
        _local_now(office, now),
        tables,
        [chart] if skm.respondents else [],
        letterhead=_letterhead(db),
        sections=_ikm_sections(db, period),
    )


def _ikm_sections(db: Database, period: Period) -> list[tuple[str, str]]:
    from loket.app.ikm_plan import load_ikm_follow_up

    saved = load_ikm_follow_up(db, period)
    empty = "(belum diisi: Kasi Pelayanan mengisinya di Dasbor → Analisis IKM)"
    return [
        ("Analisis hasil survei", saved.analysis or empty),
        ("Rencana tindak lanjut", saved.plan or empty),
    ]


def build_report(db: Database, kind: str, period: Period, *, now: datetime | None = None) -> Report:
    if kind == "daily":
        return daily_report(db, period, now=now)
    if kind == "register":
        return register_report(db, period, now=now)
    if kind == "ikm":
        return ikm_report(db, period, now=now)
    raise InvalidInput(f"Laporan {kind!r} tidak dikenal: pilih daily, register atau ikm.")


# -- writers ------------------------------------------------------------------------------------

NUMBER_FORMATS = {
    Kind.INT: "0",
    Kind.NUMBER: "0.00",
    Kind.MINUTES: "0.0",
    Kind.SHARE: "0.0",  # written as a percentage, like the summary's "(%)" rows
    Kind.DATE: "dd-mm-yyyy",  # as on the PDF
    Kind.DATETIME: "dd-mm-yyyy hh:mm",
}


def write_xlsx(report: Report, path: Path) -> Path:
    """One sheet per table (header in row 1, real numbers and dates), an Info sheet first.

    All of it inside ``atomic_path``: openpyxl's write-only sheets spool to temporary
    files while rows are added, so a full disk can strike before the save.
    """
    check_target(path)
    buffer = io.BytesIO()
    hook = sys.unraisablehook
    # openpyxl spools each sheet to a temporary file; if that fails, its row writers and
    # zip file are left behind and print "Exception ignored" tracebacks when freed.
    sys.unraisablehook = lambda _: None
    try:
        failure: OSError | None = None
        try:
            _build_xlsx(report).save(buffer)
        except OSError as exc:
            failure = OSError(exc.errno, exc.strerror, exc.filename)
        gc.collect()
    finally:
        sys.unraisablehook = hook
    if failure is not None:
        raise OutputError(f"Laporan tidak tersimpan ke {path}: {failure.strerror}.")
    return write_bytes_atomic(path, buffer.getvalue())


def _build_xlsx(report: Report) -> Any:
    """The workbook, in memory (a month's register is ~100,000 cells: a few MB).

    Each sheet is ready to print and to filter: header row frozen and repeated on every
    printed page, an autofilter, columns as wide as their contents, A4 fitted to the
    page width, the office and period in the printed header, "Halaman N dari M" below.
    """
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]

    wb = Workbook()
    info = wb.active
    info.title = "Info"
    for line in report.header_lines():
        info.append([line])
    # Notes live here, so every table sheet is only its header and its rows.
    notes = [(t.title, t.note) for t in report.tables if t.note]
    if notes:
        info.append([])
        for title, note in notes:
            info.append([title, note])
    info.column_dimensions["A"].width = 40
    info["A1"].font = Font(bold=True, size=13)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    overdue = PatternFill("solid", fgColor="F8D7DA")
    heading = PatternFill("solid", fgColor="DFE7F1")
    for table in report.tables:
        ws = wb.create_sheet(_sheet_name(table.key))
        ws.append([column.title for column in table.columns])
        for cell in ws[1]:
            cell.font = bold
            cell.fill = heading
            cell.alignment = wrap
        widths = [min(14, max(8, len(c.title) * 0.6)) for c in table.columns]
        for index, row in enumerate(table.rows, start=2):
            values = [sheet_value(v, c.kind) for v, c in zip(row, table.columns, strict=True)]
            ws.append(values)
            for col, (value, column) in enumerate(zip(values, table.columns, strict=True)):
                cell = ws.cell(row=index, column=col + 1)
                fmt = NUMBER_FORMATS.get(Kind.INT if isinstance(value, int) else column.kind)
                if fmt and value is not None and not isinstance(value, str):
                    cell.number_format = fmt
                if index - 2 in table.marked:
                    cell.fill = overdue
                shown = display(row[col], column.kind, short=False)
                widths[col] = max(widths[col], min(60.0, len(shown) * 1.1 + 2))
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[_column_letter(i)].width = width
        _print_setup(ws, report, table)
    return wb


def _print_setup(ws: Any, report: Report, table: Table) -> None:
    ws.freeze_panes = "A2"
    if table.rows:
        ws.auto_filter.ref = ws.dimensions
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    wide = report.landscape or len(table.columns) > 6
    ws.page_setup.orientation = "landscape" if wide else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.left.text = report.office.name
    ws.oddHeader.center.text = report.title
    ws.oddHeader.right.text = report.period.label()
    ws.oddFooter.left.text = table.title
    ws.oddFooter.right.text = "Halaman &P dari &N"


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    return str(get_column_letter(index))


def _sheet_name(key: str) -> str:
    clean = "".join(ch for ch in key if ch not in "[]:*?/\\")
    return clean[:31] or "Tabel"


def sheet_value(value: Any, kind: Kind) -> Any:
    """A value as a spreadsheet holds it: a share as a percentage (50.0, not 0.5).

    One unit everywhere: the summary's "... (%)" rows, the per-service "Sesuai standar
    (%)" column, the PDF's "50,0%" and the dashboard all read as percentages.
    """
    if kind is Kind.SHARE and isinstance(value, int | float) and not isinstance(value, bool):
        return round(float(value) * 100, 1)
    return value


CSV_STYLES = ("id", "en")


def _csv_value(value: Any, kind: Kind, style: str) -> str:
    """A cell as text: Indonesian style uses a decimal comma and dd-mm-yyyy dates."""
    value = sheet_value(value, kind)
    if value is None:
        return ""
    if isinstance(value, datetime):
        if style == "id":
            return f"{value:%d-%m-%Y %H:%M}"
        return value.isoformat(" ", "minutes")
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}" if style == "id" else value.isoformat()
    if isinstance(value, float):
        text_value = repr(round(value, 4))
        return text_value.replace(".", ",") if style == "id" else text_value
    return str(value)


def _slug(text_value: str) -> str:
    keep = "".join(ch.lower() if ch.isalnum() else "-" for ch in text_value)
    return "-".join(part for part in keep.split("-") if part)


def report_file_name(report: Report, suffix: str) -> str:
    """'kelurahan-sukamaju_buku-register-pelayanan_2026-11-01_2026-11-30.pdf'."""
    period = report.period.start.isoformat()
    if not report.period.is_day:
        period += "_" + report.period.end.isoformat()
    return f"{_slug(report.office.name)}_{_slug(report.title)}_{period}.{suffix}"


def _table_csv(table: Table, style: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if style == "id" else ",", lineterminator="\r\n")
    writer.writerow([c.title for c in table.columns])
    for row in table.rows:
        writer.writerow(
            [_csv_value(v, c.kind, style) for v, c in zip(row, table.columns, strict=True)]
        )
    return out.getvalue()


def csv_target(report: Report, path: Path) -> Path:
    """Where a CSV export goes: the file itself, or a zip of files for several tables."""
    if len(report.tables) > 1 and path.suffix.lower() != ".zip":
        return path.with_suffix(".zip")
    return path


def write_csv(report: Report, path: Path, style: str = "id") -> Path:
    """CSV that a spreadsheet opens as a table, one table per file.

    ``style`` "id" (the default, for Excel set to Indonesian): ``;`` between fields,
    decimal comma, dd-mm-yyyy dates; "en": ``,`` and a decimal point, ISO dates. UTF-8
    with a BOM so Excel reads the text right. A report of several tables (the daily
    report, IKM) becomes a zip of CSV files, each named after the office, the report,
    the period and the table; the returned path says where it went.
    """
    if style not in CSV_STYLES:
        raise InvalidInput(f"Gaya CSV {style!r} tidak dikenal: pilih id atau en.")
    target = csv_target(report, path)
    if len(report.tables) == 1:
        data = _table_csv(report.tables[0], style).encode("utf-8-sig")
        return write_bytes_atomic(target, data)
    stem = report_file_name(report, "csv")[: -len(".csv")]
    with atomic_path(target) as temp, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as zf:
        for number, table in enumerate(report.tables, start=1):
            name = f"{stem}_{number:02d}-{_slug(table.key)}.csv"
            zf.writestr(name, _table_csv(table, style).encode("utf-8-sig"))
    return target
