"""The city server's HTTP edges, around every route: body cap, headers, refusals as JSON.

``BodyLimit`` refuses an oversized body before any parsing; ``RefuseNul`` a NUL character
in the address, the query or a JSON text (PostgreSQL's text cannot hold one: it was a 500
there, and SQLite stored it); ``SecurityHeaders`` puts the
CSP, nosniff and no-framing on every response; ``install_error_handlers`` turns every
refusal (ours, FastAPI's validation, Starlette's 404/405, a crash) into
``{"error": {"code", "message", "details"}}``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from loket.server.errors import ApiError, not_found

log = logging.getLogger("loket.server")

PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Longest pause inside a request body before it is answered 408 (a slow link still
#: sends something every few seconds; a dead one sends nothing).
BODY_IDLE_S = 30.0


class BodyLimit:
    """ASGI middleware: refuse bodies over ``max_bytes`` with 413 before any parsing.

    The body is read up to the cap and replayed to the app, so a client that lies in (or
    omits) Content-Length is cut off too. A body that stops arriving for ``idle_s`` is
    answered 408: uvicorn has no such limit, and a push whose connection died mid-body
    (a modem dropping, no FIN reaching the city) held its push slot for good.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, idle_s: float = BODY_IDLE_S) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.idle_s = idle_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = None
            with anyio.move_on_after(self.idle_s):
                message = await receive()
            if message is None:
                await self._stalled(scope, receive, send)
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = ApiError(
            413,
            "too_large",
            f"Permintaan terlalu besar (maksimal {self.max_bytes} bita); kirim batch lebih kecil.",
            max_bytes=self.max_bytes,
        )
        response = JSONResponse(error.body(), status_code=413, headers={"Connection": "close"})
        await response(scope, receive, send)

    async def _stalled(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = ApiError(
            408,
            "body_timeout",
            f"Isi permintaan berhenti terkirim lebih dari {self.idle_s:g} detik; kirim lagi.",
        )
        response = JSONResponse(error.body(), status_code=408, headers={"Connection": "close"})
        await response(scope, receive, send)


#: ``\u0000`` in JSON text: the escape after an even number of backslashes (after an odd
#: number it is the literal text backslash-u-0000, which is harmless).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


class RefuseNul:
    """ASGI middleware: a NUL in the path (404), the query or a JSON body (422) is refused.

    Runs inside ``BodyLimit``, so the body it reads is capped and already in memory. The
    paths in ``per_item`` (event and feedback batches) are left alone: their handlers
    reject the one item with a NUL and keep the rest of the batch.
    """

    def __init__(self, app: ASGIApp, per_item: tuple[str, ...] = ()) -> None:
        self.app = app
        self.per_item = frozenset(per_item)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in str(scope.get("path", "")):
            await _refuse(scope, receive, send, not_found())
            return
        if b"%00" in bytes(scope.get("query_string") or b""):
            await _refuse(scope, receive, send, _nul_error(400))
            return
        if scope.get("method") not in ("POST", "PUT", "PATCH") or scope["path"] in self.per_item:
            await self.app(scope, receive, send)
            return
        message = await receive()
        if message["type"] == "http.request" and _JSON_NUL.search(message.get("body", b"")):
            await _refuse(scope, receive, send, _nul_error(422))
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return message
            return await receive()

        await self.app(scope, replay, send)


def _nul_error(status: int) -> ApiError:
    message = "Permintaan berisi karakter NUL (\\u0000); teks tidak boleh memuatnya."
    return ApiError(status, "nul_character", message)


async def _refuse(scope: Scope, receive: Receive, send: Send, error: ApiError) -> None:
    await JSONResponse(error.body(), status_code=error.status)(scope, receive, send)


class SecurityHeaders:
    """ASGI middleware: a strict CSP (the docs page's allows its own script), nosniff,
    no framing, no referrer, on every answer that does not set them itself.

    A plain ASGI layer that only adds headers to the response's start: Starlette's
    ``BaseHTTPMiddleware`` ran each request through a task group and memory streams,
    a cost every push (and every 429 of a city's burst) paid on the event loop.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = str(scope.get("path", "")).startswith("/api/v1/docs")
        extra = [
            (b"content-security-policy", (DOCS_CSP if docs else PAGE_CSP).encode()),
            *_FIXED_HEADERS,
        ]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in extra if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


_FIXED_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Locations and messages only: echoing the input back could echo a lot.
        errors = [
            {"loc": ".".join(str(p) for p in e.get("loc", ())), "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        body = ApiError(
            422,
            "invalid_request",
            "Isi permintaan tidak sesuai skema protokol.",
            errors=json.loads(json.dumps(errors, default=str)),
        ).body()
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        messages = {
            # FastAPI's "There was an error parsing the body": JSON nested too deep, say.
            400: "Isi permintaan tidak dapat dibaca (bukan JSON yang sah).",
            404: "Alamat tidak ada.",
            405: "Metode tidak diizinkan di alamat ini.",
        }
        error = ApiError(
            exc.status_code,
            "not_found" if exc.status_code == 404 else "http_error",
            messages.get(exc.status_code, str(exc.detail)),
        )
        return JSONResponse(error.body(), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def crashed(_request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error: %s", type(exc).__name__, exc_info=exc)
        error = ApiError(500, "internal", "Kesalahan di server kota; perangkat akan mencoba lagi.")
        return JSONResponse(error.body(), status_code=500)
