"""``loket hub run``: serve the office in the data dir to the office LAN.

The hub process owns the LAN side only; the GUI on the same PC keeps using the database
in-process (SQLite's WAL and write lock keep both right), and the hub's file watcher
pushes the GUI's changes to the clients. City sync runs here, from the hub only.
"""

from __future__ import annotations

import faulthandler
import logging
import signal
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from loket.core.errors import LoketError

log = logging.getLogger(__name__)

DEFAULT_HOST = "0.0.0.0"
DEFAULT_PORT = 8765


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before the server starts (so port 0 tells its port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if sys.platform != "win32":  # on Windows it would let a second hub share the port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise LoketError(
            f"Port {port} di {host} sudah dipakai atau tidak boleh dipakai: "
            "apakah PC utama sudah berjalan? Pilih port lain dengan --port."
        ) from exc
    # Answers go out as several small TLS records: without this each waits ~40 ms for
    # the client's delayed ACK (Nagle). Accepted sockets inherit it from this one.
    if family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def run_hub(
    data_dir: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    announce: bool = True,
    sync: bool = True,
    say: Callable[[str], None] = print,
) -> int:
    import uvicorn

    from loket.app.office import has_office
    from loket.client.codec import office_specs
    from loket.client.connect import CLIENT, HUB, PcConfig, read_pc, write_pc
    from loket.client.local import LocalOffice
    from loket.hub.app import HubState, create_app
    from loket.hub.cert import ensure_certificate, pretty_fingerprint
    from loket.hub.changes import Changes
    from loket.hub.pairing import prune_sessions
    from loket.hub.rpc import OfficeRpc, prune_requests
    from loket.store.migrate import open_database

    config = read_pc(data_dir)
    if config.role == CLIENT:
        raise LoketError(
            f"PC ini tersambung ke PC utama {config.hub_url}; PC klien tidak dapat menjadi "
            "PC utama. Hapus pc.json di folder data bila peran PC ini memang diganti."
        )
    db = open_database(data_dir, check=True)  # never serve (and write) a damaged file
    announcer: Any = None
    changes = Changes()
    sync_loop: Any = None
    live: Any = None
    try:
        if not has_office(db):
            raise LoketError(
                f"Belum ada kantor di {data_dir}: jalankan `loket` (wizard) di PC ini dulu."
            )
        cert = ensure_certificate(data_dir)
        office = LocalOffice(db, data_dir)
        office_name = office.office().name
        prune_requests(db)
        prune_sessions(db)
        rpc = OfficeRpc(db, office, office_specs(), on_commit=changes.bump)
        app = create_app(HubState(db, rpc, changes, cert.fingerprint, office_name))
        sock = bind(host, port)
        actual_port = int(sock.getsockname()[1])
        if config.role != HUB:
            write_pc(data_dir, PcConfig(role=HUB, office=office_name))
        changes.watch(db.path)
        if announce:
            from loket.hub.discovery import Announcer, service_info

            announcer = Announcer(
                service_info(socket.gethostname(), office_name, actual_port, cert.fingerprint,
                             host),
                host,
            )  # fmt: skip
            threading.Thread(target=announcer.start, daemon=True).start()
        if sync:
            sync_loop = _start_city_sync(db)
            from loket.sync.live import start_live

            live = start_live(db)  # the queue's live state for the citizens' phones
        server = uvicorn.Server(
            uvicorn.Config(
                app,
                ssl_certfile=str(cert.cert_path),
                ssl_keyfile=str(cert.key_path),
                log_level="warning",
                access_log=False,
                timeout_graceful_shutdown=3,
                ws_ping_interval=10,
                ws_ping_timeout=10,
            )
        )
        shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
        say(f"PC utama {office_name} siap di https://{shown}:{actual_port}")
        say(f"Sidik jari sertifikat: {pretty_fingerprint(cert.fingerprint)}")
        say("Pasangkan PC lain dengan `loket hub pair`. Berhenti: Ctrl+C.")
        if hasattr(signal, "SIGUSR1"):  # `kill -USR1 PID` dumps every thread: a hang shows
            faulthandler.register(signal.SIGUSR1, all_threads=True)

        server.run(sockets=[sock])
        return 0
    finally:
        changes.stop()
        if announcer is not None:
            announcer.stop()
        if sync_loop is not None:
            sync_loop.stop(timeout=5)
        if live is not None:
            live.stop()
        db.close()


def _start_city_sync(db: Any) -> Any:
    """The city sync loop, when this office is enrolled (it runs on the hub only)."""
    from loket.sync.engine import client_for
    from loket.sync.loop import SyncLoop
    from loket.sync.state import read_status

    try:
        status = read_status(db)
    except Exception:  # pragma: no cover - a broken sync state must not stop the hub
        log.exception("cannot read the sync state")
        return None
    if not status.enrolled:
        return None
    loop = SyncLoop(db, lambda: client_for(db))
    loop.start()
    return loop
