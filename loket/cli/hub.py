"""The LAN commands: ``loket hub run|pair|pcs|revoke``, ``loket pair``, ``loket queue …``.

``loket queue`` goes through ``open_client``: the same command, with the same JSON keys,
works standalone, on the hub PC and on a paired client (scripts, a call button, a
second kiosk). Messages are Indonesian; a person's mistake is a message, never a trace.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from loket.cli.common import open_to_write, print_json, read_secret
from loket.core.errors import InvalidInput, LoketError, NotFound


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    hub = sub.add_parser("hub", parents=[common], help="PC utama kantor (jaringan kantor)")
    hsub = hub.add_subparsers(dest="hub_command", metavar="AKSI", required=True)
    run = hsub.add_parser("run", parents=[common], help="layani kantor ini ke jaringan kantor")
    run.add_argument("--host", default="0.0.0.0", help="alamat yang didengar (bawaan: semua)")
    run.add_argument("--port", type=int, default=8765, help="port HTTPS (bawaan: 8765)")
    run.add_argument(
        "--no-announce", action="store_true", help="jangan umumkan PC utama lewat mDNS"
    )
    run.add_argument("--no-sync", action="store_true", help="jangan sinkron ke server kota")
    run.set_defaults(func=run_hub_command)
    pair = hsub.add_parser("pair", parents=[common], help="buat kode pemasangan sekali pakai")
    pair.add_argument("--minutes", type=int, default=10, help="masa berlaku kode (menit)")
    pair.add_argument("--json", action="store_true", help="keluaran JSON")
    pair.set_defaults(func=run_hub_pair)
    pcs = hsub.add_parser("pcs", parents=[common], help="daftar PC yang dipasangkan")
    pcs.add_argument("--json", action="store_true", help="keluaran JSON")
    pcs.set_defaults(func=run_hub_pcs)
    revoke = hsub.add_parser("revoke", parents=[common], help="cabut pemasangan satu PC")
    revoke.add_argument("name", metavar="NAMA", help="nama PC (lihat loket hub pcs)")
    revoke.set_defaults(func=run_hub_revoke)
    from loket.cli import takeover as takeover_cli

    takeover_cli.register(hsub, common)

    paired = sub.add_parser("pair", parents=[common], help="pasangkan PC ini dengan PC utama")
    paired.add_argument("--hub", required=True, metavar="URL", help="https://ALAMAT:8765")
    paired.add_argument("--code", required=True, help="kode dari `loket hub pair` di PC utama")
    paired.add_argument("--name", default=None, help="nama PC ini (bawaan: nama komputer)")
    paired.set_defaults(func=run_pair)

    queue = sub.add_parser("queue", parents=[common], help="antrian dari baris perintah")
    qsub = queue.add_subparsers(dest="queue_command", metavar="AKSI", required=True)
    issue = qsub.add_parser("issue", parents=[common], help="ambil nomor antrian")
    issue.add_argument("--service", required=True, metavar="PREFIX", help="awalan layanan, mis. A")
    issue.add_argument(
        "--priority", default=None, metavar="ALASAN", help=_ReasonsHelp("alasan prioritas")
    )
    issue.add_argument("--json", action="store_true", help="keluaran JSON")
    issue.set_defaults(func=run_queue_issue)
    call = qsub.add_parser(
        "call-next", parents=[common], help="panggil antrian berikut (kata sandi/PIN dari stdin)"
    )
    call.add_argument("--counter", required=True, type=int, metavar="N", help="nomor loket")
    call.add_argument("--user", required=True, metavar="NAMA", help="nama petugas")
    call.add_argument("--json", action="store_true", help="keluaran JSON")
    call.set_defaults(func=run_queue_call_next)
    status = qsub.add_parser("status", parents=[common], help="yang menunggu dan isi tiap loket")
    status.add_argument("--json", action="store_true", help="keluaran JSON")
    status.set_defaults(func=run_queue_status)


class _ReasonsHelp(str):
    """The ``--priority`` help, built only when a help page shows it: the reasons live in
    the core's ticket module, whose import ``loket --version`` must not pay (issue 14)."""

    def __mod__(self, params: object) -> str:  # argparse expands help with ``%``
        return _reasons_help()


def _reasons_help() -> str:
    from loket.core.tickets import STATUTORY_REASONS

    return "alasan prioritas: " + ", ".join(r.value for r in STATUTORY_REASONS)


# -- hub -----------------------------------------------------------------------------------


