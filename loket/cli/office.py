"""``loket office init``: set up an office without the GUI, so IT can script a roll-out.

It gathers the same ``SetupPlan`` as the wizard and hands it to ``apply_plan``: one
transaction, the same checks, the same Indonesian messages. The admin's password comes
on stdin (asked twice on a terminal), never on the command line where ``ps`` and the
shell history would show it. An office that is only half set up (enrolled with the city
first, or left by an older version) is completed: what it has is the default.

``loket office status`` says what is set up and what is missing (exit 1 while
incomplete), for the same scripts.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import TYPE_CHECKING

from loket.cli.common import open_to_write, read_secret
from loket.core.errors import InvalidInput, LoketError

if TYPE_CHECKING:  # the `loket` command imports this module at every start: keep it light
    from loket.app.office import ServiceSpec
    from loket.app.setup import SetupPlan, SetupState

#: Zone words people use, and the IANA names the office stores.
ZONE_WORDS = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add ``office init`` and ``office status`` to the ``loket`` parser."""
    office = sub.add_parser("office", parents=[common], help="penyiapan kantor (tanpa GUI)")
    osub = office.add_subparsers(dest="office_command", metavar="AKSI", required=True)
    init = osub.add_parser(
        "init",
        parents=[common],
        help="atur kantor baru dalam satu langkah (kata sandi admin dari stdin)",
        description=(
            "Atur kantor, layanan, loket dan admin pertama sekaligus (satu transaksi). "
            "Kata sandi admin dibaca dari stdin. Contoh: echo RAHASIA | loket office init "
            "--name 'Kelurahan Cihapit' --kode 32.73.01.1006 --zone WIB --services A,B,C "
            "--counter 1=A,B --counter 2=C --admin admin"
        ),
    )
    init.add_argument("--name", default=None, help="nama kantor, mis. 'Kelurahan Cihapit'")
    init.add_argument("--kode", default=None, help="kode wilayah Kemendagri, mis. 32.73.01.1006")
    init.add_argument(
        "--zone", default=None, help="zona waktu: WIB, WITA, WIT (atau Asia/Jakarta, ...)"
    )
    services = init.add_mutually_exclusive_group()
    services.add_argument(
        "--services",
        default=None,
        metavar="KODE,KODE",
        help="kode layanan dari daftar awal (lihat --list-services), mis. A,B,C",
    )
    services.add_argument(
        "--services-file",
        default=None,
        metavar="CSV",
        help="berkas CSV: kode,nama,menit[,persyaratan[,biaya]] (baris judul boleh)",
    )
    init.add_argument(
        "--counter",
        action="append",
        default=[],
        metavar="N=KODE,KODE",
        help="loket N melayani layanan itu (ulangi untuk tiap loket), mis. 1=A,B",
    )
    init.add_argument(
        "--counters",
        type=int,
        default=None,
        metavar="N",
        help="N loket yang masing-masing melayani semua layanan (ganti --counter)",
    )
    init.add_argument("--admin", default=None, metavar="NAMA", help="nama akun admin pertama")
    init.add_argument(
        "--list-services", action="store_true", help="tampilkan daftar layanan awal lalu keluar"
    )
    init.set_defaults(func=run_init)
    status = osub.add_parser("status", parents=[common], help="apa yang sudah dan belum diatur")
    status.set_defaults(func=run_status)


