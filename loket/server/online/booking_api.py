"""The desks' booking API: their session rules in, their bookings out, check-ins back.

Every route but the public key checks the desk's token (``ctx.authed``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request

from loket.server.context import Server
from loket.server.errors import ApiError
from loket.server.online import booking, booking_desk
from loket.server.routes.public import FIRST_YEAR, LAST_YEAR
from loket.sync.online_schemas import (
    BookingsResponse,
    CheckIns,
    CheckInsAck,
    RulesAck,
    SessionRules,
)

router = APIRouter()


@router.put("/api/v1/sessions", response_model=RulesAck, tags=["desk"])
def put_sessions(body: SessionRules, request: Request, ctx: Server) -> RulesAck:
    """The office's bookable sessions (its admin's set replaces the previous one)."""
    desk = ctx.authed(request)
    _check_hours(body)
    with ctx.db.write() as s:
        return RulesAck(rules=booking_desk.replace_desk_rules(s, desk, body.rules, ctx.clock()))


def _check_hours(body: SessionRules) -> None:
    """A session ending at or before its start (23:00–01:00) has no time to book: stored, it
    was offered on the booking page and every seat of it could be taken for nothing."""
    for rule in body.rules:
        if rule.end <= rule.start:
            raise ApiError(
                422,
                "invalid_session",
                f"Sesi {rule.service_prefix} {rule.start}–{rule.end}: jam selesai harus setelah "
                "jam mulai (sesi tidak boleh melewati tengah malam).",
                service_prefix=rule.service_prefix,
            )


@router.get("/api/v1/bookings", response_model=BookingsResponse, tags=["desk"])
def get_bookings(
    request: Request,
    ctx: Server,
    first: Annotated[date, Query(alias="from")],
    last: Annotated[date, Query(alias="to")],
) -> BookingsResponse:
    """The office's bookings of these days, with the key that verifies their QR codes."""
    desk = ctx.authed(request)
    if (last - first).days > 31 or last < first:
        raise ApiError(422, "invalid_range", "Rentang tanggal 0..31 hari.")
    _check_years(first, last)
    with ctx.db.write() as s:  # the first pull may make the signing key
        return booking_desk.desk_bookings(s, desk, first, last, ctx.clock())


@router.post("/api/v1/bookings/checkins", response_model=CheckInsAck, tags=["desk"])
def post_checkins(body: CheckIns, request: Request, ctx: Server) -> CheckInsAck:
    desk = ctx.authed(request)
    _check_years(*(item.at for item in body.items))
    with ctx.db.write() as s:
        return CheckInsAck(recorded=booking_desk.record_checkins(s, desk, body))


def _check_years(*moments: date | datetime) -> None:
    """422 for a date or time the database's date arithmetic cannot take (year 1: a 500)."""
    if any(not FIRST_YEAR <= m.year < LAST_YEAR for m in moments):
        years = f"{FIRST_YEAR} dan {LAST_YEAR - 1}"
        raise ApiError(422, "invalid_date", f"Tanggal harus antara tahun {years}.")


@router.get("/api/v1/bookings/key", tags=["publik"])
def public_key(ctx: Server) -> dict[str, str]:
    with ctx.db.write() as s:
        return {"algorithm": "Ed25519", "public_key": booking.city_key(s, ctx.clock())[1]}
