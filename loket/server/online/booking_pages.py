"""The citizen's booking pages (no script): pick an office, a session, fill the form,
see the booking and its QR, cancel it; and the city's booking figures.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from loket.core.errors import LoketError
from loket.server.city import PageInputError, parse_range, today_in_city
from loket.server.context import Server, ServerContext
from loket.server.models import OfficeRow
from loket.server.online import booking as bookings
from loket.server.online.booking_figures import city_online_figures
from loket.server.online.models import OnlineSessionRule
from loket.server.online.pages import day_text, limited, page, qr_svg
from loket.sync.booking_codes import BadCode, normalize_code, shown

router = APIRouter()


@router.get("/pesan/angka", response_class=HTMLResponse, include_in_schema=False)
def online_figures(request: Request, ctx: Server) -> Response:
    """Bookings, check-ins, no-shows and messages per office, day and service."""
    refused = limited(ctx, request)
    if refused is not None:
        return refused
    q = request.query_params
    today = today_in_city(ctx.clock())
    try:
        first, last = parse_range(q.get("date"), q.get("from"), q.get("to"), today)
    except PageInputError as exc:
        return page("message.html", 400, title="Tanggal tidak valid", message=str(exc))
    with ctx.db.read() as s:
        rows = city_online_figures(s, first, last, today)
    keys = ("booked", "checked_in", "no_show", "cancelled", "sent", "failed")
    totals = {k: sum(getattr(r, k) for r in rows) for k in keys}
    return page("online_figures.html", title="Booking online dan pesan", rows=rows,
                totals=totals, first=first.isoformat(), last=last.isoformat(),
                refresh=0)  # fmt: skip


@router.get("/pesan", response_class=HTMLResponse, include_in_schema=False)
def book_index(request: Request, ctx: Server) -> Response:
    refused = limited(ctx, request)
    if refused is not None:
        return refused
    with ctx.db.read() as s:
        offices = s.execute(
            select(OfficeRow.code, OfficeRow.name)
            .where(OfficeRow.id.in_(select(OnlineSessionRule.office_id)
                                    .where(OnlineSessionRule.active.is_(True))))
            .order_by(OfficeRow.name)
        ).all()  # fmt: skip
    return page("book_index.html", title="Booking antrian", offices=offices, refresh=0)


@router.get("/pesan/{code}", response_class=HTMLResponse, include_in_schema=False)
def book_office(code: str, request: Request, ctx: Server) -> Response:
    refused = limited(ctx, request)
    if refused is not None:
        return refused
    try:
        with ctx.db.read() as s:
            office = bookings.office_by_code(s, code)
            found = bookings.slots(s, office, ctx.clock())
            name, office_code = office.name, office.code
    except LoketError as exc:
        return page("message.html", 404, title="Kantor tidak ada", message=exc.message)
    days: dict[date, list[bookings.SessionSlot]] = {}
    for slot in found:
        days.setdefault(slot.day, []).append(slot)
    return page("book_office.html", title=f"Booking · {name}", office_name=name,
                office_code=office_code, days=days, day_text=day_text,
                refresh=0)  # fmt: skip


def form_page(ctx: ServerContext, code: str, rule_id: int, day_raw: str, status: int = 200,
              error: str = "", values: dict[str, str] | None = None) -> Response:  # fmt: skip
    """The form of one open session, or 404 when it is past, full-gone or unknown."""
    try:
        day = date.fromisoformat(day_raw)
        with ctx.db.read() as s:
            office = bookings.office_by_code(s, code)
            slot = next(
                (x for x in bookings.slots(s, office, ctx.clock())
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


@router.get("/pesan/{code}/{rule_id}/{day}", response_class=HTMLResponse,
            include_in_schema=False)  # fmt: skip
def book_form(code: str, rule_id: int, day: str, request: Request, ctx: Server) -> Response:
    refused = limited(ctx, request)
    if refused is not None:
        return refused
    return form_page(ctx, code, rule_id, day)


@router.post("/pesan/{code}/{rule_id}/{day}", include_in_schema=False)
async def book_submit(code: str, rule_id: int, day: str, request: Request, ctx: Server) -> Response:
    refused = limited(ctx, request)
    if refused is not None:
        return refused
    raw = (await request.body())[:8192].decode("utf-8", "replace")
    form = {k: v[0] for k, v in parse_qs(raw).items()}
    values = {k: form.get(k, "")[:200] for k in ("name", "phone", "nik")}

    def work() -> Response:
        try:
            the_day = date.fromisoformat(day)
        except ValueError:
            return form_page(ctx, code, rule_id, day)
        try:
            with ctx.db.write() as s:
                made = bookings.book(s, code, rule_id, the_day, name=values["name"],
                                     phone=values["phone"], nik=values["nik"],
                                     consent=form.get("consent") == "1",
                                     now=ctx.clock())  # fmt: skip
        except (bookings.QuotaFull, bookings.AlreadyBooked) as exc:
            return form_page(ctx, code, rule_id, day, 409, exc.message, values)
        except LoketError as exc:
            return form_page(ctx, code, rule_id, day, 400, exc.message, values)
        return RedirectResponse(f"/b/{made.code}", status_code=303)

    return await run_in_threadpool(work)


def booking_page(ctx: ServerContext, code_raw: str, status: int = 200, note: str = "") -> Response:
    """The booking with its QR, or 404 for a code nobody was given."""
    try:
        code = normalize_code(code_raw)
    except BadCode:
        code = ""
    made = None
    if code:
        with ctx.db.write() as s:  # the first view may make the signing key
            row = bookings.find(s, code)
            made = bookings.view(s, row, ctx.clock()) if row is not None else None
    if made is None:
        unknown = "Kode booking ini tidak dikenal. Periksa kembali kodenya."
        return page("message.html", 404, title="Booking tidak ditemukan", message=unknown)
    return page("booking.html", status, title=f"Booking {shown(made.code)}", b=made,
                code=shown(made.code), qr=qr_svg(made.qr_text), day_text=day_text,
                note=note, refresh=0)  # fmt: skip


@router.get("/b/{code}", response_class=HTMLResponse, include_in_schema=False)
def booking(code: str, request: Request, ctx: Server) -> Response:
    refused = limited(ctx, request)
    if refused is not None:
        return refused
    return booking_page(ctx, code)


@router.post("/b/{code}/batal", include_in_schema=False)
def booking_cancel(code: str, request: Request, ctx: Server) -> Response:
    refused = limited(ctx, request)
    if refused is not None:
        return refused
    try:
        with ctx.db.write() as s:
            bookings.cancel(s, normalize_code(code), ctx.clock())
    except (BadCode, LoketError) as exc:
        note = exc.message if isinstance(exc, LoketError) else str(exc)
        return booking_page(ctx, code, 400, note)
    return RedirectResponse(f"/b/{code}", status_code=303)
