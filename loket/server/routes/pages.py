"""The public city pages: the city's figures, one office's, their downloads, logo, style.

Each page goes through ``web.public`` (rate limit per address, the short cache); the
HTML has no script and is served under the strict CSP of ``middleware.SecurityHeaders``.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session

from loket.server.city import city_range, office_detail
from loket.server.city_export import to_csv, to_json, to_xlsx
from loket.server.city_settings import city_logo
from loket.server.city_settings import city_name as settings_name
from loket.server.context import Server, ServerContext
from loket.server.errors import not_found
from loket.server.web import COLUMNS, html, period_of, public, sort_offices

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATIC = {"city.css": "text/css; charset=utf-8", "logo.svg": "image/svg+xml"}

router = APIRouter()
static = resources.files("loket.server") / "static"


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def city_page(request: Request, ctx: Server) -> Response:
    def build(s: Session) -> Response:
        period = period_of(ctx, request)
        offices, city = city_range(s, period.start, period.end, ctx.clock())
        sort = sort_offices(offices, request.query_params.get("sort", "")[:20])
        return html(
            ctx,
            "city.html",
            title="Layanan kelurahan",
            period=period.label(),
            first=period.start.isoformat(),
            last=period.end.isoformat(),
            offices=offices,
            total=city,
            sort=sort,
            columns=COLUMNS,
            stale_count=sum(1 for o in offices if o.stale),
        )

    return public(ctx, request, build)


@router.get("/kantor/{code}", response_class=HTMLResponse, include_in_schema=False)
def office_page(code: str, request: Request, ctx: Server) -> Response:
    def build(s: Session) -> Response:
        period = period_of(ctx, request)
        detail = office_detail(s, code[:20], period.start, period.end, ctx.clock())
        if detail is None:
            return html(ctx, "message.html", 404, title="Kantor tidak ada",
                        message="Kode kantor ini tidak terdaftar di server kota.")  # fmt: skip
        top = max([1, *(max(i, o) for _, i, o in detail.by_hour)])
        return html(
            ctx,
            "office.html",
            title=detail.figures.name,
            period=period.label(),
            first=period.start.isoformat(),
            last=period.end.isoformat(),
            o=detail.figures,
            detail=detail,
            top=top,
            sort="",
        )

    return public(ctx, request, build)


def download(ctx: ServerContext, request: Request, kind: str) -> Response:
    """The city table of the page's period and sort as CSV, JSON or XLSX."""

    def build(s: Session) -> Response:
        period = period_of(ctx, request)
        offices, city = city_range(s, period.start, period.end, ctx.clock())
        sort_offices(offices, request.query_params.get("sort", "")[:20])
        name = f"layanan-kota_{period.start.isoformat()}_{period.end.isoformat()}.{kind}"
        if kind == "json":
            data = to_json(offices, city, period.start.isoformat(), period.end.isoformat())
            return JSONResponse(data)
        if kind == "csv":
            body, media = to_csv(offices, city), "text/csv; charset=utf-8"
        else:
            body, media = to_xlsx(offices, city, settings_name(s), period.label()), XLSX
        return Response(
            body,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return public(ctx, request, build)


@router.get("/kota.csv", include_in_schema=False)
def city_csv(request: Request, ctx: Server) -> Response:
    return download(ctx, request, "csv")


@router.get("/kota.json", include_in_schema=False)
def city_json(request: Request, ctx: Server) -> Response:
    return download(ctx, request, "json")


@router.get("/kota.xlsx", include_in_schema=False)
def city_xlsx(request: Request, ctx: Server) -> Response:
    return download(ctx, request, "xlsx")


@router.get("/logo", include_in_schema=False)
def logo(ctx: Server) -> Response:
    """The city's logo (``loket server city --logo``), else the bundled emblem."""
    with ctx.db.read() as s:
        custom = city_logo(s)
    if custom is None:
        data, media = (static / "logo.svg").read_bytes(), STATIC["logo.svg"]
    else:
        data, media = custom.data, custom.media_type
    return Response(data, media_type=media, headers={"Cache-Control": "public, max-age=300"})


@router.get("/static/{name}", include_in_schema=False)
def static_file(name: str) -> Response:
    if name not in STATIC:
        raise not_found()  # a JSON refusal like every other, not an empty answer
    return Response(
        (static / name).read_bytes(),
        media_type=STATIC[name],
        headers={"Cache-Control": "public, max-age=3600"},
    )
