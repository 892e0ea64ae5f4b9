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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loket.core.errors import LoketError

log = logging.getLogger(__name__)

DEFAULT_HOST = "0.0.0.0"
DEFAULT_PORT = 8765
#: How long an idle client connection is kept open (see ``_serve``).
KEEP_ALIVE_S = 300


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before the server starts (so port 0 tells its port)."""
    from loket.hub.gate import GatedSocket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = GatedSocket(family, socket.SOCK_STREAM)  # bounded connections (``hub.gate``)
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


@dataclass
class _Hub:
    """What ``run_hub`` opened: closed again whatever happens."""

    db: Any
    changes: Any
    takeover: Any
    app: Any
    cert: Any
    sock: socket.socket
    office_name: str
    port: int
    services: list[Any] = field(default_factory=list)  # each with a ``stop()``, in order


@dataclass
class _Fenced:
    """A newer hub serves the office: this one demotes itself without serving."""

    takeover: Any


def run_hub(
    data_dir: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    announce: bool = True,
    sync: bool = True,
    say: Callable[[str], None] = print,
) -> int:
    """Serve the office; 3 when a newer hub fenced this one (it is then a client)."""
    from loket.hub.instance import hold

    lock = hold(data_dir)  # before the file is touched: a second hub changes nothing
    try:
        return _run_hub(data_dir, host, port, announce=announce, sync=sync, say=say)
    finally:
        lock.close()


def _run_hub(data_dir: Path, host: str, port: int, *, announce: bool, sync: bool,
             say: Callable[[str], None]) -> int:  # fmt: skip
    hub = _open_hub(data_dir, host, port)
    if isinstance(hub, _Fenced):
        return demote_report(data_dir, hub.takeover, say)
    try:
        _start_services(hub, data_dir, host, announce=announce, sync=sync)
        _serve(hub, host, say)
        if hub.takeover.fenced_by is None:
            return 0
        collected = collect_for(hub.db, hub.takeover)
    finally:
        hub.takeover.stop()
        hub.changes.stop()
        for service in hub.services:
            service.stop()
        hub.db.close()
    return demote_report(data_dir, hub.takeover, say, collected)


def _open_hub(data_dir: Path, host: str, port: int) -> _Hub | _Fenced:
    """The office's file, checked, its term begun and its app built (or: fenced)."""
    from loket.app.office import has_office
    from loket.client.codec import office_specs
    from loket.client.connect import CLIENT, read_pc
    from loket.client.local import LocalOffice
    from loket.hub.app import HubState, create_app
    from loket.hub.cert import ensure_certificate
    from loket.hub.changes import Changes
    from loket.hub.epoch import begin_term
    from loket.hub.pairing import prune_sessions
    from loket.hub.promote import ensure_self_pc
    from loket.hub.rpc import OfficeRpc, prune_requests
    from loket.hub.takeover import HubTakeover
    from loket.store.migrate import open_database

    config = read_pc(data_dir)
    if config.role == CLIENT:
        raise LoketError(
            f"PC ini tersambung ke PC utama {config.hub_url}; PC klien tidak dapat menjadi "
            "PC utama. Hapus pc.json di folder data bila peran PC ini memang diganti."
        )
    db = open_database(data_dir, check=True)  # never serve (and write) a damaged file
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
        sock = bind(host, port)
        actual_port = int(sock.getsockname()[1])
        self_pc = ensure_self_pc(db, data_dir, office_name)
        term = begin_term(db, cert.fingerprint, self_pc.pc_name or "", host, actual_port)
        changes = Changes()
        takeover = HubTakeover(db, term, cert.fingerprint, self_pc.pc_name or "")
        takeover.changes = changes
        takeover.push = _row_push(db, takeover, changes)
        # Fencing: a PC of the office may have taken over while this one was off.
        if takeover.check_fence() is not None:
            sock.close()
            db.close()
            return _Fenced(takeover)
        rpc = OfficeRpc(db, office, office_specs(), on_commit=changes.bump_own)
        app = create_app(
            HubState(db, rpc, changes, cert.fingerprint, office_name, takeover=takeover)
        )
    except BaseException:
        db.close()
        raise
    return _Hub(db, changes, takeover, app, cert, sock, office_name, actual_port)


def _start_services(hub: _Hub, data_dir: Path, host: str, *, announce: bool,
                    sync: bool) -> None:  # fmt: skip
    """The file watcher, mDNS, the city sync, the live state, the messages, the fence."""
    from loket.voice.clips import clips_folder

    hub.changes.watch(hub.db.path, clips_dir=clips_folder(data_dir))  # shared with displays
    if announce:
        from loket.hub.discovery import Announcer, service_info

        info = service_info(socket.gethostname(), hub.office_name, hub.port,
                            hub.cert.fingerprint, host)  # fmt: skip
        announcer = Announcer(info, host)
        hub.services.append(announcer)
        threading.Thread(target=announcer.start, daemon=True).start()
    if sync:
        sync_loop = _start_city_sync(hub.db, hub.takeover.replicated_upto)
        if sync_loop is not None:
            hub.services.append(_Stopper(lambda: sync_loop.stop(timeout=5)))
        from loket.app.online.pusher import start_live

        _keep(hub, start_live(hub.db))  # the queue's live state for the citizens' phones
    from loket.app.online.sender import start_sender

    _keep(hub, start_sender(hub.db))  # messages to citizens who agreed (idle until set up)
    hub.takeover.watch()
    source = hub.takeover.source
    push = hub.takeover.push
    push.watch_setup(lambda: source.reference().digest, lambda: source.reference_stale)
    hub.services.append(push)


