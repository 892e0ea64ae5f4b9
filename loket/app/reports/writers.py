"""Writing a built report as XLSX (one sheet a table) or CSV (a zip of one file a table).

Atomic: a report appears whole or not at all (``loket.app.output``).
"""

from __future__ import annotations

import csv
import gc
import io
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from loket.app.output import OutputError, atomic_path, check_target, write_bytes_atomic
from loket.app.reports.model import Kind, Report, Table, display
from loket.core.errors import InvalidInput

# -- writers ------------------------------------------------------------------------------------

NUMBER_FORMATS = {
    Kind.INT: "0",
    Kind.NUMBER: "0.00",
    Kind.MINUTES: "0.0",
    Kind.SHARE: "0.0",  # written as a percentage, like the summary's "(%)" rows
    Kind.DATE: "dd-mm-yyyy",  # as on the PDF
    Kind.DATETIME: "dd-mm-yyyy hh:mm",
}


def write_xlsx(report: Report, path: Path) -> Path:
    """One sheet per table (header in row 1, real numbers and dates), an Info sheet first.

    All of it inside ``atomic_path``: openpyxl's write-only sheets spool to temporary
    files while rows are added, so a full disk can strike before the save.
    """
    check_target(path)
    buffer = io.BytesIO()
    hook = sys.unraisablehook
    # openpyxl spools each sheet to a temporary file; if that fails, its row writers and
    # zip file are left behind and print "Exception ignored" tracebacks when freed.
    sys.unraisablehook = lambda _: None
    try:
        failure: OSError | None = None
        try:
            _build_xlsx(report).save(buffer)
        except OSError as exc:
            failure = OSError(exc.errno, exc.strerror, exc.filename)
        gc.collect()
    finally:
        sys.unraisablehook = hook
    if failure is not None:
        raise OutputError(f"Laporan tidak tersimpan ke {path}: {failure.strerror}.")
    return write_bytes_atomic(path, buffer.getvalue())


def _build_xlsx(report: Report) -> Any:
    """The workbook, in memory (a month's register is ~100,000 cells: a few MB).

    Each sheet is ready to print and to filter: header row frozen and repeated on every
    printed page, an autofilter, columns as wide as their contents, A4 fitted to the
    page width, the office and period in the printed header, "Halaman N dari M" below.
    """
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]

    wb = Workbook()
    info = wb.active
    info.title = "Info"
    for line in report.header_lines():
        info.append([line])
    # Notes live here, so every table sheet is only its header and its rows.
    notes = [(t.title, t.note) for t in report.tables if t.note]
    if notes:
        info.append([])
        for title, note in notes:
            info.append([title, note])
    info.column_dimensions["A"].width = 40
    info["A1"].font = Font(bold=True, size=13)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    overdue = PatternFill("solid", fgColor="F8D7DA")
    heading = PatternFill("solid", fgColor="DFE7F1")
    for table in report.tables:
        ws = wb.create_sheet(_sheet_name(table.key))
        ws.append([column.title for column in table.columns])
        for cell in ws[1]:
            cell.font = bold
            cell.fill = heading
            cell.alignment = wrap
        widths = [min(14, max(8, len(c.title) * 0.6)) for c in table.columns]
        for index, row in enumerate(table.rows, start=2):
            values = [sheet_value(v, c.kind) for v, c in zip(row, table.columns, strict=True)]
            ws.append(values)
            for col, (value, column) in enumerate(zip(values, table.columns, strict=True)):
                cell = ws.cell(row=index, column=col + 1)
                fmt = NUMBER_FORMATS.get(Kind.INT if isinstance(value, int) else column.kind)
                if fmt and value is not None and not isinstance(value, str):
                    cell.number_format = fmt
                if index - 2 in table.marked:
                    cell.fill = overdue
                shown = display(row[col], column.kind, short=False)
                widths[col] = max(widths[col], min(60.0, len(shown) * 1.1 + 2))
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[_column_letter(i)].width = width
        _print_setup(ws, report, table)
    return wb


