"""``loket online``: turn the citizens' online extras on or off, and see their state.

loket online enable [--link-base https://loket.kota.go.id]   # QR links + live position
loket online disable
loket online status [--json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the `loket` command imports this module at every start: keep it light
    from loket.store.database import Database


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    online = sub.add_parser("online", parents=[common], help="posisi antrian di HP dan booking")
    osub = online.add_subparsers(dest="online_command", metavar="AKSI", required=True)
    enable = osub.add_parser(
        "enable", parents=[common], help="tiket ber-QR tautan posisi; kirim keadaan antrian ke kota"
    )
    enable.add_argument(
        "--link-base",
        default=None,
        metavar="URL",
        help="alamat publik server kota (bawaan: alamat pendaftaran PC ini)",
    )
    enable.add_argument(
        "--placement",
        choices=["arrival", "session"],
        default=None,
        help="booking: urut kedatangan seperti warga lain, atau didahulukan dekat jam sesinya",
    )
    enable.add_argument(
        "--early-minutes", type=int, default=None, help="booking didahulukan bila datang N menit "
        "sebelum sesinya sampai akhir sesi (bawaan 30)"
    )  # fmt: skip
    enable.add_argument(
        "--notify-ahead",
        type=int,
        default=None,
        help="pesan 'hampir giliran' saat N orang di depan",
    )
    enable.add_argument("--channel", choices=["whatsapp", "sms", "none"], default=None,
                        help="saluran pesan ke warga")  # fmt: skip
    enable.add_argument("--gateway-url", default=None, help="alamat gateway WhatsApp/SMS")
    enable.add_argument(
        "--gateway-token-stdin", action="store_true", help="baca token gateway dari stdin"
    )
    enable.set_defaults(func=run_enable)
    disable = osub.add_parser("disable", parents=[common], help="tanpa tautan dan tanpa kiriman")
    disable.set_defaults(func=run_disable)
    status = osub.add_parser("status", parents=[common], help="pengaturan online kantor ini")
    status.add_argument("--json", action="store_true", help="keluaran JSON")
    status.set_defaults(func=run_status)


def _db(data_dir: Path) -> Database:
    from loket.cli.common import open_to_write
    from loket.client.connect import CLIENT, read_pc
    from loket.core.errors import LoketError

    if read_pc(data_dir).role == CLIENT:
        raise LoketError("PC ini PC klien; atur layanan online di PC utama kantor.")
    return open_to_write(data_dir)


def run_enable(args: argparse.Namespace, data_dir: Path) -> int:
    import sys

    from loket.app.audit import SYSTEM
    from loket.app.online.admin import update_online

    changes: dict[str, object] = {"link_base": args.link_base}
    if args.placement is not None:
        changes["placement"] = args.placement
    if args.early_minutes is not None:
        changes["early_minutes"] = args.early_minutes
    if args.notify_ahead is not None:
        changes["notify_ahead"] = args.notify_ahead
    if args.channel is not None:
        changes["notify_channel"] = "" if args.channel == "none" else args.channel
    if args.gateway_url is not None:
        changes["gateway_url"] = args.gateway_url
    if args.gateway_token_stdin:
        changes["gateway_token"] = sys.stdin.readline().strip()
    db = _db(data_dir)
    try:
        saved = update_online(db, SYSTEM, **changes)
    finally:
        db.close()
    print(f"Layanan online aktif: tiket membawa tautan {saved.link_base}/t/… dan keadaan "
          "antrian dikirim ke server kota saat terhubung.")  # fmt: skip
    return 0


def run_disable(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.app.audit import SYSTEM
    from loket.app.online.admin import update_online

    db = _db(data_dir)
    try:
        update_online(db, SYSTEM, link_base="")
    finally:
        db.close()
    print("Layanan online dimatikan: QR tiket berisi nomor tiket saja, tanpa kiriman ke kota.")
    return 0


def run_status(args: argparse.Namespace, data_dir: Path) -> int:
    from dataclasses import asdict

    from loket.app.online.settings import read_online

    db = _db(data_dir)
    try:
        settings = read_online(db)
    finally:
        db.close()
    values = asdict(settings)
    values["gateway_token"] = "***" if settings.gateway_token else ""
    if args.json:
        print(json.dumps({"live": settings.live, **values}, ensure_ascii=False, indent=2))
        return 0
    print("Posisi antrian di HP: " + (f"aktif ({settings.link_base})" if settings.live else "mati"))
    for key, value in values.items():
        if key != "link_base":
            print(f"  {key}: {value}")
    return 0