def _row_push(db: Any, takeover: Any, changes: Any) -> Any:
    """Each commit's rows to the replicas' feed sockets (``loket.hub.push``)."""
    from loket.hub.push import RowPush

    push = RowPush(db, takeover.term.epoch)
    push.prime()
    changes.before_notice = push.publish
    return push


def _keep(hub: _Hub, service: Any) -> None:
    if service is not None:
        hub.services.append(service)


@dataclass
class _Stopper:
    stop: Callable[[], object]


def _serve(hub: _Hub, host: str, say: Callable[[str], None]) -> None:
    """Serve until Ctrl+C, SIGTERM or a newer hub fencing this one."""
    import uvicorn

    from loket.hub.cert import pretty_fingerprint

    server = uvicorn.Server(
        uvicorn.Config(
            hub.app,
            ssl_certfile=str(hub.cert.cert_path),
            ssl_keyfile=str(hub.cert.key_path),
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=3,
            # A counter PC acts every minute or few: kept past such pauses, its connection
            # spares the next key press a new TLS handshake (uvicorn's default is 5 s).
            timeout_keep_alive=KEEP_ALIVE_S,
            ws_ping_interval=10,
            ws_ping_timeout=10,
        )
    )
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    say(f"PC utama {hub.office_name} siap di https://{shown}:{hub.port}")
    say(f"Sidik jari sertifikat: {pretty_fingerprint(hub.cert.fingerprint)}")
    say("Pasangkan PC lain dengan `loket hub pair`. Berhenti: Ctrl+C.")
    if hasattr(signal, "SIGUSR1"):  # `kill -USR1 PID` dumps every thread: a hang shows
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    hub.takeover.on_fenced = lambda _by: setattr(server, "should_exit", True)
    server.run(sockets=[hub.sock])


def aside_cut(db: Any, takeover: Any) -> int:
    """The event after which this fenced hub's log is not the new hub's."""
    from loket.hub.epoch import lineage
    from loket.hub.promote import cut_for

    cut = cut_for(takeover.fenced_by.epochs, lineage(db))
    return int(takeover.term.start_seq if cut is None else cut)


def collect_for(db: Any, takeover: Any) -> tuple[int, list[Any]]:
    from loket.hub.promote import collect_aside

    cut = aside_cut(db, takeover)
    return cut, collect_aside(db, cut)


def demote_report(
    data_dir: Path,
    takeover: Any,
    say: Callable[[str], None],
    collected: tuple[int, list[Any]] | None = None,
) -> int:
    """This hub was replaced: set aside what never reached the new hub, become a client."""
    from loket.hub.promote import become_client, set_aside
    from loket.store.migrate import open_database

    by = takeover.fenced_by
    if collected is None:
        db = open_database(data_dir)
        try:
            collected = collect_for(db, takeover)
        finally:
            db.close()
    cut, aside = collected
    folder = set_aside(data_dir, takeover.term.epoch, by, aside, cut)
    become_client(data_dir, by)
    say(f"PC ini bukan lagi PC utama: {by.pc_name} ({by.url}) telah mengambil alih "
        f"(epoch {by.epoch}). PC ini sekarang PC klien dari PC utama itu.")  # fmt: skip
    if aside:
        say(f"{len(aside)} nomor antrian disisihkan karena tidak sampai ke PC utama baru "
            "(tidak digabung diam-diam):")  # fmt: skip
        for entry in aside:
            kinds = ", ".join(e["kind"] for e in entry["events"])
            say(f"  {entry['label']} ({entry['service']}): {kinds}")
        say("Lihat dan masukkan ulang: loket hub aside")
    else:
        say("Tidak ada kejadian yang tertinggal: semua sudah ada di PC utama baru.")
    log.warning("demoted: %d tickets set aside in %s", len(aside), folder)
    return 3


#: Seconds between the hub's city syncs (default: the sync loop's five minutes); the
#: take-over tests set it short so both hubs send to the city while the load runs.
ENV_SYNC_S = "LOKET_HUB_SYNC_S"


def _start_city_sync(db: Any, push_limit: Any = None) -> Any:
    """The city sync loop, when this office is enrolled (it runs on the hub only)."""
    import os

    from loket.sync.engine import client_for
    from loket.sync.loop import DEFAULT_INTERVAL, SyncLoop
    from loket.sync.state import read_status

    try:
        status = read_status(db)
    except Exception:  # pragma: no cover - a broken sync state must not stop the hub
        log.exception("cannot read the sync state")
        return None
    if not status.enrolled:
        return None
    try:
        interval = float(os.environ.get(ENV_SYNC_S) or DEFAULT_INTERVAL)
    except ValueError:
        interval = DEFAULT_INTERVAL
    loop = SyncLoop(db, lambda: client_for(db), push_limit=push_limit,
                    interval=max(interval, 0.1))  # fmt: skip
    loop.start()
    return loop
