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
    session = osub.add_parser("session", parents=[common], help="sesi booking kantor ini")
    ssub = session.add_subparsers(dest="session_command", metavar="AKSI", required=True)
    add = ssub.add_parser("add", parents=[common], help="tambah sesi booking (dikirim ke kota)")
    add.add_argument("--service", required=True, metavar="PREFIX", help="awalan layanan, mis. A")
    add.add_argument("--days", default="12345", help="hari ISO: 1=Senin … 7=Minggu (bawaan 12345)")
    add.add_argument("--start", required=True, help="jam mulai, mis. 08:00")
    add.add_argument("--end", required=True, help="jam selesai, mis. 10:00")
    add.add_argument("--quota", required=True, type=int, help="kuota booking per sesi")
    add.set_defaults(func=run_session_add)
    listing = ssub.add_parser("list", parents=[common], help="daftar sesi booking")
    listing.set_defaults(func=run_session_list)
    clear = ssub.add_parser("clear", parents=[common], help="hapus semua sesi booking")
    clear.set_defaults(func=run_session_clear)
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


def run_session_add(args: argparse.Namespace, data_dir: Path) -> int:
    from pydantic import ValidationError

    from loket.app.office import load_office
    from loket.app.online.booking import save_session_rules, session_rules
    from loket.client.local import LocalOffice
    from loket.core.errors import InvalidInput, NotFound
    from loket.sync.online_schemas import SessionRule

    db = _db(data_dir)
    try:
        with db.read() as s:
            load_office(s)
        local = LocalOffice(db, data_dir)
        wanted = args.service.strip().upper()
        service = next((sv for sv in local.services() if sv.prefix.upper() == wanted), None)
        if service is None:
            raise NotFound(f"Tidak ada layanan berawalan {args.service!r}.")
        try:
            rule = SessionRule(service_prefix=service.prefix, service_name=service.name,
                               weekdays="".join(sorted(set(args.days))), start=args.start,
                               end=args.end, quota=args.quota)  # fmt: skip
        except ValidationError as exc:
            raise InvalidInput("Sesi tidak valid: hari 1–7, jam HH:MM, kuota 1–10000.") from exc
        if rule.end <= rule.start:
            raise InvalidInput("Jam selesai harus setelah jam mulai.")
        save_session_rules(db, [*session_rules(db), rule])
    finally:
        db.close()
    print(f"Sesi booking {service.prefix} {rule.start}–{rule.end} (hari {rule.weekdays}, kuota "
          f"{rule.quota}) disimpan; PC utama mengirimnya ke server kota.")  # fmt: skip
    return 0


def run_session_list(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.app.online.booking import session_rules

    db = _db(data_dir)
    try:
        rules = session_rules(db)
    finally:
        db.close()
    if not rules:
        print("Belum ada sesi booking (loket online session add).")
    for r in rules:
        print(f"{r.service_prefix}\t{r.service_name}\thari {r.weekdays}\t{r.start}–{r.end}"
              f"\tkuota {r.quota}")  # fmt: skip
    return 0


def run_session_clear(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.app.online.booking import save_session_rules

    db = _db(data_dir)
    try:
        save_session_rules(db, [])
    finally:
        db.close()
    print("Semua sesi booking dihapus; booking yang sudah dibuat tetap berlaku.")
    return 0
