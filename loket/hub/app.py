"""The hub's HTTPS + WebSocket application (Starlette through FastAPI, served by uvicorn).

Every request but ``/api/v1/hello`` and ``/api/v1/pair`` needs a paired PC's token
(``Authorization: Bearer``), checked before anything is decoded or written. Blocking
database work runs in the thread pool, never on the event loop that pushes the feed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request, WebSocket
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.websockets import WebSocketDisconnect

from loket import __version__
from loket.client.codec import encode_error
from loket.client.errors import NOT_PAIRED_MESSAGE, NotPaired, TooManyAttempts
from loket.core.errors import InvalidInput, LoketError
from loket.hub import pairing
from loket.hub.changes import Changes
from loket.hub.pairing import PairedPc
from loket.hub.push import Item
from loket.hub.rpc import Answer, OfficeRpc
from loket.logsetup import register_secret
from loket.ratelimit import RateLimit, RateLimiter, retry_after
from loket.store.database import Database

log = logging.getLogger(__name__)

API = "/api/v1"
DB_THREADS = 12
#: A feed re-checks its PC's token this often, so a revoked PC stops hearing changes.
RECHECK_TOKEN_S = 30.0
#: The same for a replica's socket, which carries the office's rows (``hub.push``).
RECHECK_PUSHED_S = 5.0
MAX_BODY = 256 * 1024
#: Wrong pairing proofs: a burst of 10, then one per 6 s (per address and office-wide;
#: a code has ~50 bits and lives 10 minutes, so guessing is hopeless either way).
PAIR_FAILURE_LIMIT = RateLimit(rate=1 / 6, burst=10)
#: Wrong passwords or PINs from one address: the accounts' own lock-out still counts
#: per user; this stops one PC trying every user's PIN in turn (the city's same limit).
LOGIN_FAILURE_LIMIT = RateLimit(rate=0.5, burst=20)
OFFICE_WIDE = "*"


@dataclass
class HubState:
    db: Database
    rpc: OfficeRpc
    changes: Changes
    fingerprint: str
    office_name: str
    pair_limit: RateLimiter = field(default_factory=lambda: RateLimiter(PAIR_FAILURE_LIMIT))
    login_limit: RateLimiter = field(default_factory=lambda: RateLimiter(LOGIN_FAILURE_LIMIT))
    #: Take-over (issue 13): this hub's epoch and the replicas it feeds.
    takeover: Any = None


def _bearer(value: str | None) -> str:
    if value and value[:7].lower() == "bearer ":
        return value[7:].strip()
    return ""


def _peer(request: Request | WebSocket) -> str:
    return request.client.host if request.client else "unknown"


def _too_many(wait: float, message: str) -> JSONResponse:
    error = encode_error(TooManyAttempts(message))
    return JSONResponse(error, status_code=429, headers={"Retry-After": retry_after(wait)})


def _parse_json(raw: bytes) -> Any:
    if not raw:
        return {}
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:  # nested deeper than the parser's stack
        raise InvalidInput("Permintaan bukan JSON yang sah.") from exc


def _not_paired() -> JSONResponse:
    return JSONResponse(encode_error(NotPaired(NOT_PAIRED_MESSAGE)), status_code=401)


def create_app(state: HubState) -> FastAPI:
    """The hub's app: hello and pairing, the RPC, take-over's routes, the change feed."""

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        state.changes.attach(asyncio.get_running_loop())
        if state.takeover is not None and state.takeover.push is not None:
            state.takeover.push.attach(asyncio.get_running_loop())
        # A few database threads are plenty (writes queue for one lock anyway); more
        # only make a busy hub slower to answer each request.
        anyio.to_thread.current_default_thread_limiter().total_tokens = DB_THREADS
        yield

    app = FastAPI(title="Loket hub", version=__version__, lifespan=lifespan, docs_url=None,
                  redoc_url=None, openapi_url=None)  # fmt: skip
    _add_pairing_routes(app, state)
    _add_rpc_route(app, RpcRunner(state))
    if state.takeover is not None:
        state.takeover.install(app)
    _add_feed_route(app, state)
    return app


async def _paired_pc(state: HubState, token: str) -> PairedPc | None:
    return await run_in_threadpool(pairing.pc_for_token, state.db, token)


class BodyTooLarge(InvalidInput):
    """Answered 413, and the connection closed: the rest of the body is never read."""


def _refused_body(exc: LoketError, status: int) -> JSONResponse:
    if isinstance(exc, BodyTooLarge):
        return JSONResponse(encode_error(exc), status_code=413, headers={"Connection": "close"})
    return JSONResponse(encode_error(exc), status_code=status)


async def _raw_body(request: Request) -> bytes:
    """The body, read only up to ``MAX_BODY``: a PC on the LAN sending gigabytes (or
    claiming to) is refused at once instead of held in the hub's memory first."""
    declared = request.headers.get("content-length")
    too_large = BodyTooLarge(f"Permintaan terlalu besar (maksimal {MAX_BODY // 1024} KB).")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise too_large
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY:
                raise too_large
            chunks.append(chunk)
    except ClientDisconnect as exc:  # the client gave up; it retries with the same id
        raise InvalidInput("Permintaan terputus.") from exc
    return b"".join(chunks)


