"""The public city page (HTML from Jinja2 templates), its CSV, and the API docs page.

Everything is served from the installed package: the templates, the stylesheet, the
logo and Swagger UI (the ``swagger-ui-bundle`` package), so the page works on a city
intranet with no internet and no CDN. Every response carries security headers (a strict
CSP with no script on the public page, nosniff, no framing); the public pages are
cached for a short while and rate-limited per client address, so a refresh storm or a
crawler cannot keep the database busy.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from loket.core.days import INDONESIAN_ZONES
from loket.core.periods import Period
from loket.core.skm import SkmResult
from loket.server.auth import RateLimit, RateLimiter
from loket.server.city import (
    OfficeFigures,
    PageInputError,
    city_range,
    minutes_text,
    office_detail,
    parse_range,
    percent_text,
    today_in_city,
)
from loket.server.city_export import to_csv, to_json, to_xlsx
from loket.server.city_settings import DEFAULT_NAME, city_logo
from loket.server.city_settings import city_name as settings_name

#: Seconds a rendered public page is reused (and what Cache-Control tells browsers).
CACHE_SECONDS = 30
PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
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
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATIC = {"city.css": "text/css; charset=utf-8", "logo.svg": "image/svg+xml"}
DOCS_ASSETS = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
}

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


class _PageCache:
    def __init__(self) -> None:
        self._items: dict[str, tuple[float, Response]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Response | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] < time.monotonic():
                return None
            return item[1]

    def put(self, key: str, response: Response) -> None:
        with self._lock:
            if len(self._items) > 500:  # every distinct query is a key: keep it bounded
                self._items.clear()
            self._items[key] = (time.monotonic() + CACHE_SECONDS, response)


def city_name() -> str:
    """The fallback name (no database at hand); pages read ``city_settings`` first."""
    return os.environ.get("LOKET_CITY_NAME", "").strip() or DEFAULT_NAME


def install(
    app: FastAPI,
    session: Callable[[], Any],
    clock: Callable[[], datetime],
    page_limit: RateLimit | None = None,
) -> None:
    """Add the public pages, the static files and the docs page to ``app``."""
    document_api(app)
    limiter = RateLimiter(page_limit or RateLimit(rate=5.0, burst=60.0))
    cache = _PageCache()

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        docs = request.url.path.startswith("/api/v1/docs")
        response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else PAGE_CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    def current_name() -> str:
        try:
            with session() as s:
                return settings_name(s)
        except SQLAlchemyError:  # the name is decoration: never fail a page for it
            return city_name()

    def html(template: str, status: int = 200, **values: Any) -> HTMLResponse:
        body = _env.get_template(template).render(
            city_name=current_name(), generated=_when(clock()), **values
        )
        return HTMLResponse(body, status_code=status)

    def public(request: Request, build: Callable[[Session], Response]) -> Response:
        """Rate-limit by address, then serve from the short cache or build afresh."""
        address = request.client.host if request.client else "-"
        wait = limiter.acquire(address)
        if wait is not None:
            seconds = max(1, math.ceil(wait))
            page = html("message.html", 429, title="Terlalu banyak permintaan",
                        message=f"Terlalu banyak permintaan dari alamat ini. Coba lagi "
                        f"dalam {seconds} detik.")  # fmt: skip
            page.headers["Retry-After"] = str(seconds)
            return page
        key = f"{request.url.path}?{request.url.query}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        try:
            with session() as s:
                response = build(s)
        except PageInputError as exc:
            return html("message.html", 400, title="Tanggal tidak valid", message=str(exc))
        response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
        if response.status_code == 200:
            cache.put(key, response)
        return response

    def period_of(request: Request) -> Period:
        q = request.query_params
        first, last = parse_range(q.get("date"), q.get("from"), q.get("to"),
                                  today_in_city(clock()))  # fmt: skip
        return Period(first, last)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def city_page(request: Request) -> Response:
        def build(s: Session) -> Response:
            period = period_of(request)
            offices, city = city_range(s, period.start, period.end, clock())
            sort = sort_offices(offices, request.query_params.get("sort", "")[:20])
            return html(
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

        return public(request, build)

    @app.get("/kantor/{code}", response_class=HTMLResponse, include_in_schema=False)
    def office_page(code: str, request: Request) -> Response:
        def build(s: Session) -> Response:
            period = period_of(request)
            detail = office_detail(s, code[:20], period.start, period.end, clock())
            if detail is None:
                return html("message.html", 404, title="Kantor tidak ada",
                            message="Kode kantor ini tidak terdaftar di server kota.")  # fmt: skip
            top = max([1, *(max(i, o) for _, i, o in detail.by_hour)])
            return html(
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

        return public(request, build)

    static = resources.files("loket.server") / "static"

    def download(request: Request, kind: str) -> Response:
        def build(s: Session) -> Response:
            period = period_of(request)
            offices, city = city_range(s, period.start, period.end, clock())
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

        return public(request, build)

    @app.get("/kota.csv", include_in_schema=False)
    def city_csv(request: Request) -> Response:
        return download(request, "csv")

    @app.get("/kota.json", include_in_schema=False)
    def city_json(request: Request) -> Response:
        return download(request, "json")

    @app.get("/kota.xlsx", include_in_schema=False)
    def city_xlsx(request: Request) -> Response:
        return download(request, "xlsx")

    @app.get("/logo", include_in_schema=False)
    def logo() -> Response:
        """The city's logo (``loket server city --logo``), else the bundled emblem."""
        with session() as s:
            custom = city_logo(s)
        if custom is None:
            data, media = (static / "logo.svg").read_bytes(), STATIC["logo.svg"]
        else:
            data, media = custom.data, custom.media_type
        return Response(data, media_type=media, headers={"Cache-Control": "public, max-age=300"})

    @app.get("/static/{name}", include_in_schema=False)
    def static_file(name: str) -> Response:
        if name not in STATIC:
            return Response(status_code=404)
        return Response(
            (static / name).read_bytes(),
            media_type=STATIC[name],
            headers={"Cache-Control": "public, max-age=3600"},
        )

    @app.get("/api/v1/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_DOCS_PAGE)

    @app.get("/api/v1/docs/{name}", include_in_schema=False)
    def docs_asset(name: str) -> Response:
        if name == "init.js":
            return Response(_DOCS_INIT, media_type="text/javascript; charset=utf-8")
        if name not in DOCS_ASSETS:
            return Response(status_code=404)
        return FileResponse(_swagger_dir() / name, media_type=DOCS_ASSETS[name])


TAGS = [
    {
        "name": "desk",
        "description": "Untuk PC kantor: pendaftaran, kirim kejadian, data acuan, "
        "detak. Semua (kecuali pendaftaran) memakai token perangkat (Bearer).",
    },
    {"name": "publik", "description": "Angka terbuka tanpa data pribadi, tanpa token."},
]
PATH_TAGS = {
    "/api/v1/enroll": "desk",
    "/api/v1/events": "desk",
    "/api/v1/reference": "desk",
    "/api/v1/heartbeat": "desk",
    "/api/v1/feedback": "desk",
    "/api/v1/stats": "publik",
    "/api/v1/health": "publik",
}
ERRORS = {
    "401": "Token tidak ada, salah atau dicabut: daftarkan PC lagi (`loket enroll`).",
    "403": "Token sah, tetapi bukan untuk kantor atau perangkat ini.",
    "409": "Ada kejadian sebelumnya yang belum diterima: kirim mulai dari `high_seq`.",
    "413": "Isi permintaan terlalu besar: kirim dalam kelompok lebih kecil.",
    "429": "Terlalu banyak permintaan: tunggu sesuai header Retry-After.",
}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "description": "kode tetap, mis. rate_limited"},
                "message": {"type": "string", "description": "pesan dalam bahasa Indonesia"},
                "details": {"type": "object"},
            },
            "required": ["code", "message"],
        }
    },
    "required": ["error"],
}


