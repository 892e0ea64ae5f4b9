"""The shape of every report: typed tables and charts, and how a value reads.

A report is built once (``loket.app.reports.builders``) as tables of typed values and
then written (``writers``: XLSX, CSV; ``loket.ui.devices.report_print``: PDF); all of
them read these types, so the PDF and the spreadsheet cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from loket.app.office import OfficeInfo
from loket.core.days import INDONESIAN_ZONES
from loket.core.letterhead import Letterhead
from loket.core.periods import Period
from loket.core.words import format_number

REPORTS = ("daily", "register", "ikm")
FORMATS = ("pdf", "xlsx", "csv")
PRIORITY_NAMES = {
    "disabilitas": "Disabilitas",
    "lansia": "Lansia",
    "ibu_hamil": "Ibu hamil",
    "anak": "Anak-anak",
    "korban_bencana": "Korban bencana",
    "booking": "Booking online",
}
OUTCOME_NAMES = {"completed": "Selesai", "follow_up": "Tindak lanjut", "rejected": "Ditolak"}


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    NUMBER = "number"  # a decimal figure (NRR, per hour...)
    MINUTES = "minutes"  # a duration, in minutes with one decimal
    SHARE = "share"  # a fraction 0..1, shown and exported as a percentage (0–100)
    DATE = "date"
    DATETIME = "datetime"  # office-local wall time


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind = Kind.TEXT
    width: float = 1.0  # relative width in the PDF
    short: bool = False  # print a date-time as its time only (the register's date column)


@dataclass(frozen=True)
class Table:
    key: str  # the sheet name: short, no []:*?/\
    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]
    note: str = ""
    #: Row indexes to draw highlighted (overdue follow-ups).
    marked: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    axis_title: str = ""
    max_value: float | None = None  # a fixed top of the value axis (NRR: 4)


@dataclass(frozen=True)
class Report:
    kind: str  # daily | register | ikm
    title: str
    office: OfficeInfo
    period: Period
    generated_at: datetime  # office-local
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)
    landscape: bool = False
    letterhead: Letterhead = field(default_factory=Letterhead)
    #: Paragraphs after the tables: (heading, text), e.g. the IKM's analysis and plan.
    sections: list[tuple[str, str]] = field(default_factory=list)

    @property
    def zone(self) -> str:
        return INDONESIAN_ZONES.get(self.office.timezone, "")

    def header_lines(self) -> list[str]:
        return [
            self.office.name,
            f"Kode wilayah {self.office.code}",
            self.title,
            f"Periode: {self.period.label()}",
            f"Dibuat: {self.generated_at:%d-%m-%Y %H:%M} {self.zone}".rstrip(),
        ]

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)


# -- values -----------------------------------------------------------------------------


def minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def display(value: Any, kind: Kind, *, short: bool = False) -> str:
    """A value as printed on paper and on screen (Indonesian number style)."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if kind is Kind.INT:
        return format_number(float(value), 0)
    if kind is Kind.NUMBER:
        return format_number(float(value), 0 if isinstance(value, int) else 2)
    if kind is Kind.MINUTES:
        return format_number(float(value), 1)
    if kind is Kind.SHARE:
        return format_number(float(value) * 100, 1) + "%"
    if kind is Kind.DATE:
        return f"{value:%d-%m-%Y}"
    if kind is Kind.DATETIME:
        return f"{value:%H:%M}" if short else f"{value:%d-%m-%Y %H:%M}"
    return str(value)