def _print_setup(ws: Any, report: Report, table: Table) -> None:
    ws.freeze_panes = "A2"
    if table.rows:
        ws.auto_filter.ref = ws.dimensions
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    wide = report.landscape or len(table.columns) > 6
    ws.page_setup.orientation = "landscape" if wide else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.left.text = report.office.name
    ws.oddHeader.center.text = report.title
    ws.oddHeader.right.text = report.period.label()
    ws.oddFooter.left.text = table.title
    ws.oddFooter.right.text = "Halaman &P dari &N"


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    return str(get_column_letter(index))


def _sheet_name(key: str) -> str:
    clean = "".join(ch for ch in key if ch not in "[]:*?/\\")
    return clean[:31] or "Tabel"


def sheet_value(value: Any, kind: Kind) -> Any:
    """A value as a spreadsheet holds it: a share as a percentage (50.0, not 0.5).

    One unit everywhere: the summary's "... (%)" rows, the per-service "Sesuai standar
    (%)" column, the PDF's "50,0%" and the dashboard all read as percentages.
    """
    if kind is Kind.SHARE and isinstance(value, int | float) and not isinstance(value, bool):
        return round(float(value) * 100, 1)
    return value


CSV_STYLES = ("id", "en")


def _csv_value(value: Any, kind: Kind, style: str) -> str:
    """A cell as text: Indonesian style uses a decimal comma and dd-mm-yyyy dates."""
    value = sheet_value(value, kind)
    if value is None:
        return ""
    if isinstance(value, datetime):
        if style == "id":
            return f"{value:%d-%m-%Y %H:%M}"
        return value.isoformat(" ", "minutes")
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}" if style == "id" else value.isoformat()
    if isinstance(value, float):
        text_value = repr(round(value, 4))
        return text_value.replace(".", ",") if style == "id" else text_value
    return str(value)


def _slug(text_value: str) -> str:
    keep = "".join(ch.lower() if ch.isalnum() else "-" for ch in text_value)
    return "-".join(part for part in keep.split("-") if part)


def report_file_name(report: Report, suffix: str) -> str:
    """'kelurahan-sukamaju_buku-register-pelayanan_2026-11-01_2026-11-30.pdf'."""
    period = report.period.start.isoformat()
    if not report.period.is_day:
        period += "_" + report.period.end.isoformat()
    return f"{_slug(report.office.name)}_{_slug(report.title)}_{period}.{suffix}"


def _table_csv(table: Table, style: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if style == "id" else ",", lineterminator="\r\n")
    writer.writerow([c.title for c in table.columns])
    for row in table.rows:
        writer.writerow(
            [_csv_value(v, c.kind, style) for v, c in zip(row, table.columns, strict=True)]
        )
    return out.getvalue()


def csv_target(report: Report, path: Path) -> Path:
    """Where a CSV export goes: the file itself, or a zip of files for several tables."""
    if len(report.tables) > 1 and path.suffix.lower() != ".zip":
        return path.with_suffix(".zip")
    return path


def write_csv(report: Report, path: Path, style: str = "id") -> Path:
    """CSV that a spreadsheet opens as a table, one table per file.

    ``style`` "id" (the default, for Excel set to Indonesian): ``;`` between fields,
    decimal comma, dd-mm-yyyy dates; "en": ``,`` and a decimal point, ISO dates. UTF-8
    with a BOM so Excel reads the text right. A report of several tables (the daily
    report, IKM) becomes a zip of CSV files, each named after the office, the report,
    the period and the table; the returned path says where it went.
    """
    if style not in CSV_STYLES:
        raise InvalidInput(f"Gaya CSV {style!r} tidak dikenal: pilih id atau en.")
    target = csv_target(report, path)
    if len(report.tables) == 1:
        data = _table_csv(report.tables[0], style).encode("utf-8-sig")
        return write_bytes_atomic(target, data)
    stem = report_file_name(report, "csv")[: -len(".csv")]
    with atomic_path(target) as temp, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as zf:
        for number, table in enumerate(report.tables, start=1):
            name = f"{stem}_{number:02d}-{_slug(table.key)}.csv"
            zf.writestr(name, _table_csv(table, style).encode("utf-8-sig"))
    return target
