"""``loket simulate``: a day of service on the office (or the demo), for trying things out."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loket.cli.common import day, open_to_write, positive

if TYPE_CHECKING:
    from loket.store.database import Database


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    sim = sub.add_parser("simulate", parents=[common], help="simulasikan satu hari layanan")
    sim.add_argument("--date", type=day, default=None, help="hari layanan (bawaan: hari ini)")
    sim.add_argument("--tickets", type=positive, default=120, help="jumlah warga datang")
    sim.add_argument("--counters", type=positive, default=3, help="jumlah loket buka")
    sim.add_argument("--seed", type=int, default=1, help="benih acak (hasil sama untuk benih sama)")
    sim.set_defaults(func=run)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.app.simulate import simulate_day

    db = open_to_write(data_dir)
    try:
        when = args.date or _today_or_default(db)
        result = simulate_day(db, when, args.tickets, args.counters, args.seed)
    finally:
        db.close()
    print(
        f"Simulasi {when.isoformat()}: {result.issued} antrian diambil, "
        f"{result.counters_used} loket, data di {data_dir}"
    )
    if result.refused:
        print(f"{result.refused} permintaan ditolak (mis. kuota habis).")
    print(f"{result.ratings} penilaian warga, {result.skm_responses} kuesioner SKM.")
    return 0


def _today_or_default(db: Database) -> date:
    from loket.app.office import has_office

    if has_office(db):
        from loket.app.desk import Desk

        return Desk(db).today()
    from loket.core.days import service_day, utc_now, zone

    return service_day(utc_now(), zone("Asia/Jakarta"))
