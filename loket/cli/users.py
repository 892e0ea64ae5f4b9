"""``loket user add|list``: accounts from the command line (the first admin, scripts)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loket.cli.common import open_to_read, open_to_write, read_secret
from loket.core.errors import LoketError

if TYPE_CHECKING:
    from loket.store.database import Database


def register(sub: Any, common: argparse.ArgumentParser) -> None:
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
    add.set_defaults(func=run_add)
    listing = usub.add_parser("list", parents=[common], help="daftar pengguna")
    listing.set_defaults(func=run_list)


def run_add(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.app.users import add_user

    db = open_to_write(data_dir)
    try:
        _require_admin(db, args.as_user)
        password = read_secret(
            "Kata sandi: ", again="Ulangi kata sandi: ", mismatch="Kata sandi tidak sama."
        )
        info = add_user(db, args.name, args.role, password)
    finally:
        db.close()
    print(f"Pengguna {info.name} ({info.role.value}) ditambahkan.")
    return 0


def run_list(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.app.users import list_users

    db = open_to_read(data_dir)
    try:
        for u in list_users(db):
            print(f"{u.name}\t{u.role.value}\t{'aktif' if u.active else 'nonaktif'}")
    finally:
        db.close()
    return 0


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
    password = read_secret("Kata sandi admin: ")
    admin = authenticate(db, as_user, password)
    if admin is None or not can(admin.role, Permission.MANAGE_USERS):
        raise LoketError("Nama atau kata sandi admin salah, atau bukan admin.")
