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

from loket.app.citizens import mask_name
from loket.app.feedback import skm_profile, skm_suggestions
from loket.app.letterhead import letterhead_in
from loket.app.office import OfficeInfo, list_services, load_office
from loket.app.online.figures import online_days, online_table
from loket.app.period_stats import (
    follow_up_list,
    parse_day,
    parse_utc,
    stats_for_period,
)
from loket.app.reports.model import (
    OUTCOME_NAMES,
    PRIORITY_NAMES,
    Chart,
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
from loket.core.letterhead import Letterhead
from loket.core.periods import Period, PeriodStats
from loket.core.skm import PROFILE_FIELDS, SkmResult
from loket.core.tickets import STATE_LABELS_ID, TicketState, ticket_label
from loket.store.database import Database


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
    tables.append(hour_table(st))
    if not period.is_day:
        tables.append(day_table(st))
    tables += [
        wait_table(st),
        follow_up_table(backlog + items, names, st.as_of or as_of),
        rating_table(st),
    ]
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
