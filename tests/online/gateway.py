"""A fake WhatsApp/SMS gateway at the edge of the world: a real HTTP server on loopback
that records what it is sent and answers as told (success, 5xx, a refusal, silence)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    form: dict[str, str]
    json: Any


@dataclass
class FakeGateway:
    #: Answers to give, in order: (status, body), ("sleep", seconds) or ("hold", an
    #: Event the test sets); then success.
    script: list[tuple[Any, Any]] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeGateway:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                return

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                kind = self.headers.get("Content-Type", "")
                form = {k: v[0] for k, v in parse_qs(raw).items()} if "form" in kind else {}
                body = json.loads(raw) if "json" in kind else None
                with gateway.lock:
                    gateway.received.append(Received(self.path, dict(self.headers), form, body))
                    step = gateway.script.pop(0) if gateway.script else (200, None)
                if step[0] == "sleep":
                    time.sleep(step[1])
                    step = (200, None)
                elif step[0] == "hold":  # until the test lets go (bounded)
                    step[1].wait(30)
                    step = (200, None)
                status, answer = step
                if answer is None:
                    answer = {"status": True, "id": ["1"]} if self.path == "/send" else {"ok": 1}
                data = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up waiting (the timeout tests)
                    return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def messages(self) -> list[Received]:
        with self.lock:
            return list(self.received)


def running_gateway() -> Iterator[FakeGateway]:
    gateway = FakeGateway().start()
    yield gateway
    gateway.stop()
