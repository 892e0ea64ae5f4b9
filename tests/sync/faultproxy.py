"""A small HTTP proxy on loopback that breaks exchanges on purpose.

The desk talks to the proxy as if it were the city server; each request whose path
matches a planned fault gets that fault instead of a clean pass-through. Faults act on
the wire, so the desk's real ``requests`` code meets real resets and timeouts:

- ``ERROR_500`` / ``ERROR_503``: answer 5xx without forwarding (503 with Retry-After)
- ``DROP_BEFORE``: close the connection without forwarding (the server never saw it)
- ``DROP_AFTER``: forward, let the server commit, then close without answering
  (the response is lost after the commit)
- ``SLOW_AFTER``: forward, then hold the answer past the desk's read timeout
- ``HOLD_AFTER``: forward, then hold the answer until ``release`` (``held`` is set first)
- ``CUT_AFTER``: forward, then send the headers and half the body, and close (the answer
  is cut after the commit)

With ``tls=(cert, key)`` it speaks HTTPS on both sides (the office hub's tests give it
the hub's own certificate, so a client's pin still matches through it).

With the upstream server down the proxy answers 502, as a real reverse proxy does.
"""

from __future__ import annotations

import enum
import http.client
import ssl
import threading
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class Fault(enum.Enum):
    PASS = "pass"
    ERROR_500 = "500"
    ERROR_503 = "503"
    DROP_BEFORE = "drop_before"
    DROP_AFTER = "drop_after"
    SLOW_AFTER = "slow_after"
    HOLD_AFTER = "hold_after"
    CUT_AFTER = "cut_after"


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        *,
        slow_seconds: float = 3.0,
        tls: tuple[str, str] | None = None,
    ) -> None:
        self.upstream_port = upstream_port
        self.slow_seconds = slow_seconds
        self._plan: deque[tuple[str, Fault]] = deque()
        self._lock = threading.Lock()
        self.seen: list[tuple[str, str, Fault]] = []  # (method, path, fault)
        self.forwarded = 0
        self.committed_then_dropped = 0
        #: Called with (request number, path) before a request is handled.
        self.on_request: Callable[[int, str], None] | None = None
        self.held = threading.Event()
        self.release = threading.Event()
        self.tls = tls is not None
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            # The handshake happens in each request's thread, not in the accept loop.
            self._httpd.socket = context.wrap_socket(
                self._httpd.socket, server_side=True, do_handshake_on_connect=False
            )
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def inject(self, *faults: Fault, path: str = "/api/v1/events") -> None:
        with self._lock:
            self._plan.extend((path, fault) for fault in faults)

    def pending(self) -> int:
        with self._lock:
            return len(self._plan)

    def faults_seen(self, fault: Fault) -> int:
        with self._lock:
            return sum(1 for _m, _p, f in self.seen if f is fault)

    def _next_fault(self, method: str, path: str) -> tuple[int, Fault]:
        with self._lock:
            fault = Fault.PASS
            for index, (prefix, planned) in enumerate(self._plan):
                if path.startswith(prefix):
                    fault = planned
                    del self._plan[index]
                    break
            self.seen.append((method, path, fault))
            return len(self.seen), fault


def _make_handler(proxy: FaultProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            self._handle()

        def do_POST(self) -> None:
            self._handle()

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            number, fault = proxy._next_fault(self.command, self.path)
            if proxy.on_request is not None:
                proxy.on_request(number, self.path)
            if fault is Fault.ERROR_500:
                self._reply(500, [("Content-Type", "text/plain")], b"boom")
                return
            if fault is Fault.ERROR_503:
                self._reply(503, [("Retry-After", "1"), ("Content-Type", "text/plain")], b"busy")
                return
            if fault is Fault.DROP_BEFORE:
                self.close_connection = True
                return
            try:
                status, headers, payload = self._forward(body)
            except OSError:
                self._reply(502, [("Content-Type", "text/plain")], b"upstream down")
                return
            with proxy._lock:
                proxy.forwarded += 1
            if fault is Fault.DROP_AFTER:
                with proxy._lock:
                    proxy.committed_then_dropped += 1
                self.close_connection = True
                return
            if fault is Fault.SLOW_AFTER:
                proxy.release.wait(proxy.slow_seconds)
            if fault is Fault.HOLD_AFTER:
                proxy.held.set()
                proxy.release.wait()
            if fault is Fault.CUT_AFTER:
                with proxy._lock:
                    proxy.committed_then_dropped += 1
                self.send_response_only(status)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload[: len(payload) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            try:
                self._reply(status, headers, payload)
            except OSError:  # the desk gave up (timeout) or died meanwhile
                self.close_connection = True

        def _forward(self, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
            conn: http.client.HTTPConnection
            if proxy.tls:
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE  # the test's own hub, on loopback
                conn = http.client.HTTPSConnection(
                    "127.0.0.1", proxy.upstream_port, timeout=30, context=context
                )
            else:
                conn = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=30)
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                headers["Content-Length"] = str(len(body))
                conn.request(self.command, self.path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                kept = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP]
                return response.status, kept, payload
            finally:
                conn.close()

        def _reply(self, status: int, headers: list[tuple[str, str]], payload: bytes) -> None:
            self.send_response_only(status)
            for key, value in headers:
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            self.wfile.flush()

    return Handler
