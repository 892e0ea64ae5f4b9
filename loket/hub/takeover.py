"""The hub's side of take-over: its term, the replicas it feeds, and fencing itself.

``HubTakeover`` adds three things to the hub's app: ``hello`` says the epoch (so a PC
probing the LAN can tell the newest hub), ``GET /api/v1/replica`` feeds the clients'
replicas (and records where each PC would serve, with its certificate), and
``GET /api/v1/status`` tells each PC's replica lag. A watcher asks the office's PCs every
few seconds whether one serves a higher epoch; if one does, this hub stops serving at
once (every request then gets 409 ``stale_hub``) and ``run_hub`` demotes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from loket.client.codec import encode_error
from loket.client.errors import NOT_PAIRED_MESSAGE, NotPaired
from loket.core.days import utc_now
from loket.core.errors import LoketError
from loket.hub import epoch as epochs
from loket.hub import pairing
from loket.hub.replica import REFERENCE_MIN_AGE_S, ReplicaSource
from loket.store.database import Database

log = logging.getLogger(__name__)

API = "/api/v1"
FENCE_INTERVAL_S = 2.0
#: An answer to a LAN client waits at most this long for the live replicas to hold the
#: change (then it goes anyway: a slow PC must not stop the office).
REPLICA_WAIT_S = 1.0
#: A replica that fetched within this long is live (it fetches every second at least).
LIVE_S = 3.0
STALE_MESSAGE = "PC ini bukan lagi PC utama kantor: PC lain telah mengambil alih."


#: A replica's fetch waits at most this long for the next change (long poll).
MAX_WAIT_S = 20.0


def _news(body: dict[str, Any]) -> bool:
    return bool(body["events"] or body["status_log"] or body.get("feedback") or "reference" in body)


class StaleHub(LoketError):
    code = "stale_hub"


@dataclass
class Position:
    seq: int
    at: float  # time.time() of its last fetch


@dataclass
class HubTakeover:
    db: Database
    term: epochs.Term
    fingerprint: str
    pc_name: str
    on_fenced: Callable[[epochs.Candidate], None] = lambda _c: None
    fenced_by: epochs.Candidate | None = None
    positions: dict[int, Position] = field(default_factory=dict)
    _members: dict[int, tuple[str, str, int]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _source: ReplicaSource | None = None
    _moved: asyncio.Event | None = None
    changes: Any = None  # the hub's Changes: a replica's fetch waits for the next one
    push: Any = None  # the hub's RowPush (``loket.hub.push``): rows to the feed sockets

    @property
    def source(self) -> ReplicaSource:
        if self._source is None:
            version = (lambda: self.changes.number) if self.changes is not None else None
            self._source = ReplicaSource(self.db, version)
        return self._source

    def hello(self) -> dict[str, Any]:
        return {
            "role": "fenced" if self.fenced_by is not None else "hub",
            "epoch": self.term.epoch,
            "fingerprint": self.fingerprint,
            "pc_name": self.pc_name,
            "epochs": [list(step) for step in epochs.lineage(self.db)],
        }

    # -- fencing -------------------------------------------------------------------------

    def check_fence(self) -> epochs.Candidate | None:
        """Ask the office's PCs whether one serves a newer epoch; fence this hub if so."""
        if self.fenced_by is not None:
            return self.fenced_by
        found = epochs.newer_hub(
            epochs.member_addresses(self.db), self.term.epoch, skip_fingerprint=self.fingerprint
        )
        if found is not None:
            self.fence(found)
        return found

    def fence(self, by: epochs.Candidate) -> None:
        if self.fenced_by is not None:
            return
        self.fenced_by = by
        log.warning("hub fenced: %s serves epoch %d", by.url, by.epoch)
        self.on_fenced(by)

    def watch(self, interval: float = FENCE_INTERVAL_S) -> None:
        def run() -> None:
            while not self._stop.wait(interval):
                try:
                    if self.check_fence() is not None:
                        return
                except Exception:  # a probe's bug must not stop the watch
                    log.exception("fence check failed")

        threading.Thread(target=run, name="loket-hub-fence", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    # -- semi-synchronous answers --------------------------------------------------------

    async def wait_replicated(self, timeout: float = REPLICA_WAIT_S) -> bool:
        """Wait until every live replica holds this hub's last event (True), or timeout.

        So an answer a client got (a printed ticket, a call) is on the other PCs too: a
        take-over a moment later still has it.
        """
        live = [p for p in self.positions.values() if time.time() - p.at < LIVE_S]
        if not live:
            return True
        push = self.push
        mark = push.mark if push is not None and not push.behind else None
        # The pushed stream's end covers this answer's commit (pushed before it answers).
        seq = mark.seq if mark is not None else await run_in_threadpool(epochs.last_seq, self.db)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            now = time.time()
            if all(p.seq >= seq for p in self.positions.values() if now - p.at < LIVE_S):
                return True
            left = deadline - loop.time()
            if left <= 0:
                return False
            if self._moved is None:
                self._moved = asyncio.Event()
            try:
                await asyncio.wait_for(self._moved.wait(), left)
            except TimeoutError:
                return False

    def replicated_upto(self) -> int | None:
        """The last event every live replica holds (None: no replica, no limit).

        The city sync sends nothing after it: an event only this hub holds could be set
        aside by a take-over, and the city must hold exactly the office's events.
        """
        now = time.time()
        live = [p.seq for p in list(self.positions.values()) if now - p.at < LIVE_S]
        return min(live) if live else None

    def replica_held(self, pc_id: int, seq: int, epoch: int) -> None:
        """A replica says on its feed socket that it holds this hub's log up to ``seq``
        (pushed rows stored, or its heartbeat); only of this hub's term (another term's
        replica asks ``/replica``, which counts what of it is this hub's)."""
        if epoch == self.term.epoch and self.fenced_by is None:
            self._replica_moved(pc_id, seq)

    def _replica_moved(self, pc_id: int, seq: int) -> None:
        self.positions[pc_id] = Position(seq, time.time())
        moved, self._moved = self._moved, None
        if moved is not None:
            moved.set()

    # -- status --------------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        head = epochs.last_seq(self.db)
        now = time.time()
        pcs = []
        for pc in pairing.list_pcs(self.db):
            position = self.positions.get(pc.id)
            pcs.append(
                {
                    "name": pc.name,
                    "active": pc.active,
                    "last_seen": pc.last_seen.isoformat() if pc.last_seen else None,
                    "replica_seq": position.seq if position else None,
                    "replica_lag_events": max(head - position.seq, 0) if position else None,
                    "replica_checked_s_ago": round(now - position.at, 1) if position else None,
                }
            )
        return {
            "role": "fenced" if self.fenced_by is not None else "hub",
            "epoch": self.term.epoch,
            "last_seq": head,
            "pc_name": self.pc_name,
            "pcs": pcs,
            "at": utc_now().isoformat(),
        }

    # -- routes --------------------------------------------------------------------------

    def install(self, app: FastAPI) -> None:
        """The replica feed, the status and the fence's gate on the hub's app."""

        @app.get(f"{API}/replica")
        async def replica(request: Request) -> JSONResponse:
            return await self._replica(request)

        @app.get(f"{API}/status")
        async def status(request: Request) -> JSONResponse:
            if await self._paired(request) is None:
                return JSONResponse(encode_error(NotPaired(NOT_PAIRED_MESSAGE)), status_code=401)
            return JSONResponse(await run_in_threadpool(self.status))

        @app.middleware("http")
        async def fenced_gate(request: Request, call_next: Any) -> Any:
            # A fenced hub answers nothing but hello: no call may change its file again.
            if self.fenced_by is not None and not request.url.path.endswith("/hello"):
                return JSONResponse(encode_error(StaleHub(STALE_MESSAGE)), status_code=409)
            return await call_next(request)

    async def _paired(self, request: Request) -> pairing.PairedPc | None:
        value = request.headers.get("authorization") or ""
        token = value[7:].strip() if value[:7].lower() == "bearer " else ""
        return await run_in_threadpool(pairing.pc_for_token, self.db, token)

    def _refused(self) -> JSONResponse | None:
        if self.fenced_by is None:
            return None
        return JSONResponse(encode_error(StaleHub(STALE_MESSAGE)), status_code=409)

    async def _replica(self, request: Request) -> JSONResponse:
        """``GET /api/v1/replica``: what a client's replica lacks (a long poll)."""
        pc = await self._paired(request)
        if pc is None:
            return JSONResponse(encode_error(NotPaired(NOT_PAIRED_MESSAGE)), status_code=401)
        stale = self._refused()
        if stale is not None:
            return stale
        params = request.query_params
        try:
            after = int(params.get("after", "0"))
            status_after = int(params.get("status_after", "0"))
            raw_feedback = params.get("feedback_after")
            feedback_after = int(raw_feedback) if raw_feedback is not None else None
            their_epoch = int(request.headers.get("x-loket-epoch") or 0)
        except ValueError:
            return JSONResponse({"error": {"code": "invalid"}}, status_code=400)
        if their_epoch > self.term.epoch:
            # A client that already follows a newer hub: look for it now.
            await run_in_threadpool(self.check_fence)
            stale = self._refused()
            if stale is not None:
                return stale
        try:
            wait = min(max(float(params.get("wait", "0")), 0.0), MAX_WAIT_S)
        except ValueError:
            wait = 0.0
        await self._register(request, pc.id)
        held = after if their_epoch == self.term.epoch else await run_in_threadpool(
            self._held, after, their_epoch
        )  # fmt: skip
        self._replica_moved(pc.id, held)  # asking after N: it holds N (of this log)

        def read() -> dict[str, Any]:
            return self.source.changes(after, status_after, params.get("digest", ""),
                                       params.get("requests_after", ""),
                                       feedback_after)  # fmt: skip

        body = await self._answer(read, wait)
        body["epoch"] = self.term.epoch
        return JSONResponse(body)

    def _held(self, after: int, their_epoch: int) -> int:
        """How much of this hub's log a replica of another term holds: up to where its
        term left this hub's lineage (a sibling numbers its own events alike), nothing
        if this hub never heard of its term (until it has dropped them and asks again)."""
        steps = epochs.lineage(self.db)
        for n, (epoch, _start, _fp) in enumerate(steps):
            if epoch == their_epoch:
                return min(after, steps[n + 1][1]) if n + 1 < len(steps) else after
        return 0

    async def _answer(self, read: Callable[[], dict[str, Any]], wait: float) -> dict[str, Any]:
        """What ``read`` says now or, waiting, at the hub's next commit."""
        notices = self.changes.subscribe() if wait and self.changes is not None else None
        try:
            body = await run_in_threadpool(read)
            if notices is not None:
                body = await self._long_poll(notices, read, body, wait)
            return body
        finally:
            if notices is not None:
                self.changes.unsubscribe(notices)

    async def _long_poll(
        self, notices: Any, read: Callable[[], dict[str, Any]], body: dict[str, Any], wait: float
    ) -> dict[str, Any]:
        """Answer at the hub's next commit that brings this replica something (or as is
        after ``wait``); a set-up read put off (``REFERENCE_MIN_AGE_S``) is looked at again
        once due, so a changed set-up is not held back until the next commit."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while not _news(body):
            left = deadline - loop.time()
            if left <= 0:
                break
            if self.source.reference_stale:
                left = min(left, REFERENCE_MIN_AGE_S)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(notices.get(), left)
            body = await run_in_threadpool(read)
        return body

    async def _register(self, request: Request, pc_id: int) -> None:
        fingerprint = (request.headers.get("x-loket-fingerprint") or "").lower()[:64]
        try:
            port = int(request.headers.get("x-loket-port") or 0)
        except ValueError:
            port = 0
        host = request.client.host if request.client else ""
        if len(fingerprint) != 64 or not 0 < port < 65536 or not host:
            return
        wanted = (fingerprint, host, port)
        if self._members.get(pc_id) == wanted:
            return
        await run_in_threadpool(epochs.register_member, self.db, pc_id, *wanted)
        self._members[pc_id] = wanted
