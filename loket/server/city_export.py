"""The city page's table as a download: CSV for Indonesian Excel, and XLSX.

Exactly what the page shows for the same query (range and sort), one row per office and
the city's row last. CSV uses ``;`` and a decimal comma (what Excel set to Indonesian
reads as columns and numbers); XLSX holds real numbers, a frozen header with a filter,
widths that fit, and A4 landscape print setup with the city, the period and "Halaman N
dari M" in the printed header and footer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from loket.server.city import OfficeFigures

HEADERS = [
    "Kode",
    "Kantor",
    "Antrian",
    "Selesai",
    "Tidak hadir",
    "Median tunggu (menit)",
    "Sesuai standar (%)",
    "Tindak lanjut terlambat",
    "IKM",
    "Mutu IKM",
    "Responden SKM",
    "Penilaian puas (%)",
    "Sinkron terakhir",
]
#: XLSX number formats per column (index into HEADERS).
FORMATS = {5: "0.0", 6: "0.0", 8: "0.00", 11: "0.0", 12: "dd-mm-yyyy hh:mm"}


def row_values(o: OfficeFigures) -> list[Any]:
    """One office's (or the city's) row, numbers as numbers, unknown as None."""
    band = o.skm.band
    satisfied = o.ratings.satisfied_share
    last_sync = None
    if o.last_sync is not None:
        last_sync = o.last_sync.astimezone(ZoneInfo(o.zone)).replace(tzinfo=None)
    return [
        o.code,
        o.name,
        o.issued,
        o.served,
        o.no_show,
        None if o.median_wait is None else round(o.median_wait / 60, 1),
        None if o.within_share is None else round(o.within_share * 100, 1),
        o.overdue,
        o.ikm_value,
        f"{band.letter} ({band.name})" if band else None,
        o.skm.respondents,
        None if satisfied is None else round(satisfied * 100, 1),
        last_sync,
    ]


JSON_KEYS = [
    "code",
    "name",
    "issued",
    "served",
    "no_show",
    "median_wait_minutes",
    "within_standard_percent",
    "follow_ups_overdue",
    "ikm",
    "ikm_band",
    "skm_respondents",
    "satisfied_percent",
    "last_sync",
]


def to_json(
    offices: Sequence[OfficeFigures], city: OfficeFigures, first: str, last: str
) -> dict[str, Any]:
    """The same rows for programs: numbers as numbers, the last sync in ISO 8601 UTC."""

    def row(o: OfficeFigures) -> dict[str, Any]:
        values = dict(zip(JSON_KEYS, row_values(o), strict=True))
        values["ikm_band"] = o.skm.band.letter if o.skm.band else None
        values["last_sync"] = o.last_sync.isoformat() if o.last_sync else None
        return values

    city_row = row(city)
    del city_row["code"], city_row["last_sync"]
    return {"from": first, "to": last, "offices": [row(o) for o in offices], "city": city_row}


#: A text starting with one of these is a formula to a spreadsheet (an office named
#: ``=HYPERLINK(...)`` became a link, a ``-`` name a sum): OWASP's CSV-injection list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any, index: int) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, float):
        places = 2 if index == 8 else 1
        return f"{value:.{places}f}".replace(".", ",")
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # shown as text, as Excel's own apostrophe does
    return str(value)


def to_csv(offices: Sequence[OfficeFigures], city: OfficeFigures) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for o in [*offices, city]:
        writer.writerow([_csv_cell(v, i) for i, v in enumerate(row_values(o))])
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def to_xlsx(
    offices: Sequence[OfficeFigures], city: OfficeFigures, city_name: str, period: str
) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    wb = Workbook()
    ws = wb.active
    ws.title = "Per kantor"
    ws.append(HEADERS)
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DFE7F1")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [min(16.0, max(8.0, len(h) * 0.7)) for h in HEADERS]
    rows = [row_values(o) for o in [*offices, city]]
    for values in rows:
        ws.append(values)
        for cell in ws[ws.max_row]:
            if cell.data_type == "f":  # openpyxl takes any text starting "=" for a formula
                cell.data_type = "s"
        for index, value in enumerate(values):
            shown = _csv_cell(value, index)
            widths[index] = max(widths[index], min(50.0, len(shown) * 1.1 + 2))
    for index, fmt in FORMATS.items():
        for cells in ws.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
            cells[0].number_format = fmt
    for cell in ws[ws.max_row]:
        cell.font = bold  # the city's row
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(1, ws.max_row - 1)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.left.text = city_name
    ws.oddHeader.center.text = "Layanan kelurahan per kantor"
    ws.oddHeader.right.text = period
    ws.oddFooter.left.text = "Data terbuka, tanpa data pribadi"
    ws.oddFooter.right.text = "Halaman &P dari &N"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
