"""``loket db check|backup|upgrade|restore``: looking after the office's database file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from loket.cli.common import open_to_read, open_to_write


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    db = sub.add_parser("db", parents=[common], help="pemeliharaan basis data")
    dbsub = db.add_subparsers(dest="db_command", metavar="AKSI", required=True)
    check = dbsub.add_parser("check", parents=[common], help="periksa integritas dan versi skema")
    check.set_defaults(func=run_check)
    backup = dbsub.add_parser("backup", parents=[common], help="buat cadangan daring")
    backup.add_argument("--to", metavar="FOLDER", help="folder tujuan (bawaan: DATA/backups)")
    backup.set_defaults(func=run_backup)
    upgrade = dbsub.add_parser("upgrade", parents=[common], help="perbarui skema basis data")
    upgrade.set_defaults(func=run_upgrade)
    restore = dbsub.add_parser(
        "restore", parents=[common], help="pulihkan dari berkas cadangan (yang lama disimpan)"
    )
    restore.add_argument("file", metavar="BERKAS", help="berkas cadangan .db")
    restore.set_defaults(func=run_restore)


def run_check(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.store import health
    from loket.store.database import connect

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


def run_backup(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.store import health

    db = open_to_read(data_dir)
    try:
        path = health.backup(db, Path(args.to) if args.to else None)
    finally:
        db.close()
    print(path)
    return 0


def run_restore(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.app.maintenance import restore
    from loket.store import health

    saved = restore(data_dir, Path(args.file))
    db = open_to_write(data_dir)  # migrates an older backup to this version
    try:
        report = health.check(db)
    finally:
        db.close()
    if saved:
        print(f"Basis data sebelumnya disimpan di {saved}")
    print(f"Dipulihkan dari {args.file} (skema {report.revision}).")
    return 0 if report.ok else 1


def run_upgrade(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.store.database import connect
    from loket.store.migrate import check_intact, upgrade

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
