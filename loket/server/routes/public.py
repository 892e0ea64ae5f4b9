"""The open API: every office's figures of a day, and liveness. No token, no personal data."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query

from loket import __version__
from loket.server.context import Server
from loket.server.errors import ApiError
from loket.server.stats import city_stats
from loket.sync.schemas import API_PREFIX, StatsResponse

#: The public figures cover these years; other dates are refused, not computed.
FIRST_YEAR, LAST_YEAR = 2000, 2200

router = APIRouter()


@router.get(f"{API_PREFIX}/stats", response_model=StatsResponse)
def stats(ctx: Server, date_: str | None = Query(default=None, alias="date")) -> StatsResponse:
    day = parse_day(date_)
    with ctx.db.read() as s:
        return city_stats(s, day, ctx.clock())


@router.get(f"{API_PREFIX}/health")
def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


def parse_day(raw: str | None) -> date | None:
    if raw is None or raw == "":
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError as exc:
        raise ApiError(
            422, "invalid_date", f"Tanggal harus berbentuk YYYY-MM-DD, bukan {raw[:20]!r}."
        ) from exc
    if not FIRST_YEAR <= day.year <= LAST_YEAR - 1:
        raise ApiError(
            422,
            "invalid_date",
            f"Tanggal harus antara tahun {FIRST_YEAR} dan {LAST_YEAR - 1}.",
        )
    return day
