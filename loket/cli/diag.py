"""The field-readiness part of the `loket` command: doctor, diagnostics, self-check.

``loket.cli`` calls ``add_global_flags`` and ``register`` while building its parser,
``handle_global`` right after parsing (``--self-check``), and runs the subcommands
through ``args.func``.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

#: The subcommands ``register`` adds.
COMMANDS = ("doctor", "diagnostics")


def add_global_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="uji program ini dari ujung ke ujung di folder data baru (--data-dir) lalu keluar",
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``doctor`` and ``diagnostics``; each runs through ``args.func(args, data_dir)``."""
    doctor = sub.add_parser(
        "doctor",
        parents=[common],
        help="periksa kesiapan PC ini (disk, basis data, cadangan, printer, suara, layar)",
    )
    doctor.set_defaults(func=run_doctor)
    diag = sub.add_parser(
        "diagnostics",
        parents=[common],
        help="kemas log dan hasil pemeriksaan untuk help desk kota (tanpa data pribadi)",
    )
    diag.add_argument(
        "--out",
        metavar="FILE.zip",
        default=None,
        help="berkas zip tujuan (bawaan: loket-diagnostik-<waktu>.zip di folder ini)",
    )
    diag.set_defaults(func=run_diagnostics)


def handle_global(args: argparse.Namespace, data_dir: Path) -> int | None:
    """Run ``--self-check`` if it was asked for; None otherwise (the command goes on).

    Without ``--data-dir`` the check runs in a temporary folder: it must never put test
    tickets in the office's register (``LOKET_DATA_DIR`` or the user's data folder).
    """
    if not getattr(args, "self_check", False):
        return None
    from loket.ui.tools.selfcheck import run_self_check

    explicit = getattr(args, "data_dir", None)
    return run_self_check(data_dir if explicit else None)


def run_doctor(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.ui.tools import doctor

    return doctor.main(data_dir, demo=bool(getattr(args, "demo", False)))


def run_diagnostics(args: argparse.Namespace, data_dir: Path) -> int:
    return _diagnostics(data_dir, args.out, demo=bool(getattr(args, "demo", False)))


def _diagnostics(data_dir: Path, out: str | None, *, demo: bool) -> int:
    from loket.app.fieldcheck.findings import format_report
    from loket.logsetup import export_diagnostics
    from loket.ui.tools import doctor

    dest = Path(out) if out else Path(f"loket-diagnostik-{datetime.now():%Y%m%d-%H%M}.zip")
    report = format_report(doctor.run_checks(data_dir, demo=demo), data_dir)
    path = export_diagnostics(data_dir, dest, doctor_text=report)
    print(f"Berkas diagnostik: {path.resolve()}")
    print("Kirim berkas ini ke help desk kota. Isinya log dan hasil pemeriksaan, tanpa data warga.")
    return 0
