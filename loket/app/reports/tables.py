"""The daily report's tables and charts, from a period's ``PeriodStats``.

The dashboard shows the same tables and charts, so its figures and the printed report
are one computation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from loket.app.reports.model import Chart, Column, Kind, Table, display, minutes
from loket.core.periods import WAIT_BUCKET_SECONDS, WAIT_BUCKETS, FollowUp, PeriodStats
from loket.core.skm import FACES
from loket.core.stats import Summary

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


def hour_table(st: PeriodStats) -> Table:
    rows = [(h["hour"], h["issued"], h["served"]) for h in st.by_hour]
    columns = (Column("Jam", Kind.INT), Column("Datang", Kind.INT), Column("Selesai", Kind.INT))
    return Table(
        "Per jam",
        "Per jam (waktu setempat)",
        columns,
        rows,
        note="Jam 24 ke atas: lewat tengah malam hari layanan itu.",
    )


def day_table(st: PeriodStats) -> Table:
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


def wait_table(st: PeriodStats) -> Table:
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
