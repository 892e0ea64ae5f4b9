"""``loket hub follow|promote|status|aside``: replicas, take-over and what was set aside.

Registered under ``loket hub`` by the hub's command module. Messages are Indonesian; a
person's mistake is a message, never a trace.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from loket.core.errors import InvalidInput, LoketError


def register(hsub: Any, common: argparse.ArgumentParser) -> None:
    follow = hsub.add_parser(
        "follow", parents=[common], help="jaga salinan data kantor di PC klien ini"
    )
    follow.add_argument("--serve-port", type=int, default=None,
                        help="port bila PC ini kelak menjadi PC utama (bawaan: 8765)")  # fmt: skip
    follow.set_defaults(func=run_follow)
    promote = hsub.add_parser(
        "promote", parents=[common], help="jadikan PC klien ini PC utama (PC utama mati)"
    )
    promote.add_argument("--yes", action="store_true", help="tanpa pertanyaan konfirmasi")
    promote.add_argument("--force", action="store_true",
                         help="walau PC utama lama masih menjawab")  # fmt: skip
    promote.add_argument("--host", default="0.0.0.0", help="alamat yang didengar")
    promote.add_argument("--port", type=int, default=None, help="port HTTPS (bawaan: 8765)")
    promote.add_argument("--no-serve", action="store_true", help="jangan langsung melayani")
    promote.add_argument("--no-announce", action="store_true", help="tanpa mDNS")
    promote.add_argument("--no-sync", action="store_true", help="jangan sinkron ke server kota")
    promote.set_defaults(func=run_promote)
    status = hsub.add_parser("status", parents=[common], help="peran, epoch, salinan tiap PC")
    status.add_argument("--json", action="store_true", help="keluaran JSON")
    status.set_defaults(func=run_status)
    aside = hsub.add_parser(
        "aside", parents=[common], help="nomor yang disisihkan setelah pengambilalihan"
    )
    aside.add_argument("--json", action="store_true", help="keluaran JSON")
    asub = aside.add_subparsers(dest="aside_command", metavar="AKSI")
    reenter = asub.add_parser(
        "reenter", parents=[common], help="masukkan ulang sebagai nomor baru (sandi dari stdin)"
    )
    reenter.add_argument("id", metavar="NOMOR", help="nomor di daftar (atau label, mis. A-005)")
    reenter.add_argument("--note", required=True, help="catatan: mengapa dimasukkan ulang")
    reenter.add_argument("--user", required=True, metavar="NAMA", help="nama admin/petugas")
    reenter.add_argument("--json", action="store_true", help="keluaran JSON")
    reenter.set_defaults(func=run_aside_reenter)
    aside.set_defaults(func=run_aside)


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _time(value: datetime | None) -> str:
    return value.astimezone().strftime("%H:%M:%S") if value else "-"


def _client_pc(data_dir: Path) -> Any:
    from loket.client.connect import CLIENT, read_pc

    config = read_pc(data_dir)
    if config.role != CLIENT:
        raise LoketError("Perintah ini untuk PC klien (yang dipasangkan ke PC utama).")
    return config


def run_follow(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.client.feed import LanFeed
    from loket.hub.follow import Follower

    config = _client_pc(data_dir)
    follower = Follower(data_dir, serve_port=args.serve_port)
    feed = LanFeed(config.hub_url, config.fingerprint, config.token)

    def retarget(new: Any) -> None:
        feed.retarget(new.hub_url, new.fingerprint)

    follower.on_retarget(retarget)
    follower.listen(feed)
    follower.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_a: stop.set())
    print(f"Salinan data kantor mengikuti PC utama {config.hub_url} (Ctrl+C untuk berhenti).",
          flush=True)  # fmt: skip
    try:
        while not stop.wait(0.5):
            if follower.stopped_reason:
                print("PC ini kini PC utama: salinan berhenti mengikuti.", flush=True)
                break
    except KeyboardInterrupt:
        pass
    finally:
        feed.close()
        follower.close()
    return 0


def run_promote(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.hub import epoch as epochs
    from loket.hub.promote import freshness, promote, read_replica_note
    from loket.store.migrate import open_database

    config = _client_pc(data_dir)
    port = args.port or int(read_replica_note(data_dir).get("serve_port") or 8765)
    if not 0 < port < 65536:
        raise InvalidInput("Port harus 1..65535.")
    db = open_database(data_dir, check=True)
    try:
        fresh = freshness(db, data_dir)
        print(
            f"Salinan di PC ini: kejadian terakhir #{fresh.last_seq} pukul {_time(fresh.last_at)}."
        )
        if fresh.hub_seq is not None:
            print(f"PC utama terakhir mengumumkan #{fresh.hub_seq} pukul {_time(fresh.hub_at)} "
                  f"(terakhir tersambung pukul {_time(fresh.checked_at)}): "
                  f"tertinggal {fresh.behind} kejadian.")  # fmt: skip
        else:
            print("PC ini belum pernah menerima kabar dari PC utama.")
        if not args.force:
            from urllib.parse import urlsplit

            parts = urlsplit(config.hub_url or "")
            hello = epochs.probe(parts.hostname or "", parts.port or 8765, config.fingerprint or "")
            if hello is not None and hello.get("role", "hub") == "hub":
                raise LoketError(
                    "PC utama masih menjawab: PC ini tidak dijadikan PC utama (dua PC utama "
                    "akan memecah antrian). Pakai --force hanya bila PC utama lama pasti mati."
                )
        if not args.yes:
            if not sys.stdin.isatty():
                raise InvalidInput("Tambahkan --yes untuk menjadikan PC ini PC utama.")
            answer = input("Jadikan PC ini PC utama kantor? Ketik YA untuk lanjut: ")
            if answer.strip().upper() != "YA":
                print("Dibatalkan.")
                return 1
        term = promote(db, data_dir, args.host if args.host != "0.0.0.0" else "", port)
    finally:
        db.close()
    print(f"PC ini kini PC utama kantor (epoch {term.epoch}). PC lain mengikutinya sendiri.",
          flush=True)  # fmt: skip
    if args.no_serve:
        print("Jalankan: loket hub run")
        return 0
    from loket.hub.server import run_hub

    return run_hub(data_dir, args.host, port, announce=not args.no_announce,
                   sync=not args.no_sync)  # fmt: skip


def _status_from(url: str, fingerprint: str, token: str) -> dict[str, Any] | None:
    import requests

    from loket.client.lan import pinned_session

    session = pinned_session(fingerprint, connections=1)
    try:
        response = session.get(url + "/api/v1/status", timeout=(1.0, 3.0),
                               headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        body = response.json() if response.status_code == 200 else None
        return body if isinstance(body, dict) else None
    except (requests.RequestException, ValueError):
        return None
    finally:
        session.close()


def hub_status(data_dir: Path) -> dict[str, Any]:
    """What ``loket hub status --json`` prints (also for the admin screen)."""
    from loket.client.connect import CLIENT, HUB, read_pc
    from loket.hub import epoch as epochs
    from loket.hub.cert import ensure_certificate
    from loket.hub.pairing import list_pcs
    from loket.hub.promote import freshness
    from loket.paths import database_path
    from loket.store.migrate import open_database

    config = read_pc(data_dir)
    out: dict[str, Any] = {"role": config.role, "pc_name": config.pc_name, "epoch": None,
                           "last_seq": None, "serving": False, "hub_url": config.hub_url,
                           "pcs": []}  # fmt: skip
    if not database_path(data_dir).exists():
        return out
    db = open_database(data_dir, readonly=True)
    try:
        term = epochs.current_term(db)
        out["epoch"] = term.epoch if term else None
        out["last_seq"] = epochs.last_seq(db)
        if config.role == CLIENT:
            out["replica"] = freshness(db, data_dir).as_json()
        pcs = list_pcs(db)
    finally:
        db.close()
    live = None
    if config.role == HUB and term is not None and config.token:
        fingerprint = ensure_certificate(data_dir).fingerprint
        live = _status_from(epochs.url_of("127.0.0.1", term.port), fingerprint, config.token)
        out["serving"] = live is not None
    elif config.role == CLIENT and config.hub_url and config.fingerprint and config.token:
        live = _status_from(config.hub_url, config.fingerprint, config.token)
        out["hub_reachable"] = live is not None
    if live is not None:
        out["pcs"] = live.get("pcs", [])
        out["hub_epoch"] = live.get("epoch")
        out["hub_last_seq"] = live.get("last_seq")
    else:
        out["pcs"] = [{"name": pc.name, "active": pc.active,
                       "last_seen": pc.last_seen.isoformat() if pc.last_seen else None,
                       "replica_seq": None, "replica_lag_events": None,
                       "replica_checked_s_ago": None} for pc in pcs]  # fmt: skip
    return out


def run_status(args: argparse.Namespace, data_dir: Path) -> int:
    status = hub_status(data_dir)
    if args.json:
        _print_json(status)
        return 0
    roles = {"hub": "PC utama", "client": "PC klien", "standalone": "PC tunggal"}
    print(f"Peran: {roles.get(status['role'], status['role'])}; epoch {status['epoch'] or '-'}; "
          f"kejadian terakhir #{status['last_seq'] or 0}")  # fmt: skip
    if status["role"] == "hub":
        print("Melayani: " + ("ya" if status["serving"] else "tidak (loket hub run)"))
    replica = status.get("replica")
    if replica:
        print(f"Salinan: tertinggal {replica['behind'] if replica['behind'] is not None else '?'} "
              f"kejadian dari PC utama {status['hub_url']}")  # fmt: skip
    for pc in status["pcs"]:
        lag = pc.get("replica_lag_events")
        shown = "-" if lag is None else f"tertinggal {lag} kejadian"
        print(f"  {pc['name']}\t{'aktif' if pc['active'] else 'dicabut'}\tsalinan: {shown}")
    return 0


def _office_status(data_dir: Path, entries: list[dict[str, Any]]) -> str:
    """Mark each entry with where the office's log holds it (``status``: aside, back or
    reentered; ``office_label``): asked of the serving hub, which holds the office's log
    (issue 13: a later take-over may bring a set-aside ticket back). Answers what it
    asked: "hub", or "replica" when the hub did not answer and this PC's copy was read."""
    from loket.app.desk.reentry import AWAY, BACK
    from loket.client.connect import open_client
    from loket.hub.promote import aside_ticket, in_office_log

    try:
        with open_client(data_dir) as conn:
            found = conn.client.aside_status([aside_ticket(e) for e in entries])
        for entry, status in zip(entries, found, strict=True):
            entry["status"], entry["office_label"] = status.state, status.label
        source = "hub"
    except LoketError:
        back = in_office_log(data_dir, entries)
        for entry in entries:
            entry["status"] = BACK if str(entry["id"]) in back else AWAY
            entry["office_label"] = None
        source = "replica"
    for entry in entries:
        entry["in_office_log"] = entry["status"] == BACK
    return source