def document_api(app: FastAPI) -> None:
    """Tags, the bearer scheme, typed dates and the refusals, added to the OpenAPI schema.

    Done on the generated schema (not in every route's decorator) so the routes stay as
    they are; what is added describes what the server already does.
    """
    from fastapi.openapi.utils import get_openapi

    def schema() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(
            title=app.title,
            version=app.version,
            description="Server kota Loket: sinkronisasi PC kantor kelurahan dan angka "
            "layanan publik. Dokumentasi ini juga di /api/v1/docs.",
            routes=app.routes,
            tags=TAGS,
        )
        components = doc.setdefault("components", {})
        components.setdefault("securitySchemes", {})["bearer"] = {
            "type": "http",
            "scheme": "bearer",
            "description": "Token perangkat dari `loket enroll` (sekali per PC).",
        }
        components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for path, item in doc.get("paths", {}).items():
            tag = PATH_TAGS.get(path)
            for method, operation in item.items():
                if tag:
                    operation["tags"] = [tag]
                responses = operation.setdefault("responses", {})
                codes = ["429"]
                if tag == "desk" and path != "/api/v1/enroll":
                    operation["security"] = [{"bearer": []}]
                    codes = ["401", "403", "429"]
                if path in ("/api/v1/events", "/api/v1/feedback"):
                    codes += ["409", "413"]
                if method == "post":
                    codes.append("413")
                for code in sorted(set(codes)):
                    responses.setdefault(code, {
                        "description": ERRORS[code],
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"}}},
                    })  # fmt: skip
                for parameter in operation.get("parameters", []):
                    if parameter.get("name") in ("date", "from", "to"):
                        parameter["schema"] = {"type": "string", "format": "date"}
                        parameter.setdefault("description", "tanggal TTTT-BB-HH")
        app.openapi_schema = doc
        return doc

    app.openapi = schema  # type: ignore[method-assign]


def _swagger_dir() -> Path:
    from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

    return Path(swagger_ui_path)


_DOCS_PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>API server kota Loket</title>
<link rel="stylesheet" href="/api/v1/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/v1/docs/swagger-ui-bundle.js"></script>
<script src="/api/v1/docs/init.js"></script></body></html>
"""
_DOCS_INIT = """window.ui = SwaggerUIBundle({url: "/api/v1/openapi.json", dom_id: "#swagger-ui",
  deepLinking: true, presets: [SwaggerUIBundle.presets.apis]});
"""