# -- hello and pairing ---------------------------------------------------------------------


def _add_pairing_routes(app: FastAPI, state: HubState) -> None:
    @app.get(f"{API}/hello")
    async def hello() -> dict[str, Any]:
        hello = {"app": "loket-hub", "version": __version__, "office": state.office_name}
        if state.takeover is not None:
            hello.update(state.takeover.hello())
        return hello

    @app.post(f"{API}/pair")
    async def pair(request: Request) -> JSONResponse:
        return await _pair(state, request)


async def _pair(state: HubState, request: Request) -> JSONResponse:
    peer = _peer(request)
    limit = state.pair_limit
    wait = limit.blocked(peer) or limit.blocked(OFFICE_WIDE)
    if wait:
        return _too_many(wait, "Terlalu banyak percobaan kode; tunggu sebentar lalu coba lagi.")
    try:
        body = _parse_json(await _raw_body(request))
        if not isinstance(body, dict):
            raise InvalidInput("Permintaan pemasangan tidak sah.")
        proof = str(body.get("proof") or "")[:128]
        name = str(body.get("pc_name") or "")
        paired = await run_in_threadpool(pairing.redeem, state.db, proof, name, state.fingerprint)
    except pairing.PairingRefused as exc:
        limit.acquire(peer)
        limit.acquire(OFFICE_WIDE)
        limit.prune()
        return JSONResponse(encode_error(exc), status_code=403)
    except LoketError as exc:
        return _refused_body(exc, 422)
    register_secret(paired.token)  # the hub's own log never shows it either
    return JSONResponse(
        {
            "pc_name": paired.pc_name,
            "token": paired.token,
            "hub_proof": paired.hub_proof,
            "office": state.office_name,
        }
    )


# -- the RPC -------------------------------------------------------------------------------

Args = tuple[str, str, str, str | None, bytes]  # token, method, request id, session, body


class RpcRunner:
    """Runs RPCs on the database threads: acting calls in order, once per request id."""

    def __init__(self, state: HubState) -> None:
        self.state = state
        self.write_gate = asyncio.Lock()
        self.inflight: dict[tuple[str, str], asyncio.Future[Answer]] = {}

    def serve(self, token: str, method: str, request_id: str, session: str | None,
              raw: bytes) -> Answer:  # fmt: skip
        """One RPC on a database thread: the PC's token, the body, the call.

        All three in one trip to the thread pool: on a busy hub (a 2-core office PC with
        the GUI beside it) each hop between the event loop and a thread costs a wait
        for the CPU, and a request used to make two.
        """
        pc = pairing.pc_for_token(self.state.db, token)
        if pc is None:
            return Answer(401, encode_error(NotPaired(NOT_PAIRED_MESSAGE)))
        try:
            body = _parse_json(raw)
        except LoketError as exc:
            return Answer(400, encode_error(exc))
        return self.state.rpc.call(method, pc, request_id, session, body)

    async def _act(self, key: tuple[str, str], acts: bool, args: Args) -> Answer:
        try:
            if not acts:
                return await run_in_threadpool(self.serve, *args)
            async with self.write_gate:
                return await run_in_threadpool(self.serve, *args)
        finally:
            self.inflight.pop(key, None)

    async def run(self, args: Args, acts: bool) -> Answer:
        token, method = args[0], args[1]
        if not acts and method != "login":
            return await run_in_threadpool(self.serve, *args)
        # Acting calls run once per request id, in their order of arrival, on a task of
        # their own: a retry (the client timed out on a busy hub) joins the run already
        # queued instead of queueing again behind everyone. So does a login (its
        # password hash is slow on purpose: ten operators logging in at 07:30 must not
        # each cost it twice). Keyed by the token's hash: the token itself is checked on
        # the database thread.
        key = (pairing.digest(token), args[2])
        run = self.inflight.get(key)
        if run is None:
            run = asyncio.ensure_future(self._act(key, acts, args))
            self.inflight[key] = run
        return await asyncio.shield(run)


