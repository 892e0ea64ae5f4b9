"""The API's documentation: Swagger UI at ``/api/v1/docs`` (bundled: no CDN) and the
OpenAPI schema's additions (tags, the bearer scheme, the refusals, typed dates).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response

from loket.server.errors import not_found

DOCS_ASSETS = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
}

router = APIRouter()


@router.get("/api/v1/docs", response_class=HTMLResponse, include_in_schema=False)
def docs() -> HTMLResponse:
    return HTMLResponse(_DOCS_PAGE)


@router.get("/api/v1/docs/{name}", include_in_schema=False)
def docs_asset(name: str) -> Response:
    if name == "init.js":
        return Response(_DOCS_INIT, media_type="text/javascript; charset=utf-8")
    if name not in DOCS_ASSETS:
        raise not_found()  # a JSON refusal like every other, not an empty answer
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
        schemas = components.setdefault("schemas", {})
        schemas["Error"] = ERROR_SCHEMA
        schemas.update(_body_schemas())
        for path, item in doc.get("paths", {}).items():
            for method, operation in item.items():
                _describe(path, method, operation)
        app.openapi_schema = doc
        return doc

    app.openapi = schema  # type: ignore[method-assign]


def _body_schemas() -> dict[str, Any]:
    """The schemas of bodies a route parses itself (``PUSH_BODY_DOC``), for their $ref."""
    from pydantic.json_schema import models_json_schema

    from loket.sync.schemas import PushRequest

    _, top = models_json_schema(
        [(PushRequest, "validation")], ref_template="#/components/schemas/{model}"
    )
    return dict(top.get("$defs", {}))


def _describe(path: str, method: str, operation: dict[str, Any]) -> None:
    """One operation's tag, security, refusals and typed date parameters."""
    tag = PATH_TAGS.get(path)
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
