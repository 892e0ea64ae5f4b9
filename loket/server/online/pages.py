"""The citizen's pages of the online extras: templates, the page limit, Indonesian dates.

Every page is public, has no script (the city page's CSP) and is rate-limited per
client address with the online extras' own limit (``ctx.online_limiter``).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from loket.server.context import ServerContext
from loket.server.web import city_name

#: The phone page reloads itself this often (seconds).
REFRESH_S = 20

_env = Environment(
    loader=PackageLoader("loket.server.online", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)

DAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"]  # fmt: skip


def hhmm(at: datetime, zone_name: str) -> str:
    """10.42: the Indonesian way of writing a time of day."""
    return at.astimezone(ZoneInfo(zone_name)).strftime("%H.%M")


def day_text(day: date) -> str:
    return f"{DAYS_ID[day.weekday()]}, {day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def qr_svg(text: str) -> str:
    """The booking's QR as inline SVG (no image request, no script: fits the page's CSP)."""
    import segno

    return str(segno.make_qr(text, error="m").svg_inline(scale=4, border=2, omitsize=True))


def page(template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """A page, never cached (it shows a queue that moves); it refreshes itself when 200."""
    values.setdefault("refresh", REFRESH_S if status == 200 else 0)
    body = _env.get_template(template).render(city_name=city_name(), **values)
    response = HTMLResponse(body, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    return response


def limited(ctx: ServerContext, request: Request) -> Response | None:
    """The 429 page when this address asked too often, else None."""
    # The client's address, not a reverse proxy's: behind one, every citizen shared it.
    wait = ctx.online_limiter.acquire(ctx.client_of(request))
    if wait is None:
        return None
    seconds = max(1, math.ceil(wait))
    response = page("message.html", 429, title="Terlalu banyak permintaan",
                    message=f"Coba lagi dalam {seconds} detik.")  # fmt: skip
    response.headers["Retry-After"] = str(seconds)
    return response
