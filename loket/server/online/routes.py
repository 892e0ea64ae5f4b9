"""HTTP routes of the online extras: the desks' live state in, the citizen's page out.

``/t/<token>`` is public and has no personal data: the number, the service, the people
ahead, the estimated wait and what each counter calls. It refreshes itself (a meta
refresh: the page runs no script, under the same CSP as the city page) and says
"data terakhir HH.MM" when the office has not reported lately, instead of pretending.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from loket.core.links import is_token
from loket.server.admin import AuthedDesk
from loket.server.auth import RateLimit, RateLimiter
from loket.server.db import ServerDatabase
from loket.server.online.live import store_live, ticket_view
from loket.sync.online_schemas import LiveAck, LiveState

#: The phone page reloads itself this often (seconds).
REFRESH_S = 20
STATIC = {"online.css": "text/css; charset=utf-8"}

_env = Environment(
    loader=PackageLoader("loket.server.online", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def hhmm(at: datetime, zone_name: str) -> str:
    """10.42: the Indonesian way of writing a time of day."""
    return at.astimezone(ZoneInfo(zone_name)).strftime("%H.%M")


def city_name() -> str:
    from loket.server.web import city_name as name

    return name()


def install(
    app: FastAPI,
    db: ServerDatabase,
    clock: Callable[[], datetime],
    authed: Callable[[Request], AuthedDesk],
    page_limit: RateLimit | None = None,
) -> None:
    limiter = RateLimiter(page_limit or RateLimit(rate=2.0, burst=30.0))

    def page(template: str, status: int = 200, **values: Any) -> HTMLResponse:
        values.setdefault("refresh", REFRESH_S if status == 200 else 0)
        body = _env.get_template(template).render(city_name=city_name(), **values)
        response = HTMLResponse(body, status_code=status)
        response.headers["Cache-Control"] = "no-store"
        return response

    def limited(request: Request) -> Response | None:
        address = request.client.host if request.client else "-"
        wait = limiter.acquire(address)
        if wait is None:
            return None
        seconds = max(1, math.ceil(wait))
        response = page("message.html", 429, title="Terlalu banyak permintaan",
                        message=f"Coba lagi dalam {seconds} detik.")  # fmt: skip
        response.headers["Retry-After"] = str(seconds)
        return response

    @app.post("/api/v1/live", response_model=LiveAck, tags=["desk"])
    def live(body: LiveState, request: Request) -> LiveAck:
        """The office's queue now (no personal data); the highest version is kept."""
        desk = authed(request)
        with db.write() as s:
            return store_live(s, desk, body, clock())

    @app.get("/t/{token}", response_class=HTMLResponse, include_in_schema=False)
    def ticket_page(token: str, request: Request) -> Response:
        refused = limited(request)
        if refused is not None:
            return refused
        view = None
        if is_token(token):
            with db.read() as s:
                view = ticket_view(s, token, clock())
        if view is None:
            return page("message.html", 404, title="Tiket tidak ditemukan",
                        message="Tautan tiket ini tidak dikenal atau sudah kedaluwarsa. "
                        "Periksa kode QR pada tiket Anda.")  # fmt: skip
        return page(
            "ticket.html",
            title=f"Antrian {view.label}",
            v=view,
            updated=hhmm(view.updated_at, view.zone),
        )

    static = resources.files("loket.server.online") / "static"

    @app.get("/online/{name}", include_in_schema=False)
    def static_file(name: str) -> Response:
        if name not in STATIC:
            return Response(status_code=404)
        return Response((static / name).read_bytes(), media_type=STATIC[name],
                        headers={"Cache-Control": "public, max-age=3600"})  # fmt: skip