def run_hub_command(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.hub.server import run_hub

    if not 0 <= args.port <= 65535:
        raise InvalidInput("Port harus 0..65535.")
    return run_hub(
        data_dir, args.host, args.port, announce=not args.no_announce, sync=not args.no_sync
    )


def _hub_db(data_dir: Path) -> Any:
    from loket.client.connect import CLIENT, read_pc

    if read_pc(data_dir).role == CLIENT:
        raise LoketError("PC ini PC klien; jalankan perintah ini di PC utama kantor.")
    return open_to_write(data_dir)  # never write into a damaged file


def run_hub_pair(args: argparse.Namespace, data_dir: Path) -> int:
    from datetime import timedelta

    from loket.core.days import zone
    from loket.hub.cert import ensure_certificate, pretty_fingerprint
    from loket.hub.pairing import new_pair_code

    if not 1 <= args.minutes <= 60:
        raise InvalidInput("Masa berlaku kode 1..60 menit.")
    db = _hub_db(data_dir)
    try:
        code = new_pair_code(db, ttl=timedelta(minutes=args.minutes))
        from loket.app.office import has_office, load_office

        tz = "Asia/Jakarta"
        if has_office(db):
            with db.read() as s:
                tz = load_office(s).timezone
    finally:
        db.close()
    cert = ensure_certificate(data_dir)
    if args.json:
        print_json(
            {
                "code": code.code,
                "expires_at": code.expires_at.isoformat(),
                "fingerprint": cert.fingerprint,
            }
        )
        return 0
    until = code.expires_at.astimezone(zone(tz)).strftime("%H:%M")
    print(f"Kode pemasangan: {code.code}  (sekali pakai, berlaku sampai {until})")
    print("Di PC yang akan dipasangkan: loket pair --hub https://ALAMAT-PC-INI:8765 --code KODE")
    print(f"Sidik jari sertifikat PC utama: {pretty_fingerprint(cert.fingerprint)}")
    return 0


def run_hub_pcs(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.hub.pairing import list_pcs

    db = _hub_db(data_dir)
    try:
        pcs = list_pcs(db)
    finally:
        db.close()
    if args.json:
        print_json(
            [
                {
                    "name": pc.name,
                    "paired_at": pc.paired_at.isoformat(),
                    "last_seen": pc.last_seen.isoformat() if pc.last_seen else None,
                    "active": pc.active,
                }
                for pc in pcs
            ]
        )
        return 0
    if not pcs:
        print("Belum ada PC yang dipasangkan (loket hub pair).")
    for pc in pcs:
        seen = pc.last_seen.strftime("%Y-%m-%d %H:%M") if pc.last_seen else "-"
        state = "aktif" if pc.active else "dicabut"
        print(f"{pc.name}\t{state}\tdipasangkan {pc.paired_at:%Y-%m-%d}\tterakhir terlihat {seen}")
    return 0


def run_hub_revoke(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.hub.pairing import revoke

    db = _hub_db(data_dir)
    try:
        pc = revoke(db, args.name)
    finally:
        db.close()
    print(f"Pemasangan {pc.name} dicabut: PC itu harus dipasangkan ulang untuk tersambung.")
    return 0


def run_pair(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.client.connect import HUB, pair, read_pc
    from loket.hub.cert import pretty_fingerprint

    if read_pc(data_dir).role == HUB:
        raise LoketError("PC ini PC utama kantor; PC utama tidak dipasangkan ke PC lain.")
    config = pair(args.hub, args.code, data_dir, pc_name=args.name)
    print(f"PC ini ({config.pc_name}) dipasangkan dengan PC utama {config.office} di "
          f"{config.hub_url}.")  # fmt: skip
    print(f"Sidik jari sertifikat yang disematkan: {pretty_fingerprint(config.fingerprint or '')}")
    return 0


# -- queue ---------------------------------------------------------------------------------


def _service(client: Any, prefix: str) -> Any:
    wanted = prefix.strip().upper()
    for service in client.services(active_only=True):
        if service.prefix.upper() == wanted:
            return service
    known = ", ".join(s.prefix for s in client.services(active_only=True)) or "-"
    raise NotFound(f"Tidak ada layanan aktif berawalan {prefix!r} (yang ada: {known}).")


def _counter(client: Any, number: int) -> Any:
    for counter in client.counters():
        if counter.number == number:
            return counter
    raise NotFound(f"Tidak ada loket nomor {number}.")


def _priority(reason: str | None) -> Any:
    if reason is None:
        return None
    from loket.core.tickets import PriorityReason

    try:
        return PriorityReason(reason.strip().lower())
    except ValueError as exc:
        hint = _reasons_help()
        raise InvalidInput(f"Alasan prioritas {reason!r} tidak dikenal; {hint}.") from exc


def _encode(method: str, value: Any) -> Any:
    from loket.client.codec import office_specs

    return office_specs()[method].encode_result(value)


def run_queue_issue(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.client.connect import open_client

    with open_client(data_dir) as conn:
        service = _service(conn.client, args.service)
        result = conn.client.issue(service.id, _priority(args.priority), actor=None)
    if args.json:
        payload = _encode("issue", result)
        payload["label"] = result.ticket.label
        print_json(payload)
        return 0
    minutes = round(result.estimated_wait_seconds / 60)
    print(f"Nomor {result.ticket.label} ({result.service_name}): {result.ahead} orang di depan, "
          f"perkiraan {minutes} menit.")  # fmt: skip
    return 0


def run_queue_call_next(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.client.connect import open_client

    password = read_secret("Kata sandi/PIN: ")
    with open_client(data_dir) as conn:
        counter = _counter(conn.client, args.counter)
        user = conn.client.login(args.user, password)
        ticket = conn.client.call_next(counter.id, actor=user)
    if args.json:
        print_json(
            {
                "counter": counter.number,
                "label": ticket.label if ticket is not None else None,
                "ticket": _encode("call_next", ticket),
            }
        )
        return 0
    if ticket is None:
        print(f"Tidak ada yang menunggu untuk {counter.name}.")
    else:
        print(f"Nomor {ticket.label} dipanggil ke {counter.name}.")
    return 0


def run_queue_status(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.client.connect import open_client

    with open_client(data_dir) as conn:
        status = conn.client.queue_status()
    if args.json:
        print_json(_encode("queue_status", status))
        return 0
    print(f"{status.office_name} — {status.day.isoformat()}")
    print("Menunggu:")
    for row in status.waiting:
        print(f"  {row.prefix}  {row.name}: {row.waiting}")
    print("Loket:")
    for c in status.counters:
        print(f"  {c.name}: {c.label or '-'}")
    return 0
