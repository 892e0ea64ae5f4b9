"""Admission control for event pushes: a burst is served fast, not queued slowly.

Why: when a hundred offices push at once, every request used to be parsed and started
at once; on a few cores they then shared the CPU and the database and each batch took
seconds (p95 5 s, issue 14). Here each worker process lets a bounded number of pushes
in; the next ones are answered at once, before their body is read, with 429 and a
``Retry-After`` of one to a few seconds. The desk's sync already honours it (its
capped, jittered backoff waits at least that long), so every batch lands, soon.

A plain ASGI middleware on the event loop: the count needs no lock there.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Pushes one worker process serves at the same time; ``LOKET_SERVER_PUSH_SLOTS``.
#: Two: a push is CPU work under one GIL, so a third in the same process only shares
#: it; the city benchmark's p95 per batch was 133-327 ms with 2 against 287-424 ms
#: with 3 (same runs, 2 workers on 2 cores), at the price of ~15 % more 429s.
ENV_PUSH_SLOTS = "LOKET_SERVER_PUSH_SLOTS"
DEFAULT_PUSH_SLOTS = 2
#: Retry-After is whole seconds (RFC 9110): spread over this range so the refused
#: desks do not all come back in the same second.
RETRY_AFTER_RANGE = (1, 3)
MESSAGE = "Server kota sedang sibuk menerima data; perangkat akan mengirim lagi sebentar lagi."


def push_slots_from_env() -> int:
    raw = os.environ.get(ENV_PUSH_SLOTS, "")
    try:
        value = int(raw)
    except ValueError:
        return DEFAULT_PUSH_SLOTS
    return value if value > 0 else DEFAULT_PUSH_SLOTS


#: Checks a request from its headers before it may take a slot: None lets it on, or the
#: refusal to answer with (an ASGI app: the 401 of a bad token, say).
Admit = Callable[[Scope], Awaitable[ASGIApp | None]]


class PushAdmission:
    """Lets at most ``slots`` requests to ``path`` (POST) in at once; 429 for the rest.

    ``admit`` (the desk's token) is checked before a slot is taken: a slot is held while
    the body arrives, so a client with no valid token sending its body slowly, or never,
    kept a slot as long as it liked, and two such connections kept every office's pushes
    out. A full house is still refused first, without the check.
    """

    def __init__(self, app: ASGIApp, *, path: str, slots: int, admit: Admit | None = None) -> None:
        self.app = app
        self.path = path
        self.slots = slots
        self.admit = admit
        self.in_flight = 0
        self.refused = 0
        self._rng = random.Random()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.slots:
            self.refused += 1
            await self._busy(send)
            return
        if self.admit is not None:
            refusal = await self.admit(scope)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
            if self.in_flight >= self.slots:  # taken while the token was checked
                self.refused += 1
                await self._busy(send)
                return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1

    async def _busy(self, send: Send) -> None:
        seconds = self._rng.randint(*RETRY_AFTER_RANGE)
        body = json.dumps(
            {"error": {"code": "busy", "message": MESSAGE, "details": {"retry_after": seconds}}}
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(seconds).encode()),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})
