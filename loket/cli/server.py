"""``loket server ...``: run the city server and administer offices and reference data.

Wired into the one ``loket`` command by ``register(sub, common)``; every handler has the
signature ``(args, data_dir) -> exit code`` (the desk data dir is unused here: the
server's database is ``--db``, else ``LOKET_SERVER_DB``, else a SQLite file in the
server's own data folder).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from loket.cli.common import aware, day
from loket.core.errors import LoketError, NotFound

if TYPE_CHECKING:  # the `loket` command imports this module at every start: keep it light
    from loket.server.db import ServerDatabase

Handler = Callable[[argparse.Namespace, Path], int]


def _now() -> datetime:
    return datetime.now(UTC)


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the ``server`` command group to the ``loket`` parser."""
    db_opts = argparse.ArgumentParser(add_help=False)
    db_opts.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="basis data server (bawaan: LOKET_SERVER_DB atau berkas SQLite di folder data "
        "server); contoh postgresql://loket:sandi@localhost/loket",
    )
    parents = [common, db_opts]
    server = sub.add_parser("server", parents=[common], help="server kota (sinkronisasi)")
    ssub = server.add_subparsers(dest="server_command", metavar="AKSI", required=True)

    _add_run(ssub, parents)
    _add_offices(ssub, parents)
    _add_reference(ssub, parents)
    _add_city(ssub, parents)


def _add_run(
    ssub: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    """``server run``: the city server in this process (uvicorn)."""
    run = ssub.add_parser("run", parents=parents, help="jalankan server kota")
    run.add_argument("--host", default="127.0.0.1", help="alamat dengar (bawaan 127.0.0.1)")
    run.add_argument("--port", type=int, default=8080, help="port (bawaan 8080)")
    run.add_argument("--rate", type=float, default=20.0, help="permintaan/detik per perangkat")
    run.add_argument("--ssl-certfile", default=None, help="sertifikat TLS (PEM)")
    run.add_argument("--ssl-keyfile", default=None, help="kunci TLS (PEM)")
    run.add_argument("--log-level", default="info", choices=["debug", "info", "warning"])
    run.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ALAMAT",
        help="reverse proxy yang X-Forwarded-For-nya dipercaya (alamat atau jaringan; bisa "
        "berulang; bawaan dari LOKET_SERVER_TRUSTED_PROXIES)",
    )
    run.set_defaults(func=_run)


