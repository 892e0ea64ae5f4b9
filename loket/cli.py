"""The one `loket` command: the GUI by default, subcommands for the rest.

Every subcommand accepts ``--data-dir`` (also ``LOKET_DATA_DIR``). Messages to people are
Indonesian; ``--json`` output uses snake_case keys for scripts and the city.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from loket import __version__, diag_cli
from loket.core.errors import LoketError
from loket.paths import database_path, resolve_data_dir
from loket.store.database import Database


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"tanggal harus YYYY-MM-DD, bukan {value!r}") from exc


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"harus bilangan bulat, bukan {value!r}") from exc
    if number < 0:
        raise argparse.ArgumentTypeError("tidak boleh negatif")
    return number


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder data (bawaan: LOKET_DATA_DIR atau folder data pengguna)",
    )
    common.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="pakai kantor demo di folder tersendiri (DATA/demo)",
    )
    parser = argparse.ArgumentParser(
        prog="loket",
        description="Loket: antrian dan register layanan kelurahan.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"loket {__version__}")
    diag_cli.add_global_flags(parser)
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")

    display = sub.add_parser("display", parents=[common], help="layar antrian untuk ruang tunggu")
    display.add_argument("--screen", type=int, default=None, help="nomor layar (0, 1, ...)")
    display.add_argument("--windowed", action="store_true", help="jendela biasa, bukan layar penuh")
    kiosk = sub.add_parser("kiosk", parents=[common], help="kios ambil nomor (layar sentuh)")
    kiosk.add_argument("--windowed", action="store_true", help="jendela biasa, bukan layar penuh")

    sim = sub.add_parser("simulate", parents=[common], help="simulasikan satu hari layanan")
    sim.add_argument("--date", type=_date, default=None, help="hari layanan (bawaan: hari ini)")
    sim.add_argument("--tickets", type=_positive, default=120, help="jumlah warga datang")
    sim.add_argument("--counters", type=_positive, default=3, help="jumlah loket buka")
    sim.add_argument("--seed", type=int, default=1, help="benih acak (hasil sama untuk benih sama)")

    st = sub.add_parser("stats", parents=[common], help="angka layanan satu hari")
    st.add_argument("--date", type=_date, default=None, help="hari layanan (bawaan: hari ini)")
    st.add_argument("--json", action="store_true", help="keluaran JSON")
    from loket.reports_cli import add_period_args
    from loket.reports_cli import register as register_reports

    add_period_args(st)
    register_reports(sub, common)

    db = sub.add_parser("db", parents=[common], help="pemeliharaan basis data")
    dbsub = db.add_subparsers(dest="db_command", metavar="AKSI", required=True)
    dbsub.add_parser("check", parents=[common], help="periksa integritas dan versi skema")
    backup = dbsub.add_parser("backup", parents=[common], help="buat cadangan daring")
    backup.add_argument("--to", metavar="FOLDER", help="folder tujuan (bawaan: DATA/backups)")
    dbsub.add_parser("upgrade", parents=[common], help="perbarui skema basis data")
    restore = dbsub.add_parser(
        "restore", parents=[common], help="pulihkan dari berkas cadangan (yang lama disimpan)"
    )
    restore.add_argument("file", metavar="BERKAS", help="berkas cadangan .db")

    user = sub.add_parser("user", parents=[common], help="akun pengguna")
    usub = user.add_subparsers(dest="user_command", metavar="AKSI", required=True)
    add = usub.add_parser("add", parents=[common], help="tambah pengguna")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=["operator", "supervisor", "admin"])
    add.add_argument(
        "--as",
        dest="as_user",
        metavar="ADMIN",
        help="admin yang menambahkan (wajib bila sudah ada admin; kata sandinya ditanya dulu)",
    )
    usub.add_parser("list", parents=[common], help="daftar pengguna")

    from loket.hub.cli import register as register_hub
    from loket.office_cli import register as register_office
    from loket.online_cli import register as register_online
    from loket.server.cli import register as register_server
    from loket.sync.cli import register as register_sync

    register_office(sub, common)
    register_online(sub, common)

    register_sync(sub, common)
    register_hub(sub, common)
    register_server(sub, common)
    diag_cli.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a user's or the PC's fault is one Indonesian line and exit 1.

    Known faults (a refusal, a full disk, a read-only folder, a damaged database...) are
    sorted by ``loket.store.errors``; only a bug still shows a traceback. A reader that
    goes away (``loket stats --json | head``) ends the command quietly.
    """
    if list(sys.argv[1:] if argv is None else argv) == ["--voice-probe"]:
        # The display asks the OS's speech engines in a child (loket/ui/voiceprobe.py);
        # in the one-folder bundle that child is this program, with this hidden flag.
        from loket.ui.voiceprobe import main as voice_probe

        return voice_probe()
    parser = build_parser()
    args = parser.parse_args(argv)
    demo = bool(getattr(args, "demo", False))
    data_dir = resolve_data_dir(getattr(args, "data_dir", None), demo=demo)
    try:
        code = _dispatch(parser, args, data_dir, demo)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("PySide6"):
            raise
        # A server install (`pip install 'loket[server]'`) has no Qt: say how to get it.
        print(
            "loket: perintah ini memerlukan antarmuka desk (Qt), yang tidak terpasang. "
            "Pasang dengan: pip install 'loket[desk]'",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from loket.store.errors import known_error

        known = known_error(exc, database_path(data_dir))
        if known is not None:
            print(f"loket: {known.message}", file=sys.stderr)
            return 1
        if isinstance(exc, OSError):  # a file or device fault nobody sorted: still no traceback
            where = f" ({exc.filename})" if exc.filename else ""
            print(f"loket: {exc.strerror or exc}{where}", file=sys.stderr)
            return 1
        raise


def _silence_stdout() -> None:
    """Point stdout at the null device so Python's exit flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _dispatch(
    parser: argparse.ArgumentParser, args: argparse.Namespace, data_dir: Path, demo: bool
) -> int:
    handled = diag_cli.handle_global(args, data_dir)  # --self-check
    if handled is not None:
        return handled
    func = getattr(args, "func", None)
    if func is not None:
        return int(func(args, data_dir))
    if args.command in (None, "display", "kiosk"):
        from loket.logsetup import setup_logging
        from loket.ui.app import run_gui

        setup_logging(data_dir)  # a GUI has no console: its problems go to DATA/logs
        return run_gui(
            data_dir,
            demo=demo,
            mode=args.command or "operator",
            screen=getattr(args, "screen", None),
            windowed=getattr(args, "windowed", False),
        )
    if args.command == "simulate":
        return _simulate(data_dir, args)
    if args.command in ("stats", "export", "ikm"):
        _require_set_up(data_dir)  # a half office says what it lacks
    if args.command == "stats":
        from loket.reports_cli import run_period_stats, wants_period

        if wants_period(args):
            return run_period_stats(args, data_dir)
        return _stats(data_dir, args)
    if args.command in ("export", "ikm"):
        from loket.reports_cli import run as run_report

        return run_report(args, data_dir)
    if args.command == "db":
        return _db(data_dir, args)
    if args.command == "user":
        return _user(data_dir, args)
    parser.error(f"perintah tidak dikenal: {args.command}")
    return 2  # pragma: no cover - parser.error exits


def _open(data_dir: Path) -> Database:
    """For commands that write: a damaged file is refused before anything touches it."""
    from loket.store.migrate import open_database

    return open_database(data_dir, check=True)


def _open_to_read(data_dir: Path) -> Database:
    """For commands that only read: ``mode=ro``, so not one byte of the file changes."""
    from loket.store.migrate import open_database

    return open_database(data_dir, readonly=True)


def _require_set_up(data_dir: Path) -> None:
    """Figures need an office with services and counters: say in words what is missing."""
    from loket.app.setup import require_setup

    db = _open_to_read(data_dir)  # stats/export/ikm only read: a read-only disk still works
    try:
        require_setup(db)
    finally:
        db.close()


def _today(db: Database) -> date:
    from loket.app.desk import Desk

    return Desk(db).today()


def _simulate(data_dir: Path, args: argparse.Namespace) -> int:
    from loket.app.simulate import simulate_day

    db = _open(data_dir)
    try:
        day = args.date or _today_or_default(db)
        result = simulate_day(db, day, args.tickets, args.counters, args.seed)
    finally:
        db.close()
    print(
        f"Simulasi {day.isoformat()}: {result.issued} antrian diambil, "
        f"{result.counters_used} loket, data di {data_dir}"
    )
    if result.refused:
        print(f"{result.refused} permintaan ditolak (mis. kuota habis).")
    print(f"{result.ratings} penilaian warga, {result.skm_responses} kuesioner SKM.")
    return 0


def _today_or_default(db: Database) -> date:
    from loket.app.office import has_office

    if has_office(db):
        return _today(db)
    from loket.core.days import service_day, utc_now, zone

    return service_day(utc_now(), zone("Asia/Jakarta"))


def _stats(data_dir: Path, args: argparse.Namespace) -> int:
    from loket.app.stats import stats_for_day

    db = _open_to_read(data_dir)
    try:
        day = args.date or _today(db)
        stats = stats_for_day(db, day)
    finally:
        db.close()
    if args.json:
        print(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
        return 0
    from loket.cli_format import format_day_stats

    print(format_day_stats(stats))
    return 0


def _db(data_dir: Path, args: argparse.Namespace) -> int:
    from loket.store import health
    from loket.store.database import connect
    from loket.store.migrate import upgrade

    if args.db_command == "check":
        db = connect(data_dir, readonly=True)
        try:
            report = health.check(db)
        finally:
            db.close()
        if report.ok:
            print(f"OK: {report.path} (skema {report.revision})")
            return _setup_check(data_dir)
        for problem in report.problems():
            print(f"MASALAH: {problem}")
        return 1
    if args.db_command == "backup":
        db = _open_to_read(data_dir)
        try:
            path = health.backup(db, Path(args.to) if args.to else None)
        finally:
            db.close()
        print(path)
        return 0
    if args.db_command == "restore":
        from loket.app.maintenance import restore

        saved = restore(data_dir, Path(args.file))
        db = _open(data_dir)  # migrates an older backup to this version
        try:
            report = health.check(db)
        finally:
            db.close()
        if saved:
            print(f"Basis data sebelumnya disimpan di {saved}")
        print(f"Dipulihkan dari {args.file} (skema {report.revision}).")
        return 0 if report.ok else 1
    if args.db_command == "upgrade":
        from loket.store.migrate import check_intact

        check_intact(data_dir)  # never migrate a damaged file
        db = connect(data_dir)
        try:
            result = upgrade(db)
        finally:
            db.close()
        if result.before == result.after:
            print(f"Skema sudah terbaru ({result.after}).")
        else:
            print(f"Skema diperbarui: {result.before or 'kosong'} -> {result.after}.")
            if result.backup:
                print(f"Cadangan sebelum pembaruan: {result.backup}")
        return 0
    return 2


def _setup_check(data_dir: Path) -> int:
    """A sound file can still hold a half office: a problem unless it can queue."""
    from sqlalchemy.exc import SQLAlchemyError

    from loket.app.setup import read_setup_state
    from loket.store.database import connect

    db = connect(data_dir, readonly=True)  # as the check itself: never writes
    try:
        state = read_setup_state(db)
    except SQLAlchemyError:
        return 0  # an older schema: `loket db upgrade` first, the check said so
    finally:
        db.close()
    if state.office is None or state.complete:
        return 0
    if not state.can_queue:
        print(f"MASALAH: {state.describe()}")
        return 1
    print(f"Catatan: {state.describe()}")
    return 0


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Kata sandi: ")
        second = getpass.getpass("Ulangi kata sandi: ")
        if first != second:
            raise LoketError("Kata sandi tidak sama.")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _require_admin(db: Database, as_user: str | None) -> None:
    """Once an office has an admin, adding users from the command line needs one too.

    The very first account (a new office, the demo) needs nothing: there is nobody yet.
    """
    from loket.app.users import authenticate, list_users
    from loket.core.roles import Permission, can

    if not any(u.role.value == "admin" and u.active for u in list_users(db)):
        return
    if not as_user:
        raise LoketError("Kantor ini sudah punya admin: tambahkan --as NAMA_ADMIN.")
    prompt = "Kata sandi admin: "
    password = (
        getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline().rstrip("\r\n")
    )
    admin = authenticate(db, as_user, password)
    if admin is None or not can(admin.role, Permission.MANAGE_USERS):
        raise LoketError("Nama atau kata sandi admin salah, atau bukan admin.")


def _user(data_dir: Path, args: argparse.Namespace) -> int:
    from loket.app.users import add_user, list_users

    db = _open(data_dir) if args.user_command == "add" else _open_to_read(data_dir)
    try:
        if args.user_command == "add":
            _require_admin(db, args.as_user)
            info = add_user(db, args.name, args.role, _read_password())
            print(f"Pengguna {info.name} ({info.role.value}) ditambahkan.")
            return 0
        for u in list_users(db):
            print(f"{u.name}\t{u.role.value}\t{'aktif' if u.active else 'nonaktif'}")
        return 0
    finally:
        db.close()
