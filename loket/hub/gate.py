"""The hub's listening socket: a bounded number of open connections, per address and in all.

Each connection the hub accepts costs ~300 KB before a byte of TLS is read (asyncio's
TLS buffer and OpenSSL's state) and holds a file descriptor for up to a minute while
the handshake is awaited. One PC on the LAN opening thousands of idle connections used
to take gigabytes of the hub's memory, or, under a 1024-descriptor limit, every
descriptor: no PC of the office got an answer and the hub logged hundreds of thousands
of "Too many open files" tracebacks a minute. Past the limits a new connection is closed
at once, before TLS; the office's PCs (a few connections each) never come near them.

Only where asyncio accepts through ``socket.accept`` (the selector loop: Linux, macOS);
Windows' proactor loop accepts by itself and is not bounded here.
"""

from __future__ import annotations

import logging
import socket
import sys
import threading
import time
import weakref
from typing import Any

log = logging.getLogger(__name__)

#: Connections one address may hold open: a PC uses a handful (4 for calls, the feed,
#: the replica's poll), a PC running several Loket windows a few more.
PER_PEER = 128
#: Connections in all (the office's PCs together, and any left by attackers).
TOTAL = 1024
#: A refused connection is logged at most this often (a flood must not fill the disk).
LOG_EVERY_S = 60.0


class GatedSocket(socket.socket):
    """A listening socket whose ``accept`` closes connections past the limits."""

    def __init__(self, *args: Any, per_peer: int = PER_PEER, total: int = TOTAL,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.per_peer = per_peer
        self.total = min(total, _descriptors() // 2)  # the rest: the files, the threads
        self.open: dict[str, int] = {}
        self.refused = 0
        self._lock = threading.Lock()
        self._logged = 0.0

    def accept(self) -> tuple[socket.socket, Any]:
        while True:  # past the limits: closed here, and on to the next one waiting
            fd, address = self._accept()  # type: ignore[attr-defined]
            peer = str(address[0])
            with self._lock:
                held = self.open.get(peer, 0)
                if held < self.per_peer and sum(self.open.values()) < self.total:
                    self.open[peer] = held + 1
                    break
                self.refused += 1
            socket.socket(self.family, self.type, self.proto, fileno=fd).close()
            self._log_refusal(peer)
        conn = _Counted(self.family, self.type, self.proto, fileno=fd)
        if socket.getdefaulttimeout() is None and self.gettimeout():
            conn.setblocking(True)
        # Counted until closed (by the transport) or collected, whichever comes first.
        conn.release = weakref.finalize(conn, self._release, peer)
        return conn, address

    def _release(self, peer: str) -> None:
        with self._lock:
            left = self.open.get(peer, 0) - 1
            if left > 0:
                self.open[peer] = left
            else:
                self.open.pop(peer, None)

    def _log_refusal(self, peer: str) -> None:
        now = time.monotonic()
        if now - self._logged >= LOG_EVERY_S:
            self._logged = now
            log.warning("connections past the limit closed (from %s among others; %d so far)",
                        peer, self.refused)  # fmt: skip


def _descriptors() -> int:
    """The process's file descriptor limit (none to speak of on Windows)."""
    if sys.platform == "win32":
        return 1 << 20
    import resource

    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return soft if soft != resource.RLIM_INFINITY else 1 << 20


class _Counted(socket.socket):
    """An accepted connection that gives its place back when closed."""

    release: weakref.finalize[Any, Any] | None = None

    def close(self) -> None:
        super().close()
        if self.release is not None:
            self.release()  # once: a finalizer runs at most once
