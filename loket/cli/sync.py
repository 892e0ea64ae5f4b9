"""``loket enroll`` and ``loket sync``: the desk's side of the city sync, for scripts and IT.

Wired into the ``loket`` command by ``register(sub, common)``; handlers take
``(args, data_dir)`` and return the exit code. ``loket sync --once`` exits 0 only when
every event is acknowledged by the server (rejected ones are acknowledged too, and
listed by ``loket sync --status``).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loket.cli.common import open_to_read, open_to_write
from loket.core.errors import LoketError

if TYPE_CHECKING:  # the `loket` command imports this module at every start: keep it light
    from loket.store.database import Database
    from loket.sync.retry import RetryPolicy


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add ``enroll`` and ``sync`` to the ``loket`` parser."""
    enroll = sub.add_parser(
        "enroll", parents=[common], help="daftarkan perangkat ini ke server kota"
    )
    enroll.add_argument("--server", required=True, metavar="URL", help="alamat server kota")
    enroll.add_argument("--code", required=True, help="kode pendaftaran dari admin server kota")
    enroll.add_argument("--ca-bundle", default=None, metavar="PEM", help="berkas CA TLS khusus")
    enroll.add_argument("--name", default="", help="nama perangkat ini (mis. Loket depan)")
    enroll.set_defaults(func=run_enroll)

    sync = sub.add_parser("sync", parents=[common], help="sinkronisasi dengan server kota")
    mode = sync.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="satu kali lalu keluar (untuk skrip)")
    mode.add_argument("--status", action="store_true", help="tampilkan status dan kiriman ditolak")
    sync.add_argument(
        "--interval", type=float, default=5.0, metavar="MENIT", help="jeda antar sinkron (menit)"
    )
    sync.add_argument(
        "--retries", type=int, default=5, metavar="N", help="ulangan tiap permintaan yang gagal"
    )
    sync.set_defaults(func=run_sync)


CLIENT_PC_REFUSED = (
    "PC ini PC klien kantor: yang berhubungan dengan server kota hanya PC utama "
    "(loket hub run). Jalankan perintah ini di PC utama."
)


def _refuse_on_client_pc(data_dir: Path) -> bool:
    """City sync runs from the office hub only: a client PC holds no office register."""
    from loket.client.connect import CLIENT, read_pc

    if read_pc(data_dir).role == CLIENT:
        print(f"loket: {CLIENT_PC_REFUSED}", file=sys.stderr)
        return True
    return False


def run_enroll(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.sync.client import SyncError
    from loket.sync.engine import enroll

    if _refuse_on_client_pc(data_dir):
        return 1
    try:
        result = enroll(
            data_dir, args.server, args.code, ca_bundle=args.ca_bundle, desk_name=args.name
        )
    except (SyncError, LoketError) as exc:
        print(f"loket: pendaftaran gagal: {exc.message}", file=sys.stderr)
        return 1
    if result.office_created:
        print(f"Kantor {result.office.code} ({result.office.name}) dibuat dari data server kota.")
    print(
        f"Terdaftar ke {result.server_url} untuk kantor {result.office.code} "
        f"({result.office.name}); id perangkat {result.desk_id}."
    )
    _say_what_is_left(data_dir)
    return 0


def _say_what_is_left(data_dir: Path) -> None:
    """Enrolled before set-up: the wizard (or ``office init``) is the next step."""
    from loket.app.setup import read_setup_state

    db = open_to_write(data_dir, check=False)
    try:
        state = read_setup_state(db)
    finally:
        db.close()
    if not state.complete:
        offered = len(state.city_services)
        print(state.describe())
        if offered:
            print(f"{offered} layanan terbitan server kota sudah disiapkan untuk dipilih.")


def run_sync(args: argparse.Namespace, data_dir: Path) -> int:
    if _refuse_on_client_pc(data_dir):
        return 1
    try:
        # --status only reads; a sync writes (marks events sent): check the file first.
        db = open_to_read(data_dir) if args.status else open_to_write(data_dir)
    except LoketError as exc:
        print(f"loket: {exc.message}", file=sys.stderr)
        return 1
    try:
        if args.status:
            return _print_status(db)
        from loket.sync.retry import RetryPolicy

        policy = RetryPolicy(attempts=max(1, args.retries + 1))
        if args.once:
            return _sync_once(db, policy)
        return _sync_forever(db, args.interval * 60.0, policy)
    finally:
        db.close()


def _print_status(db: Database) -> int:
    from loket.sync.outbox import dead_letters
    from loket.sync.state import read_status

    status = read_status(db)
    print(status.summary())
    if status.server_url:
        print(f"Server: {status.server_url} · kantor {status.office_code}")
    if status.last_error:
        print(f"Galat terakhir: {status.last_error}")
    if status.skew_warning:
        print(f"Peringatan: {status.skew_warning}")
    letters = dead_letters(db)
    if letters:
        print("Kiriman ditolak server:")
        for letter in letters:
            print(f"  #{letter.event_seq} {letter.event_id}: {letter.reason}")
    return 0


def _sync_once(db: Database, policy: RetryPolicy) -> int:
    from loket.sync.client import SyncError
    from loket.sync.engine import client_for, sync_once
    from loket.sync.state import read_status

    try:
        client = client_for(db)
    except SyncError as exc:
        print(f"loket: {exc.message}", file=sys.stderr)
        return 1
    report = sync_once(db, client, policy=policy)
    print(
        f"Terkirim {report.accepted} kejadian baru ({report.duplicates} sudah ada, "
        f"{report.rejected} ditolak) dalam {report.batches} batch; "
        f"{report.waiting} belum terkonfirmasi."
    )
    if report.feedback_accepted or report.feedback_duplicates or report.feedback_rejected:
        print(
            f"Penilaian, SKM dan penyerahan dokumen: {report.feedback_accepted} baru "
            f"({report.feedback_duplicates} sudah ada, {report.feedback_rejected} ditolak)."
        )
    status = read_status(db)
    if status.skew_warning:
        print(f"Peringatan: {status.skew_warning}", file=sys.stderr)
    if status.dead_letters:
        print(
            f"Peringatan: {status.dead_letters} kejadian ditolak server "
            "(lihat `loket sync --status`).",
            file=sys.stderr,
        )
    if report.error:
        print(f"loket: {report.error}", file=sys.stderr)
    return 0 if report.ok else 1


def _sync_forever(db: Database, interval: float, policy: RetryPolicy) -> int:
    from loket.sync.engine import client_for
    from loket.sync.loop import SyncLoop
    from loket.sync.state import SyncStatus

    last = [""]

    def show(status: SyncStatus) -> None:
        line = status.summary() + (f" · {status.last_error}" if status.last_error else "")
        if line != last[0] and not status.running:
            print(line, flush=True)
            last[0] = line

    loop = SyncLoop(db, lambda: client_for(db), interval=interval, policy=policy, on_status=show)
    done = threading.Event()

    def interrupted(_signum: int, _frame: Any) -> None:
        done.set()

    previous = signal.signal(signal.SIGTERM, interrupted)
    loop.start()
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        loop.stop()
    return 0
