"""HTTP routes of the online extras: the desks' live state in, the citizen's page out.

``/t/<token>`` is public and has no personal data: the number, the service, the people
ahead, the estimated wait and what each counter calls. It refreshes itself (a meta
refresh: the page runs no script, under the same CSP as the city page) and says
"data terakhir HH.MM" when the office has not reported lately, instead of pretending.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from importlib import resources
from typing import Annotated, Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from loket.core.errors import LoketError
from loket.core.links import is_token
from loket.server.admin import AuthedDesk
from loket.server.auth import RateLimit, RateLimiter
from loket.server.db import ServerDatabase
from loket.server.online import booking as bookings
from loket.server.online.live import store_live, ticket_view
from loket.sync.online_schemas import (
    BookingsResponse,
    CheckIns,
    CheckInsAck,
    LiveAck,
    LiveState,
    RulesAck,
    SessionRules,
)

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

    install_booking(app, db, clock, authed, page, limited)

    static = resources.files("loket.server.online") / "static"

    @app.get("/online/{name}", include_in_schema=False)
    def static_file(name: str) -> Response:
        if name not in STATIC:
            return Response(status_code=404)
        return Response((static / name).read_bytes(), media_type=STATIC[name],
                        headers={"Cache-Control": "public, max-age=3600"})  # fmt: skip


DAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"]  # fmt: skip


def day_text(day: date) -> str:
    return f"{DAYS_ID[day.weekday()]}, {day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def qr_svg(text: str) -> str:
    """The booking's QR as inline SVG (no image request, no script: fits the page's CSP)."""
    import segno

    return str(segno.make_qr(text, error="m").svg_inline(scale=4, border=2, omitsize=True))


def install_booking(
    app: FastAPI,
    db: ServerDatabase,
    clock: Callable[[], datetime],
    authed: Callable[[Request], AuthedDesk],
    page: Callable[..., HTMLResponse],
    limited: Callable[[Request], Response | None],
) -> None:
    """Booking ahead: the citizen's pages (no script) and the desks' API."""

    @app.put("/api/v1/sessions", response_model=RulesAck, tags=["desk"])
    def put_sessions(body: SessionRules, request: Request) -> RulesAck:
        """The office's bookable sessions (its admin's set replaces the previous one)."""
        desk = authed(request)
        with db.write() as s:
            return RulesAck(rules=bookings.replace_desk_rules(s, desk, body.rules, clock()))

    @app.get("/api/v1/bookings", response_model=BookingsResponse, tags=["desk"])
    def get_bookings(
        request: Request,
        first: Annotated[date, Query(alias="from")],
        last: Annotated[date, Query(alias="to")],
    ) -> BookingsResponse:
        """The office's bookings of these days, with the key that verifies their QR codes."""
        desk = authed(request)
        if (last - first).days > 31 or last < first:
            from loket.server.errors import ApiError

            raise ApiError(422, "invalid_range", "Rentang tanggal 0..31 hari.")
        with db.write() as s:  # the first pull may make the signing key
            return bookings.desk_bookings(s, desk, first, last, clock())

    @app.post("/api/v1/bookings/checkins", response_model=CheckInsAck, tags=["desk"])
    def post_checkins(body: CheckIns, request: Request) -> CheckInsAck:
        desk = authed(request)
        with db.write() as s:
            return CheckInsAck(recorded=bookings.record_checkins(s, desk, body))

    @app.get("/api/v1/bookings/key", tags=["publik"])
    def public_key() -> dict[str, str]:
        with db.write() as s:
            return {"algorithm": "Ed25519", "public_key": bookings.city_key(s, clock())[1]}

    @app.get("/pesan/angka", response_class=HTMLResponse, include_in_schema=False)
    def online_figures(request: Request) -> Response:
        """Bookings, check-ins, no-shows and messages per office, day and service."""
        refused = limited(request)
        if refused is not None:
            return refused
        from loket.server.city import PageInputError, parse_range, today_in_city

        q = request.query_params
        today = today_in_city(clock())
        try:
            first, last = parse_range(q.get("date"), q.get("from"), q.get("to"), today)
        except PageInputError as exc:
            return page("message.html", 400, title="Tanggal tidak valid", message=str(exc))
        with db.read() as s:
            rows = bookings.city_online_figures(s, first, last, today)
        keys = ("booked", "checked_in", "no_show", "cancelled", "sent", "failed")
        totals = {k: sum(getattr(r, k) for r in rows) for k in keys}
        return page("online_figures.html", title="Booking online dan pesan", rows=rows,
                    totals=totals, first=first.isoformat(), last=last.isoformat(),
                    refresh=0)  # fmt: skip

    @app.get("/pesan", response_class=HTMLResponse, include_in_schema=False)
    def book_index(request: Request) -> Response:
        refused = limited(request)
        if refused is not None:
            return refused
        from sqlalchemy import select

        from loket.server.models import OfficeRow
        from loket.server.online.models import OnlineSessionRule

        with db.read() as s:
            offices = s.execute(
                select(OfficeRow.code, OfficeRow.name)
                .where(OfficeRow.id.in_(select(OnlineSessionRule.office_id)
                                        .where(OnlineSessionRule.active.is_(True))))
                .order_by(OfficeRow.name)
            ).all()  # fmt: skip
        return page("book_index.html", title="Booking antrian", offices=offices, refresh=0)

    @app.get("/pesan/{code}", response_class=HTMLResponse, include_in_schema=False)
    def book_office(code: str, request: Request) -> Response:
        refused = limited(request)
        if refused is not None:
            return refused
        try:
            with db.read() as s:
                office = bookings.office_by_code(s, code)
                found = bookings.slots(s, office, clock())
                name, office_code = office.name, office.code
        except LoketError as exc:
            return page("message.html", 404, title="Kantor tidak ada", message=exc.message)
        days: dict[date, list[bookings.SessionSlot]] = {}
        for slot in found:
            days.setdefault(slot.day, []).append(slot)
        return page("book_office.html", title=f"Booking · {name}", office_name=name,
                    office_code=office_code, days=days, day_text=day_text,
                    refresh=0)  # fmt: skip

    def form_page(code: str, rule_id: int, day_raw: str, status: int = 200,
                  error: str = "", values: dict[str, str] | None = None) -> Response:  # fmt: skip
        try:
            day = date.fromisoformat(day_raw)
            with db.read() as s:
                office = bookings.office_by_code(s, code)
                slot = next(
                    (x for x in bookings.slots(s, office, clock())
                     if x.rule_id == rule_id and x.day == day),
                    None,
                )  # fmt: skip
                name = office.name
        except (ValueError, LoketError):
            slot = None
            name = ""
        if slot is None:
            gone = "Sesi ini tidak dapat dipesan (sudah lewat atau tidak ada)."
            return page("message.html", 404, title="Sesi tidak ada", message=gone)
        return page("book_form.html", status, title="Booking antrian", office_name=name,
                    office_code=code, slot=slot, day_text=day_text, error=error,
                    values=values or {}, refresh=0)  # fmt: skip

    @app.get("/pesan/{code}/{rule_id}/{day}", response_class=HTMLResponse,
             include_in_schema=False)  # fmt: skip
    def book_form(code: str, rule_id: int, day: str, request: Request) -> Response:
        refused = limited(request)
        if refused is not None:
            return refused
        return form_page(code, rule_id, day)

    @app.post("/pesan/{code}/{rule_id}/{day}", include_in_schema=False)
    async def book_submit(code: str, rule_id: int, day: str, request: Request) -> Response:
        refused = limited(request)
        if refused is not None:
            return refused
        raw = (await request.body())[:8192].decode("utf-8", "replace")
        form = {k: v[0] for k, v in parse_qs(raw).items()}
        values = {k: form.get(k, "")[:200] for k in ("name", "phone", "nik")}

        def work() -> Response:
            try:
                the_day = date.fromisoformat(day)
            except ValueError:
                return form_page(code, rule_id, day)
            try:
                with db.write() as s:
                    made = bookings.book(s, code, rule_id, the_day, name=values["name"],
                                         phone=values["phone"], nik=values["nik"],
                                         consent=form.get("consent") == "1",
                                         now=clock())  # fmt: skip
            except bookings.QuotaFull as exc:
                return form_page(code, rule_id, day, 409, exc.message, values)
            except LoketError as exc:
                return form_page(code, rule_id, day, 400, exc.message, values)
            return RedirectResponse(f"/b/{made.code}", status_code=303)

        return await run_in_threadpool(work)

    def booking_page(code_raw: str, status: int = 200, note: str = "") -> Response:
        from loket.sync.booking_codes import BadCode, normalize_code, shown

        try:
            code = normalize_code(code_raw)
        except BadCode:
            code = ""
        made = None
        if code:
            with db.write() as s:  # the first view may make the signing key
                row = bookings.find(s, code)
                made = bookings.view(s, row, clock()) if row is not None else None
        if made is None:
            unknown = "Kode booking ini tidak dikenal. Periksa kembali kodenya."
            return page("message.html", 404, title="Booking tidak ditemukan", message=unknown)
        return page("booking.html", status, title=f"Booking {shown(made.code)}", b=made,
                    code=shown(made.code), qr=qr_svg(made.qr_text), day_text=day_text,
                    note=note, refresh=0)  # fmt: skip

    @app.get("/b/{code}", response_class=HTMLResponse, include_in_schema=False)
    def booking(code: str, request: Request) -> Response:
        refused = limited(request)
        if refused is not None:
            return refused
        return booking_page(code)

    @app.post("/b/{code}/batal", include_in_schema=False)
    def booking_cancel(code: str, request: Request) -> Response:
        refused = limited(request)
        if refused is not None:
            return refused
        from loket.sync.booking_codes import BadCode, normalize_code

        try:
            with db.write() as s:
                bookings.cancel(s, normalize_code(code), clock())
        except (BadCode, LoketError) as exc:
            note = exc.message if isinstance(exc, LoketError) else str(exc)
            return booking_page(code, 400, note)
        return RedirectResponse(f"/b/{code}", status_code=303)