def run_aside(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.app.desk.reentry import BACK, REENTERED
    from loket.hub.promote import aside_entries

    entries = aside_entries(data_dir)
    source = _office_status(data_dir, entries) if entries else "hub"
    if args.json:
        _print_json(entries)
        return 0
    if not entries:
        print("Tidak ada nomor yang disisihkan di PC ini.")
        return 0
    print("Disisihkan karena tidak sampai ke PC utama baru (tidak digabung diam-diam):")
    for entry in entries:
        kinds = ", ".join(e["kind"] for e in entry["events"])
        done = (
            f" -> dimasukkan ulang sebagai {entry['reentered_as']}" if entry["reentered_as"] else ""
        )
        shown = f" ({entry['office_label']})" if entry.get("office_label") else ""
        if entry["status"] == BACK:
            done += f" -> sudah ada lagi di log kantor{shown} (jangan dimasukkan ulang)"
        elif entry["status"] == REENTERED:
            done += f" -> sudah dimasukkan ulang di log kantor{shown}"
        print(f"  [{entry['id']}] {entry['label']} ({entry['service']}): {kinds}{done}")
    if source == "replica":
        print("PC utama tidak terjangkau: diperiksa terhadap salinan data di PC ini.")
    print("Masukkan ulang: echo SANDI | loket hub aside reenter NOMOR --note CATATAN --user NAMA")
    return 0


def run_aside_reenter(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.cli.common import read_secret
    from loket.client.connect import open_client
    from loket.hub.promote import aside_ticket, find_aside, mark_reentered

    if not args.note.strip():
        raise InvalidInput("Catatan wajib diisi: tulis mengapa nomor ini dimasukkan ulang.")
    path, record, entry = find_aside(data_dir, args.id)
    item = aside_ticket(entry)
    with open_client(data_dir) as conn:
        # Checked first (before the password) and again by the hub in the transaction
        # that issues: the office's log decides, not this file (see ``reentry``).
        status = conn.client.aside_status([item])[0]
        _refuse_unless_aside(entry, status)
        password = read_secret("Kata sandi/PIN: ")
        user = conn.client.login(args.user, password)
        result = conn.client.reenter_aside(item, actor=user)
    label = result.ticket.label
    mark_reentered(path, record, entry, label, args.note, user.name)
    if args.json:
        _print_json({"aside": entry["label"], "label": label, "ticket_id": result.ticket.id})
    else:
        print(f"{entry['label']} (disisihkan) dimasukkan ulang sebagai nomor baru {label}; "
              f"catatan disimpan.")  # fmt: skip
    return 0


def _refuse_unless_aside(entry: dict[str, Any], status: Any) -> None:
    from loket.app.desk.reentry import BACK, REENTERED

    if status.state == BACK:
        raise LoketError(
            f"{entry['label']} sudah ada lagi di log kantor sebagai {status.label} (PC utama "
            "yang sekarang memegangnya): tidak dimasukkan ulang, agar warga tidak mendapat "
            "dua nomor."
        )
    if status.state == REENTERED:
        raise LoketError(f"{entry['label']} sudah dimasukkan ulang sebagai {status.label}.")
