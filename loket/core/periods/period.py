"""A period: service days from a start to an end, and its Indonesian label."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from loket.core.errors import InvalidInput

MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
#: Longest period one report covers: a few years, so a typo (2062) is refused.
MAX_DAYS = 5 * 366


def long_date_id(day: date) -> str:
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Period:
    """Service days from ``start`` to ``end``, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInput(
                f"Tanggal akhir {self.end.isoformat()} sebelum tanggal awal "
                f"{self.start.isoformat()}."
            )
        if self.days > MAX_DAYS:
            raise InvalidInput(f"Periode terlalu panjang (paling lama {MAX_DAYS} hari).")

    @classmethod
    def day(cls, day: date) -> Period:
        return cls(day, day)

    @classmethod
    def month_of(cls, day: date) -> Period:
        start = day.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return cls(start, following - timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_day(self) -> bool:
        return self.start == self.end

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __iter__(self) -> Iterator[date]:
        for offset in range(self.days):
            yield self.start + timedelta(days=offset)

    def label(self) -> str:
        """'23 November 2026', '1–30 November 2026' or '28 November – 2 Desember 2026'."""
        a, b = self.start, self.end
        if a == b:
            return long_date_id(a)
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.day}–{long_date_id(b)}"
        if a.year == b.year:
            return f"{a.day} {MONTHS_ID[a.month - 1]} – {long_date_id(b)}"
        return f"{long_date_id(a)} – {long_date_id(b)}"
