"""`loket stats`, `loket export` and `loket ikm`: a day's or a period's figures and reports.

The report commands (and their Qt import for PDF) load only when asked for. Figures need
an office with services and counters: each command says in words what is missing first.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loket.cli.common import day, open_to_read
from loket.core.errors import InvalidInput
from loket.core.words import format_number

if TYPE_CHECKING:
    from loket.core.periods import Period
    from loket.store.database import Database

COMMANDS = ("export", "ikm")


def _range_args(parser: argparse.ArgumentParser, *, what: str) -> None:
    parser.add_argument(
        "--from",
        dest="date_from",
        type=day,
        default=None,
        metavar="YYYY-MM-DD",
        help=f"hari pertama {what} (bawaan: hari ini)",
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        type=day,
        default=None,
        metavar="YYYY-MM-DD",
        help="hari terakhir (bawaan: sama dengan --from)",
    )


def add_period_args(stats_parser: argparse.ArgumentParser) -> None:
    """Give `loket stats` a period: --from D1 --to D2 (instead of --date)."""
    _range_args(stats_parser, what="periode")


def wants_period(args: argparse.Namespace) -> bool:
    """True when `loket stats` was given --from or --to."""
    return getattr(args, "date_from", None) is not None or (
        getattr(args, "date_to", None) is not None
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `stats`, `export` and `ikm` to the `loket` subcommands."""
    st = sub.add_parser("stats", parents=[common], help="angka layanan satu hari")
    st.add_argument("--date", type=day, default=None, help="hari layanan (bawaan: hari ini)")
    st.add_argument("--json", action="store_true", help="keluaran JSON")
    add_period_args(st)
    st.set_defaults(func=run_stats)
    export = sub.add_parser("export", parents=[common], help="ekspor laporan (PDF, XLSX, CSV)")
    _range_args(export, what="laporan")
    export.add_argument(
        "--report",
        choices=["daily", "register", "ikm"],
        default="daily",
        help="daily: Laporan Harian Pelayanan · register: Buku Register · ikm: laporan IKM",
    )
    export.add_argument(
        "--format",
        dest="fmt",
        choices=["pdf", "xlsx", "csv"],
        default=None,
        help="format berkas (bawaan: dari akhiran nama berkas)",
    )
    export.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="FILE",
        help="berkas keluaran (bawaan: nama kantor, laporan dan periode di folder ini)",
    )
    export.add_argument(
        "--csv-style",
        choices=["id", "en"],
        default=None,
        help="CSV gaya Indonesia (; dan koma desimal) atau Inggris (, dan titik); bawaan: "
        "yang tersimpan (`loket csv-style`), kalau belum ada gaya Indonesia",
    )
    style = sub.add_parser(
        "csv-style",
        parents=[common],
        help="gaya CSV tersimpan kantor ini (id atau en); tanpa argumen: tampilkan",
    )
    style.add_argument("style", nargs="?", choices=["id", "en"], default=None)
    style.set_defaults(func=_csv_style)
    ikm = sub.add_parser("ikm", parents=[common], help="Indeks Kepuasan Masyarakat per periode")
    _range_args(ikm, what="periode")
    ikm.add_argument("--json", action="store_true", help="keluaran JSON")
    for parser in (export, ikm):
        parser.set_defaults(func=run_report)


def _require_set_up(data_dir: Path) -> None:
    """Figures need an office with services and counters: say in words what is missing."""
    from loket.app.setup import require_setup

    db = open_to_read(data_dir)  # figures only read: a read-only disk still works
    try:
        require_setup(db)
    finally:
        db.close()


