"""Plain-text layout of figures for the terminal (Indonesian labels)."""

from __future__ import annotations

from loket.core.stats import DayStats, GroupStats, Summary


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
