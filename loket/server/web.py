"""The city pages' rendering: Jinja2 templates, number formats, sorting, rate limit, cache.

Everything is served from the installed package (templates, stylesheet, logo), so the
page works on a city intranet with no internet and no CDN. The routes are in
``server/routes/pages.py``; ``public`` is what each of them goes through: rate-limited
per client address, then served from the short cache or built afresh, so a refresh
storm or a crawler cannot keep the database busy.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from loket.core.days import INDONESIAN_ZONES
from loket.core.periods import Period
from loket.core.skm import SkmResult
from loket.server.city import (
    OfficeFigures,
    PageInputError,
    minutes_text,
    parse_range,
    percent_text,
    today_in_city,
)
from loket.server.city_settings import DEFAULT_NAME
from loket.server.city_settings import city_name as settings_name
from loket.server.context import ServerContext
from loket.server.page_cache import CACHE_SECONDS

COLUMNS = [
    ("name", "Kantor"),
    ("issued", "Antrian"),
    ("served", "Selesai"),
    ("no_show", "Tidak hadir"),
    ("median_wait", "Median tunggu"),
    ("within", "Sesuai standar"),
    ("overdue", "TL terlambat"),
    ("ikm", "IKM"),
]

_env = Environment(
    loader=PackageLoader("loket.server", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _when(at: datetime | None, zone_name: str = "Asia/Jakarta") -> str:
    if at is None:
        return "belum pernah"
    label = INDONESIAN_ZONES.get(zone_name, zone_name)
    return f"{at.astimezone(ZoneInfo(zone_name)).strftime('%d-%m-%Y %H:%M')} {label}"


def _decimal(value: Any, places: int) -> str:
    return f"{float(value):.{places}f}".replace(".", ",")


def _ikm_text(skm: SkmResult) -> str:
    """'82,35 (B)', or '–' without respondents."""
    band = skm.band
    if skm.ikm is None or band is None:
        return "–"
    return f"{_decimal(skm.ikm, 2)} ({band.letter})"


_env.globals.update(
    minutes=minutes_text, percent=percent_text, when=_when, ikm_text=_ikm_text, decimal=_decimal
)


def _sort_key(key: str) -> Callable[[OfficeFigures], Any]:
    """Largest first (names A–Z); an office without the figure goes last either way."""
    if key == "name":
        return lambda o: o.name.lower()
    if key == "median_wait":
        return lambda o: (o.median_wait is None, -(o.median_wait or 0.0))
    if key == "within":
        return lambda o: (o.within_share is None, -(o.within_share or 0.0))
    if key == "ikm":
        return lambda o: (o.ikm_value is None, -(o.ikm_value or 0.0))
    return lambda o: -getattr(o, key)


def sort_offices(offices: list[OfficeFigures], sort: str) -> str:
    """Sort in place by ``key`` or ``-key`` (reversed); returns the sort applied ("" none).

    Reversed or not, an office without the figure (no waits, no respondents) stays last.
    """
    key = sort.removeprefix("-")
    if key not in dict(COLUMNS):
        return ""
    ranked = _sort_key(key)
    offices.sort(key=ranked, reverse=sort.startswith("-"))
    if sort.startswith("-") and key in ("median_wait", "within", "ikm"):
        offices.sort(key=lambda o: bool(ranked(o)[0]))  # stable: keeps the order above
    return sort


def city_name() -> str:
    """The fallback name (no database at hand); pages read ``city_settings`` first."""
    return os.environ.get("LOKET_CITY_NAME", "").strip() or DEFAULT_NAME


def current_name(ctx: ServerContext) -> str:
    try:
        with ctx.db.read() as s:
            return settings_name(s)
    except SQLAlchemyError:  # the name is decoration: never fail a page for it
        return city_name()


def html(ctx: ServerContext, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    body = _env.get_template(template).render(
        city_name=current_name(ctx), generated=_when(ctx.clock()), **values
    )
    return HTMLResponse(body, status_code=status)


def public(ctx: ServerContext, request: Request, build: Callable[[Session], Response]) -> Response:
    """Rate-limit by address, then serve from the short cache or build afresh."""
    # The client's address, not a reverse proxy's: behind one, every citizen shared it.
    wait = ctx.page_limiter.acquire(ctx.client_of(request))
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        page = html(ctx, "message.html", 429, title="Terlalu banyak permintaan",
                    message=f"Terlalu banyak permintaan dari alamat ini. Coba lagi "
                    f"dalam {seconds} detik.")  # fmt: skip
        page.headers["Retry-After"] = str(seconds)
        return page
    key = f"{request.url.path}?{request.url.query}"
    cached = ctx.pages.get(key)
    if cached is not None:
        return cached
    try:
        with ctx.db.read() as s:
            response = build(s)
    except PageInputError as exc:
        return html(ctx, "message.html", 400, title="Tanggal tidak valid", message=str(exc))
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    if response.status_code == 200:
        ctx.pages.put(key, response)
    return response


def period_of(ctx: ServerContext, request: Request) -> Period:
    q = request.query_params
    first, last = parse_range(q.get("date"), q.get("from"), q.get("to"),
                              today_in_city(ctx.clock()))  # fmt: skip
    return Period(first, last)
