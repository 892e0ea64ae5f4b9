"""The public city page: one HTML table of every office's day, in Indonesian.

Plain server-side HTML (no script, no external assets) so it loads on any browser in
any kelurahan, and refreshes itself every minute. The same figures are JSON at
``/api/v1/stats``.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from loket.core.days import INDONESIAN_ZONES
from loket.sync.schemas import StatsResponse

_DEFAULT_ZONE = "Asia/Jakarta"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m{secs:02d}d"


def _when(at: datetime | None, zone: str = _DEFAULT_ZONE) -> str:
    """Local time of an office (WIB, WITA or WIT), as its staff read their clocks."""
    if at is None:
        return "belum pernah"
    label = INDONESIAN_ZONES.get(zone, zone)
    return f"{at.astimezone(ZoneInfo(zone)).strftime('%d-%m-%Y %H:%M')} {label}"


def render_page(stats: StatsResponse) -> str:
    day = stats.date.isoformat() if stats.date else ""
    title = f"Layanan kelurahan {day}" if day else "Layanan kelurahan hari ini"
    rows = []
    for o in stats.offices:
        flag = ""
        if o.stale:
            names = ", ".join(
                f"{escape(d.name)} ({escape(_when(d.last_seen, o.zone))})" for d in o.stale_desks
            )
            flag = f'<div class="stale">⚠ tidak ada kabar &gt; 1 hari: {names}</div>'
        rows.append(
            "<tr>"
            f"<td>{escape(o.code)}</td>"
            f"<td>{escape(o.name)}{flag}</td>"
            f"<td>{o.date.isoformat()}</td>"
            f'<td class="n">{o.issued}</td>'
            f'<td class="n">{o.served}</td>'
            f'<td class="n">{o.waiting}</td>'
            f'<td class="n">{_duration(o.median_wait)}</td>'
            f"<td>{escape(_when(o.last_sync, o.zone))}</td>"
            "</tr>"
        )
    t = stats.totals
    empty = '<tr><td colspan="8">Belum ada kantor terdaftar.</td></tr>'
    return f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>{escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .4rem .6rem; text-align: left; }}
th {{ background: #f3f3f3; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
tfoot td {{ font-weight: bold; }}
.stale {{ color: #a40000; font-size: .85rem; }}
</style>
</head>
<body>
<h1>{escape(title)}</h1>
<form method="get" action="/">
<label>Tanggal <input type="date" name="date" value="{day}"></label>
<button type="submit">Tampilkan</button>
</form>
<table>
<thead><tr><th>Kode</th><th>Kantor</th><th>Tanggal</th><th>Antrian</th><th>Selesai</th>
<th>Menunggu</th><th>Median tunggu</th><th>Sinkron terakhir</th></tr></thead>
<tbody>
{"".join(rows) or empty}
</tbody>
<tfoot><tr><td></td><td>Seluruh kota ({t.offices} kantor, {t.stale_offices} perlu dicek)</td>
<td></td><td class="n">{t.issued}</td><td class="n">{t.served}</td><td class="n">{t.waiting}</td>
<td class="n">{_duration(t.median_wait)}</td><td></td></tr></tfoot>
</table>
<p>Data terbuka: <a href="/api/v1/stats{("?date=" + day) if day else ""}">JSON</a>.
Angka ini tanpa data pribadi. Diperbarui {escape(_when(stats.generated_at))}.</p>
</body>
</html>
"""
