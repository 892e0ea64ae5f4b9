"""Plain-text layout of figures for the terminal (Indonesian labels)."""

from __future__ import annotations

from loket.core.stats import DayStats, GroupStats, Summary


def _dur(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m{secs:02d}d"


def _summary(s: Summary) -> str:
    return (
        f"rata2 {_dur(s.mean)} · median {_dur(s.median)} · p90 {_dur(s.p90)} · maks {_dur(s.max)}"
    )


def _row(g: GroupStats) -> str:
    c = g.counts
    return (
        f"  {g.code:>3} {g.name[:34]:<34} {c.issued:>5} {c.served:>6} {c.no_show:>6} "
        f"{c.cancelled:>5} {c.transferred:>6} {_dur(g.waiting_time.median):>8} "
        f"{_dur(g.service_time.median):>8}"
    )


def format_day_stats(st: DayStats) -> str:
    c = st.counts
    lines = [
        f"Laporan layanan {st.day.isoformat()}",
        f"  Antrian: {c.issued} (diambil {st.taken}, pengalihan masuk {st.transfers_in})",
        f"  Selesai dilayani: {c.served} · tidak hadir: {c.no_show} · batal: {c.cancelled}"
        f" · dialihkan: {c.transferred} · masih terbuka: {c.open}",
        f"  Waktu tunggu:  {_summary(st.waiting_time)}",
        f"  Waktu layanan: {_summary(st.service_time)}",
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