def _add_rpc_route(app: FastAPI, runner: RpcRunner) -> None:
    state = runner.state

    @app.post(API + "/rpc/{method}")
    async def rpc(method: str, request: Request) -> JSONResponse:
        token = _bearer(request.headers.get("authorization"))
        if not token:
            return _not_paired()
        try:
            raw = await _raw_body(request)
        except LoketError as exc:
            return _refused_body(exc, 400)
        peer = _peer(request)
        if method == "login" and (wait := state.login_limit.blocked(peer)):
            return _too_many(wait, "Terlalu banyak percobaan masuk dari PC ini; tunggu sebentar.")
        request_id = request.headers.get("x-loket-request", "")
        session = request.headers.get("x-loket-session") or None
        spec = state.rpc.specs.get(method)
        acts = spec is not None and spec.takes_actor
        try:
            answer = await runner.run((token, method, request_id, session, raw), acts)
        except Exception:  # a bug or a busy file: the client may retry (same request id)
            log.exception("rpc %s failed", method)
            busy = LoketError("PC utama sedang sibuk atau bermasalah; coba lagi.")
            return JSONResponse(encode_error(busy), status_code=503)
        if method == "login" and answer.status != 200:
            state.login_limit.acquire(peer)  # a wrong name or password or PIN
            state.login_limit.prune()
        if answer.committed and state.takeover is not None:
            await state.takeover.wait_replicated()  # the office's other PCs hold it too
        return JSONResponse(answer.body, status_code=answer.status)


# -- the change feed -----------------------------------------------------------------------


def _add_feed_route(app: FastAPI, state: HubState) -> None:
    @app.websocket(f"{API}/feed")
    async def feed(ws: WebSocket) -> None:
        token = _bearer(ws.headers.get("authorization"))
        pc = await _paired_pc(state, token)
        if pc is None:
            await ws.close(code=4401)  # before accept: the handshake is refused (403)
            return
        await ws.accept()
        await run_in_threadpool(pairing.touch, state.db, pc.id)
        queue: asyncio.Queue[Item] = state.changes.subscribe()
        push = state.takeover.push if state.takeover is not None else None
        try:
            await _feed(ws, state, token, queue, _FeedPeer(state, pc.id, queue, push))
        except (WebSocketDisconnect, RuntimeError, OSError):
            return
        finally:
            state.changes.unsubscribe(queue)
            if push is not None:
                push.discard(queue)


@dataclass
class _FeedPeer:
    """What a PC says on its feed socket: ``replica`` (push me each commit's rows; see
    ``loket.hub.push``) and ``held`` (my replica holds the log up to ``seq``)."""

    state: HubState
    pc_id: int
    queue: asyncio.Queue[Item]
    push: Any
    pushed: bool = False  # it asked for the rows (and gets them)

    async def heard(self, ws: WebSocket, text: str) -> None:
        try:
            message = json.loads(text)
            kind = message.get("type")
            if kind == "held" and self.state.takeover is not None:
                seq, epoch = int(message["seq"]), int(message["epoch"])
                self.state.takeover.replica_held(self.pc_id, seq, epoch)
            elif kind == "replica" and self.push is not None:
                self.push.add(self.queue)  # rows from the next commit on
                self.pushed = True
                await ws.send_json({"type": "replica", "epoch": self.push.epoch,
                                    "digest": self.push.announced})  # fmt: skip
        except (ValueError, TypeError, KeyError, AttributeError):
            return  # not a message of ours: ignored


async def _feed(
    ws: WebSocket, state: HubState, token: str, queue: asyncio.Queue[Item], peer: _FeedPeer
) -> None:
    """Say hello, then one notice per burst of commits (after the rows pushed to a
    replica, in commit order) until the PC leaves or is revoked."""
    checked = time.monotonic()
    changes = state.changes
    await ws.send_json(
        {"type": "hello", "boot": changes.boot, "change": changes.number, "clips": changes.clips}
    )
    receiver: asyncio.Task[Any] = asyncio.ensure_future(ws.receive())
    getter: asyncio.Future[Item] | None = None
    try:
        while True:
            if getter is None:  # kept until it brings an item: none is lost to a cancel
                getter = asyncio.ensure_future(queue.get())
            done, _ = await asyncio.wait({getter, receiver}, return_when=asyncio.FIRST_COMPLETED)
            if receiver in done:
                said = receiver.result()
                if said.get("type") == "websocket.disconnect":
                    return
                if said.get("text"):
                    await peer.heard(ws, said["text"])
                receiver = asyncio.ensure_future(ws.receive())
            if getter not in done:
                continue
            item, getter = getter.result(), None
            recheck = RECHECK_PUSHED_S if peer.pushed else RECHECK_TOKEN_S
            if time.monotonic() - checked > recheck:  # revoked meanwhile?
                checked = time.monotonic()
                if await _paired_pc(state, token) is None:
                    await ws.close(code=4401)
                    return
            number = await _send_burst(ws, queue, item)
            if number is not None:
                await ws.send_json({"type": "change", "change": number, "clips": changes.clips})
    finally:
        for task in (receiver, getter):
            if task is not None and not task.done():
                task.cancel()


async def _send_burst(ws: WebSocket, queue: asyncio.Queue[Item], first: Item) -> int | None:
    """Send the pushed rows of a burst in order; the latest change number (one notice for
    the whole burst), or None when the burst held rows only."""
    number: int | None = None
    item: Item | None = first
    while item is not None:
        if isinstance(item, str):
            await ws.send_text(item)
        else:
            number = item
        item = queue.get_nowait() if not queue.empty() else None
    return number
