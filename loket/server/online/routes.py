"""HTTP routes of the online extras: the desks' live state in, the citizen's page out.

``/t/<token>`` is public and has no personal data: the number, the service, the people
ahead, the estimated wait and what each counter calls. It refreshes itself (a meta
refresh: the page runs no script, under the same CSP as the city page) and says
"data terakhir HH.MM" when the office has not reported lately, instead of pretending.
Booking ahead has its own routers: ``booking_api`` (the desks') and ``booking_pages``.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from loket.core.links import is_token
from loket.server.context import Server
from loket.server.errors import ApiError, not_found
from loket.server.online.live import store_live, ticket_view
from loket.server.online.pages import hhmm, limited, page
from loket.server.routes.public import FIRST_YEAR, LAST_YEAR
from loket.sync.online_schemas import LiveAck, LiveState

STATIC = {"online.css": "text/css; charset=utf-8"}

router = APIRouter()
static = resources.files("loket.server.online") / "static"


@router.post("/api/v1/live", response_model=LiveAck, tags=["desk"])
def live(body: LiveState, request: Request, ctx: Server) -> LiveAck:
    """The office's queue now (no personal data); the highest version is kept."""
    desk = ctx.authed(request)
    if not FIRST_YEAR <= body.day.year < LAST_YEAR:  # year 1 overflowed the clean-up: a 500
        years = f"{FIRST_YEAR} dan {LAST_YEAR - 1}"
        raise ApiError(422, "invalid_date", f"Tanggal (day) harus antara tahun {years}.")
    with ctx.db.write() as s:
        return store_live(s, desk, body, ctx.clock())


@router.get("/t/{token}", response_class=HTMLResponse, include_in_schema=False)
def ticket_page(token: str, request: Request, ctx: Server) -> Response:
    refused = limited(ctx, request)
    if refused is not None:
        return refused
    view = None
    if is_token(token):
        with ctx.db.read() as s:
            view = ticket_view(s, token, ctx.clock())
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


@router.get("/online/{name}", include_in_schema=False)
def static_file(name: str) -> Response:
    if name not in STATIC:
        raise not_found()  # a JSON refusal like every other, not an empty answer
    return Response((static / name).read_bytes(), media_type=STATIC[name],
                    headers={"Cache-Control": "public, max-age=3600"})  # fmt: skip