def run_stats(args: argparse.Namespace, data_dir: Path) -> int:
    """`loket stats [--date D | --from D1 --to D2] [--json]`."""
    _require_set_up(data_dir)  # a half office says what it lacks
    if wants_period(args):
        return run_period_stats(args, data_dir)
    from loket.app.desk import Desk
    from loket.app.stats import stats_for_day

    db = open_to_read(data_dir)
    try:
        when = args.date or Desk(db).today()
        stats = stats_for_day(db, when)
    finally:
        db.close()
    if args.json:
        print(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
        return 0
    from loket.cli.layout import format_day_stats

    print(format_day_stats(stats))
    return 0


def run_report(args: argparse.Namespace, data_dir: Path) -> int:
    """`loket export` or `loket ikm`, once the office can give figures."""
    _require_set_up(data_dir)
    return run(args, data_dir)


def _csv_style(args: argparse.Namespace, data_dir: Path) -> int:
    """`loket csv-style [id|en]`: show or save the office's CSV style."""
    from loket.app.export_settings import save_csv_style, saved_csv_style
    from loket.store.migrate import open_database

    _require_set_up(data_dir)  # not a style for an office that is not there
    db = open_database(data_dir, readonly=args.style is None)
    try:
        if args.style is not None:
            save_csv_style(db, args.style)
        saved = saved_csv_style(db)
    finally:
        db.close()
    names = {"id": "id (; dan koma desimal)", "en": "en (, dan titik desimal)"}
    if saved is None:
        print(f"Gaya CSV: {names['id']} (bawaan, belum disimpan)")
    else:
        print(f"Gaya CSV: {names[saved]}")
    return 0


def _period(db: Database, args: argparse.Namespace) -> Period:
    from loket.app.period_stats import today
    from loket.core.periods import Period

    start = getattr(args, "date_from", None)
    end = getattr(args, "date_to", None)
    if start is None and end is not None:
        raise InvalidInput("Berikan juga --from (hari pertama periode).")
    if start is None:
        start = today(db)
    return Period(start, end or start)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    """Handle `export` or `ikm`."""
    if args.command == "export":
        return run_export(args, data_dir)
    if args.command == "ikm":
        return run_ikm(args, data_dir)
    raise ValueError(f"not a report command: {args.command}")


def run_period_stats(args: argparse.Namespace, data_dir: Path) -> int:
    """`loket stats --from D1 --to D2 [--json]`."""
    from loket.app.period_stats import stats_for_period

    db = open_to_read(data_dir)
    try:
        period = _period(db, args)
        stats = stats_for_period(db, period)
    finally:
        db.close()
    if getattr(args, "json", False):
        print(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
    else:
        from loket.cli.layout import format_period_stats

        print(format_period_stats(stats))
    return 0


def run_export(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.app.export_settings import csv_style
    from loket.app.output import check_target
    from loket.app.reports.builders import build_report
    from loket.app.reports.writers import report_file_name, write_csv, write_xlsx

    output = Path(args.output) if args.output else None
    if output is not None:
        check_target(output)  # a folder given as -o fails before the report is built
    fmt = args.fmt or (output.suffix.lower().lstrip(".") if output is not None else "pdf")
    if fmt == "zip":
        fmt = "csv"
    if fmt not in ("pdf", "xlsx", "csv"):
        raise InvalidInput("Format berkas harus pdf, xlsx atau csv (pakai --format).")
    db = open_to_read(data_dir)
    try:
        period = _period(db, args)
        report = build_report(db, args.report, period)
        style = csv_style(db, args.csv_style)
    finally:
        db.close()
    if output is None:
        output = Path(report_file_name(report, fmt))
    if fmt == "xlsx":
        written = write_xlsx(report, output)
    elif fmt == "csv":
        written = write_csv(report, output, style)
    else:
        from loket.ui.devices.report_print import write_pdf

        written = write_pdf(report, output, _progress_line(report.title))
    print(f"{report.title} {period.label()}: {written}")
    return 0


def _progress_line(title: str) -> Any:
    """A progress line on stderr for long PDFs (a month's register): rows drawn so far."""
    import sys

    def show(done: int, total: int) -> None:
        if total < 500:
            return
        end = "\n" if done >= total else "\r"
        percent = 100 * done // max(1, total)
        print(f"{title}: {done}/{total} baris ({percent}%)", end=end, file=sys.stderr, flush=True)

    return show


def run_ikm(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.app.feedback import rating_summary, skm_for_period

    db = open_to_read(data_dir)
    try:
        period = _period(db, args)
        skm = skm_for_period(db, period)
        ratings = rating_summary(db, period)
    finally:
        db.close()
    if args.json:
        data = {"from": period.start.isoformat(), "to": period.end.isoformat(), **skm.to_json(),
                "ratings": ratings.to_json()}  # fmt: skip
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    lines = [f"Indeks Kepuasan Masyarakat {period.label()}", f"  Responden: {skm.respondents}"]
    if skm.respondents:
        lines.append("  Unsur                                         Jumlah    NRR  IKM unsur")
        for e in skm.elements:
            lines.append(
                f"  {e.element.code} {e.element.name[:40]:<40} {e.total:>7} "
                f"{float(e.nrr):>6.3f} {format_number(float(e.index)):>10}"
            )
        band = skm.band
        assert skm.ikm is not None and band is not None
        lines.append(f"  IKM: {format_number(float(skm.ikm))} · mutu {band.letter} ({band.name})")
    else:
        lines.append("  Belum ada kuesioner SKM pada periode ini.")
    if ratings.count:
        mean = format_number(ratings.mean or 0.0)
        share = format_number((ratings.satisfied_share or 0.0) * 100, 1)
        lines.append(f"  Penilaian satu sentuh: {ratings.count} · rata-rata {mean} · puas {share}%")
    print("\n".join(lines))
    return 0
