"""Plain-text layout of figures for the terminal (Indonesian labels)."""

from __future__ import annotations

from loket.core.periods import PeriodStats
from loket.core.stats import DayStats, GroupStats, Summary
from loket.core.words import format_number


def duration(seconds: float | None) -> str:
    """12m05d: minutes and seconds, as the terminal reports print durations."""
    if seconds is None:
        return "-"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m{secs:02d}d"


def summary_text(s: Summary) -> str:
    """rata2 · median · p90 · maks of a set of durations, on one line."""
    parts = (("rata2", s.mean), ("median", s.median), ("p90", s.p90), ("maks", s.max))
    return " · ".join(f"{name} {duration(value)}" for name, value in parts)


def _row(g: GroupStats) -> str:
    c = g.counts
    return (
        f"  {g.code:>3} {g.name[:34]:<34} {c.issued:>5} {c.served:>6} {c.no_show:>6} "
        f"{c.cancelled:>5} {c.transferred:>6} {duration(g.waiting_time.median):>8} "
        f"{duration(g.service_time.median):>8}"
    )


def format_day_stats(st: DayStats) -> str:
    c = st.counts
    lines = [
        f"Laporan layanan {st.day.isoformat()}",
        f"  Antrian: {c.issued} (diambil {st.taken}, pengalihan masuk {st.transfers_in})",
        f"  Selesai dilayani: {c.served} · tidak hadir: {c.no_show} · batal: {c.cancelled}"
        f" · dialihkan: {c.transferred} · masih terbuka: {c.open}",
        f"  Waktu tunggu:  {summary_text(st.waiting_time)}",
        f"  Waktu layanan: {summary_text(st.service_time)}",
        "",
        "  Kode Layanan                            Antri Selesai  Absen Batal Alihan"
        "  Tunggu  Layanan",
    ]
    lines += [_row(g) for g in st.by_service]
    lines += ["", "  Per loket:"]
    lines += [_row(g) for g in st.by_counter]
    lines += ["", "  Per jam:  jam  antri  selesai"]
    lines += [
        f"            {h['hour']:02d}  {h['issued']:>5}  {h['served']:>7}" for h in st.by_hour
    ]
    return "\n".join(lines)


def format_period_stats(st: PeriodStats) -> str:
    """The terminal layout of `loket stats --from --to` (the day form's, plus the period's)."""
    as_day = DayStats(
        day=st.period.start,
        counts=st.counts,
        taken=st.taken,
        transfers_in=st.transfers_in,
        waiting_time=st.waiting_time,
        service_time=st.service_time,
        by_service=[
            GroupStats(g.key, g.code, g.name, g.counts, g.waiting_time, g.service_time)
            for g in st.by_service
        ],
        by_counter=[
            GroupStats(g.key, g.code, g.name, g.counts, g.waiting_time, g.service_time)
            for g in st.by_counter
        ],
        by_hour=st.by_hour,
    )
    lines = format_day_stats(as_day).splitlines()
    lines[0] = f"Laporan layanan {st.period.label()} ({st.period.days} hari)"
    share = st.within_standard.ratio
    w = st.walk_time
    lines[5:5] = [
        f"  Menuju loket:  {summary_text(w)}",
        "  Selesai dalam waktu standar: "
        + (format_number(share * 100, 1) + "%" if share is not None else "-"),
        f"  Tindak lanjut: {st.follow_ups.total} · diserahkan {st.follow_ups.closed} · "
        f"terbuka {st.follow_ups.open} · terlambat {st.follow_ups.overdue_total}",
    ]
    if st.by_operator:
        lines += ["", "  Per petugas:  selesai  jam tugas  per jam  jeda rata2"]
        for o in st.by_operator:
            p = o.productivity
            per_hour = p.per_hour(o.group.counts.served)
            lines.append(
                f"  {o.group.name[:12]:<12} {o.group.counts.served:>8} "
                f"{format_number(p.duty_seconds / 3600, 1):>10} "
                f"{format_number(per_hour, 1) if per_hour is not None else '-':>8} "
                f"{duration(p.mean_idle_gap):>11}"
            )
    if st.ratings.count:
        lines.append(
            f"\n  Penilaian warga: {st.ratings.count} · "
            f"rata-rata {format_number(st.ratings.mean or 0.0)}"
        )
    if st.skm is not None and st.skm.ikm is not None and st.skm.band is not None:
        lines.append(
            f"  IKM: {format_number(float(st.skm.ikm))} ({st.skm.band.letter}, {st.skm.band.name}) "
            f"dari {st.skm.respondents} responden"
        )
    return "\n".join(lines)