def _add_offices(
    ssub: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    """``add-office`` and ``revoke``: enrolling offices and taking their tokens back."""
    add = ssub.add_parser(
        "add-office", parents=parents, help="daftarkan kantor; cetak kode pendaftaran sekali pakai"
    )
    add.add_argument("--code", required=True, help="kode wilayah kelurahan (PP.KK.CC.DDDD)")
    add.add_argument("--name", required=True, help="nama kantor")
    add.add_argument("--zone", default="Asia/Jakarta", help="zona waktu IANA kantor")
    add.set_defaults(func=_add_office)

    revoke = ssub.add_parser("revoke", parents=parents, help="cabut token perangkat kantor")
    revoke.add_argument("--code", required=True, help="kode wilayah kantor")
    revoke.add_argument("--desk", default=None, help="hanya satu perangkat (id perangkat)")
    revoke.set_defaults(func=_revoke)


def _add_reference(
    ssub: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    """Reference data for the desks (services, announcements, holidays) and booking sessions."""
    svc = ssub.add_parser("publish-service", parents=parents, help="terbitkan standar layanan")
    svc.add_argument("--prefix", required=True, help="kode layanan (huruf antrian), mis. A")
    svc.add_argument("--name", required=True)
    svc.add_argument("--minutes", type=int, required=True, help="waktu standar (menit)")
    svc.add_argument("--requirements", default="", help="persyaratan")
    svc.add_argument("--fee", type=int, default=0, help="biaya (rupiah)")
    svc.add_argument("--office", default=None, help="hanya untuk satu kantor (kode wilayah)")
    svc.set_defaults(func=_publish_service)

    ann = ssub.add_parser("announce", parents=parents, help="terbitkan teks berjalan")
    ann.add_argument("--key", required=True, help="nama pengumuman (untuk mengganti/menarik)")
    ann.add_argument("--text", required=True)
    ann.add_argument("--from", dest="starts", type=aware, default=None, help="mulai tayang")
    ann.add_argument("--until", dest="ends", type=aware, default=None, help="akhir tayang")
    ann.add_argument("--office", default=None, help="hanya untuk satu kantor (kode wilayah)")
    ann.set_defaults(func=_announce)

    hol = ssub.add_parser("holiday", parents=parents, help="terbitkan hari libur")
    hol.add_argument("--date", type=day, required=True)
    hol.add_argument("--name", required=True)
    hol.set_defaults(func=_holiday)

    wd = ssub.add_parser("withdraw", parents=parents, help="tarik data acuan yang diterbitkan")
    wd.add_argument("--kind", required=True, choices=["service", "announcement", "holiday"])
    wd.add_argument("--key", required=True, help="kode layanan, nama pengumuman, atau tanggal")
    wd.add_argument("--office", default=None)
    wd.set_defaults(func=_withdraw)

    ses = ssub.add_parser("session", parents=parents,
                          help="buka sesi booking untuk satu kantor (di server kota)")  # fmt: skip
    ses.add_argument("--code", required=True, help="kode wilayah kantor")
    ses.add_argument("--service", required=True, metavar="PREFIX", help="huruf layanan, mis. A")
    ses.add_argument("--name", required=True, help="nama layanan untuk warga")
    ses.add_argument("--days", default="12345", help="hari ISO: 1=Senin … 7=Minggu")
    ses.add_argument("--start", required=True, help="jam mulai, mis. 08:00")
    ses.add_argument("--end", required=True, help="jam selesai, mis. 10:00")
    ses.add_argument("--quota", type=int, required=True, help="kuota booking per sesi")
    ses.set_defaults(func=lambda args, data_dir: _guard(_add_session)(args, data_dir))


def _add_city(
    ssub: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    """``offices`` (who synced when) and ``city`` (the public pages' name and logo)."""
    offices = ssub.add_parser(
        "offices", parents=parents, help="daftar kantor, PC-nya, sinkron terakhir, dicabut/diam"
    )
    offices.add_argument("--json", action="store_true", help="keluaran JSON")
    offices.set_defaults(func=_offices)

    city = ssub.add_parser(
        "city", parents=parents, help="nama dan logo kota di halaman publik (tanpa opsi: tampilkan)"
    )
    city.add_argument("--name", default=None, help="nama kota/kabupaten, mis. Pemerintah Kota X")
    logo = city.add_mutually_exclusive_group()
    logo.add_argument("--logo", default=None, metavar="BERKAS", help="logo PNG, JPEG atau SVG")
    logo.add_argument("--no-logo", action="store_true", help="kembali ke logo bawaan")
    city.set_defaults(func=_city)


def _open(args: argparse.Namespace, *, create: bool = False) -> ServerDatabase:
    """Only ``add-office`` (the README's first step) may make a new SQLite file here: a
    mistyped path would otherwise become an empty server reported on as the real one."""
    from loket.server.db import ServerDatabase, default_db_url, sqlite_path

    url = args.db or default_db_url()
    path = sqlite_path(url)
    if not create and path is not None and not path.is_file():
        raise NotFound(
            f"Berkas basis data server tidak ditemukan: {path}. Periksa --db (atau "
            "LOKET_SERVER_DB); server baru dibuat dengan 'loket server add-office' atau "
            "'loket server run'."
        )
    return ServerDatabase.open(url)


def _add_session(args: argparse.Namespace, _data_dir: Path) -> int:
    from datetime import UTC, datetime

    from loket.server.online.booking_desk import add_server_rule
    from loket.sync.online_schemas import SessionRule

    rule = SessionRule(service_prefix=args.service.strip().upper(), service_name=args.name,
                       weekdays="".join(sorted(set(args.days))), start=args.start,
                       end=args.end, quota=args.quota)  # fmt: skip
    if rule.end <= rule.start:
        raise LoketError("Jam selesai harus setelah jam mulai.")
    db = _open(args)
    try:
        with db.write() as s:
            add_server_rule(s, args.code, rule, datetime.now(UTC))
    finally:
        db.close()
    print(f"Sesi booking {rule.service_prefix} {rule.start}–{rule.end} (hari {rule.weekdays}, "
          f"kuota {rule.quota}) dibuka untuk kantor {args.code}.")  # fmt: skip
    return 0


def _guard(handler: Handler) -> Handler:
    """Refusals print one Indonesian line and exit 1 instead of a traceback."""

    def wrapped(args: argparse.Namespace, data_dir: Path) -> int:
        try:
            return handler(args, data_dir)
        except LoketError as exc:
            print(f"loket: {exc.message}", file=sys.stderr)
            return 1
        except ValueError as exc:  # pydantic validation of the options, or a bad value
            from pydantic import ValidationError

            if isinstance(exc, ValidationError):
                from loket.cli.invalid import describe

                print(f"loket: {describe(exc)}", file=sys.stderr)
                return 1
            print(f"loket: data tidak valid: {exc}", file=sys.stderr)
            return 1

    return wrapped


@_guard
def _run(args: argparse.Namespace, _data_dir: Path) -> int:
    import uvicorn

    from loket.server.app import ENV_TRUSTED_PROXIES, create_app
    from loket.server.auth import RateLimit, parse_networks
    from loket.server.db import default_db_url

    proxies = tuple(args.trusted_proxy) or tuple(
        (os.environ.get(ENV_TRUSTED_PROXIES) or "").split(",")
    )
    try:
        parse_networks(proxies)
    except ValueError as exc:
        print(f"loket: alamat proxy tidak valid: {exc}", file=sys.stderr)
        return 2
    app = create_app(
        args.db or default_db_url(),
        rate_limit=RateLimit(args.rate, args.rate * 2),
        trusted_proxies=proxies,
    )
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        server_header=False,
        # X-Forwarded-For is honoured by the app, and only from --trusted-proxy.
        proxy_headers=False,
    )
    return 0


@_guard
def _add_office(args: argparse.Namespace, _data_dir: Path) -> int:
    from loket.server.admin import add_office

    db = _open(args, create=True)
    try:
        result = add_office(db, code=args.code, name=args.name, zone=args.zone, now=_now())
    finally:
        db.close()
    if result.created:
        print(f"Kantor {result.code} ({result.name}, {result.zone}) didaftarkan.")
    else:
        print(f"Kantor {result.code} sudah terdaftar; kode pendaftaran baru dibuat.")
    print(f"Kode pendaftaran (sekali pakai, berlaku 14 hari): {result.enrollment_code}")
    return 0


@_guard
def _offices(args: argparse.Namespace, _data_dir: Path) -> int:
    import json

    from loket.server.offices import office_lines, render, to_json

    db = _open(args)
    try:
        with db.read() as s:
            lines = office_lines(s, _now())
    finally:
        db.close()
    if args.json:
        print(json.dumps(to_json(lines), ensure_ascii=False, indent=2))
    else:
        print(render(lines))
    return 0


@_guard
def _city(args: argparse.Namespace, _data_dir: Path) -> int:
    from loket.server.city_settings import SettingError, city_logo, city_name, set_logo, set_name

    data: bytes | None = None
    if args.logo:
        try:
            data = Path(args.logo).read_bytes()
        except OSError as exc:
            print(f"loket: logo tidak dapat dibaca: {args.logo} ({exc.strerror})", file=sys.stderr)
            return 1
    db = _open(args)
    try:
        with db.write() as s:
            if args.name is not None:
                set_name(s, args.name, _now())
            if data is not None or args.no_logo:
                set_logo(s, data, _now())
        with db.read() as s:
            name, logo = city_name(s), city_logo(s)
    except SettingError as exc:
        print(f"loket: {exc}", file=sys.stderr)
        return 1
    finally:
        db.close()
    print(f"Nama kota: {name}")
    shown = f"{logo.media_type}, {len(logo.data)} bita" if logo else "bawaan"
    print(f"Logo: {shown}")
    return 0


@_guard
def _revoke(args: argparse.Namespace, _data_dir: Path) -> int:
    from loket.server.admin import revoke

    db = _open(args)
    try:
        count = revoke(db, code=args.code, desk_id=args.desk)
    finally:
        db.close()
    print(f"{count} perangkat dicabut; perangkat itu harus didaftarkan ulang.")
    return 0


@_guard
def _publish_service(args: argparse.Namespace, _data_dir: Path) -> int:
    from loket.server.reference import publish
    from loket.sync.schemas import ServiceStandard

    item = ServiceStandard(
        prefix=args.prefix.strip().upper(),
        name=args.name,
        standard_minutes=args.minutes,
        requirements=args.requirements,
        fee=args.fee,
    )
    db = _open(args)
    try:
        version = publish(db, item, now=_now(), office_code=args.office)
    finally:
        db.close()
    print(f"Standar layanan {item.prefix} diterbitkan (versi {version}).")
    return 0


@_guard
def _announce(args: argparse.Namespace, _data_dir: Path) -> int:
    from loket.server.reference import publish
    from loket.sync.schemas import Announcement

    item = Announcement(key=args.key, text=args.text, starts_at=args.starts, ends_at=args.ends)
    db = _open(args)
    try:
        version = publish(db, item, now=_now(), office_code=args.office)
    finally:
        db.close()
    print(f"Pengumuman {item.key!r} diterbitkan (versi {version}).")
    return 0


@_guard
def _holiday(args: argparse.Namespace, _data_dir: Path) -> int:
    from loket.server.reference import publish
    from loket.sync.schemas import Holiday

    db = _open(args)
    try:
        version = publish(db, Holiday(day=args.date, name=args.name), now=_now())
    finally:
        db.close()
    print(f"Hari libur {args.date.isoformat()} diterbitkan (versi {version}).")
    return 0


@_guard
def _withdraw(args: argparse.Namespace, _data_dir: Path) -> int:
    from loket.server.reference import withdraw

    db = _open(args)
    try:
        found = withdraw(db, args.kind, args.key, now=_now(), office_code=args.office)
    finally:
        db.close()
    print("Ditarik." if found else "Tidak ada data acuan dengan kunci itu.")
    return 0 if found else 1