def run_init(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.app.setup import STARTER_SERVICES, apply_plan, plan_from_state, read_setup_state

    if args.list_services:
        for spec in STARTER_SERVICES:
            print(f"{spec.prefix}\t{spec.standard_minutes} menit\t{spec.name}")
        return 0
    db = open_to_write(data_dir, check=False)
    try:
        state = read_setup_state(db)
        if state.complete:
            raise LoketError(
                f"Kantor {state.office.name if state.office else ''} di {data_dir} sudah "
                "diatur; ubah lewat Pengaturan kantor (admin)."
            )
        plan = plan_from_state(state)
        _plan_office(plan, args)
        _plan_services(plan, args)
        _plan_counters(plan, args)
        _plan_admin(plan, state, args)
        after = apply_plan(db, plan)
    finally:
        db.close()
    assert after.office is not None
    print(
        f"Kantor {after.office.name} ({after.office.code}) siap: "
        f"{sum(s.active for s in after.services)} layanan, {len(after.counters)} loket, "
        f"admin {', '.join(after.admins)}."
    )
    return 0


def _plan_office(plan: SetupPlan, args: argparse.Namespace) -> None:
    if args.name is not None:
        plan.office_name = args.name
    if args.kode is not None:
        plan.kode_wilayah = args.kode
    if args.zone is not None:
        plan.timezone = _zone(args.zone)


def _plan_services(plan: SetupPlan, args: argparse.Namespace) -> None:
    if args.services is not None:
        plan.services = _starter(args.services)
    elif args.services_file is not None:
        plan.services = read_services_file(Path(args.services_file))
    elif not plan.services:
        raise InvalidInput(
            "Pilih layanan dengan --services A,B,C (lihat --list-services) "
            "atau --services-file BERKAS.csv."
        )


def _plan_counters(plan: SetupPlan, args: argparse.Namespace) -> None:
    prefixes = [s.prefix.strip().upper() for s in plan.services]
    if args.counter and args.counters is not None:
        raise InvalidInput("Pakai --counter atau --counters, bukan keduanya.")
    if args.counter:
        plan.counters = _counters(args.counter)
    elif args.counters is not None:
        if not 1 <= args.counters <= 99:
            raise InvalidInput("Jumlah loket (--counters) harus 1 sampai 99.")
        plan.counters = {n: list(prefixes) for n in range(1, args.counters + 1)}
    elif not plan.counters:
        raise InvalidInput(
            "Sebutkan loketnya: --counter 1=A,B (ulangi per loket) atau --counters N."
        )


def _plan_admin(plan: SetupPlan, state: SetupState, args: argparse.Namespace) -> None:
    """The first admin (password from stdin); an office that has one refuses another here."""
    if not state.admins:
        if not args.admin:
            raise InvalidInput("Sebutkan akun admin pertama dengan --admin NAMA.")
        plan.admin_name = args.admin
        plan.admin_password = _read_password()
    elif args.admin:
        raise InvalidInput(
            "Kantor ini sudah punya admin (" + ", ".join(state.admins) + "); "
            "tambah pengguna lain dengan `loket user add`."
        )


def run_status(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.app.setup import read_setup_state
    from loket.paths import database_path

    if not database_path(data_dir).exists():
        print(f"Belum ada basis data di {data_dir}: kantor belum diatur.")
        return 1
    db = open_to_write(data_dir, check=False)  # as ever: an older file is upgraded first
    try:
        state = read_setup_state(db)
    finally:
        db.close()
    print(_summary(state))
    return 0 if state.complete else 1


def _summary(state: SetupState) -> str:
    if state.office is None:
        return state.describe()
    lines = [
        f"Kantor: {state.office.name} ({state.office.code}, {state.office.timezone})",
        "Layanan: " + (", ".join(f"{s.prefix} {s.name}" for s in state.services) or "-"),
        f"Loket: {len(state.counters)}",
        "Admin: " + (", ".join(state.admins) or "-"),
    ]
    if not state.complete:
        lines.append(state.describe())
    return "\n".join(lines)


def _zone(text: str) -> str:
    from loket.core.days import INDONESIAN_ZONES

    value = ZONE_WORDS.get(text.strip().upper(), text.strip())
    if value not in INDONESIAN_ZONES:
        raise InvalidInput(f"Zona waktu {text!r} tidak dikenal: pilih WIB, WITA atau WIT.")
    return value


def _starter(text: str) -> list[ServiceSpec]:
    from loket.app.setup import STARTER_SERVICES

    by_prefix = {s.prefix: s for s in STARTER_SERVICES}
    wanted = [p.strip().upper() for p in text.split(",") if p.strip()]
    unknown = [p for p in wanted if p not in by_prefix]
    if unknown:
        raise InvalidInput(
            "Kode layanan tidak ada di daftar awal: " + ", ".join(unknown)
            + " (lihat --list-services, atau pakai --services-file)."
        )  # fmt: skip
    if not wanted:
        raise InvalidInput("Pilih paling sedikit satu layanan.")
    return [by_prefix[p] for p in dict.fromkeys(wanted)]


def read_services_file(path: Path) -> list[ServiceSpec]:
    """Services from a CSV (comma or semicolon): kode, nama, menit, persyaratan, biaya."""
    from loket.app.office import ServiceSpec

    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput(f"Berkas layanan {path} tidak dapat dibaca: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"Berkas layanan {path} bukan teks UTF-8.") from exc
    delimiter = ";" if text.count(";") > text.count(",") else ","
    out = []
    for number, row in enumerate(csv.reader(text.splitlines(), delimiter=delimiter), 1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and cells[0].lower() in ("kode", "prefix", "code"):
            continue  # a header row
        if len(cells) < 3:
            raise InvalidInput(f"{path} baris {number}: isi kode, nama dan menit.")
        if not cells[2].isdigit() or (len(cells) > 4 and cells[4] and not cells[4].isdigit()):
            raise InvalidInput(f"{path} baris {number}: menit dan biaya harus angka.")
        fee = int(cells[4]) if len(cells) > 4 and cells[4] else 0
        requirements = cells[3] if len(cells) > 3 else ""
        out.append(ServiceSpec(cells[0].upper(), cells[1], int(cells[2]), requirements, fee))
    if not out:
        raise InvalidInput(f"Berkas layanan {path} tidak berisi layanan.")
    return out


def _counters(items: list[str]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for item in items:
        number, sep, served = item.partition("=")
        if not sep or not number.strip().isdigit():
            raise InvalidInput(f"--counter {item!r}: tulis NOMOR=KODE,KODE, mis. 1=A,B.")
        key = int(number)
        if key in out:
            raise InvalidInput(f"Loket {key} disebut dua kali.")
        out[key] = [p.strip().upper() for p in served.split(",") if p.strip()]
    return out


def _read_password() -> str:
    return read_secret(
        "Kata sandi admin: ",
        again="Ulangi kata sandi admin: ",
        mismatch="Kata sandi tidak sama.",
        empty="Kata sandi admin dibaca dari stdin, tetapi stdin kosong.",
    )
