"""What a queue ticket carries, top to bottom, for every way of printing it.

Never a name, NIK or phone: a ticket is left on chairs and floors. The wording is
Indonesian by default; the UI passes its translated ``SlipWords`` when the PC runs in
another language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from loket.core.days import INDONESIAN_ZONES
from loket.printing.qr import qr_content

if TYPE_CHECKING:
    from loket.app.desk import IssueResult
    from loket.app.reprint import Reprint


class Style(StrEnum):
    """How a line is set; each printing path maps it to its own type sizes."""

    TITLE = "title"  # the office: bold
    HEADING = "heading"  # the service: bold, double height
    NOTICE = "notice"  # "CETAK ULANG": bold, double height
    SMALL = "small"
    HUGE = "huge"  # the number, as large as the roll allows
    RULE = "rule"
    QR = "qr"  # the text is the QR code's content
    TINY = "tiny"


@dataclass(frozen=True)
class SlipWords:
    """The fixed wording of a ticket ({0} is filled in)."""

    number: str = "NOMOR ANTRIAN"
    ahead: str = "{0} orang di depan Anda"
    wait: str = "Perkiraan tunggu ± {0} menit"
    thanks: str = "Mohon menunggu panggilan. Terima kasih."
    reprint: str = "CETAK ULANG"
    reprinted_at: str = "dicetak ulang {0}"


@dataclass(frozen=True)
class Line:
    style: Style
    text: str = ""


@dataclass(frozen=True)
class TicketSlip:
    """Everything printed on a ticket: no name, NIK or phone, ever.

    ``ahead``/``wait_minutes`` are None on a reprint of a ticket no longer waiting;
    ``qr`` is the QR code's content (empty: no QR); ``reprinted_at`` marks a reprint.
    """

    office_name: str
    service_name: str
    label: str
    issued_at: datetime
    timezone: str
    ahead: int | None
    wait_minutes: int | None
    qr: str = ""
    reprinted_at: datetime | None = None
    words: SlipWords = field(default_factory=SlipWords)

    @classmethod
    def from_issue(
        cls, office_name: str, timezone: str, result: IssueResult, link_base: str = ""
    ) -> TicketSlip:
        return cls(
            office_name,
            result.service_name,
            result.ticket.label,
            result.ticket.issued_at,
            timezone,
            result.ahead,
            round(result.estimated_wait_seconds / 60),
            qr=qr_content(result.ticket.id, link_base),
        )

    @classmethod
    def from_reprint(
        cls, office_name: str, timezone: str, reprint: Reprint, link_base: str = ""
    ) -> TicketSlip:
        """The same number and issue time, marked "CETAK ULANG" with the reprint's time."""
        wait = reprint.wait_seconds
        return cls(
            office_name,
            reprint.service_name,
            reprint.ticket.label,
            reprint.ticket.issued_at,
            timezone,
            reprint.ahead,
            None if wait is None else round(wait / 60),
            qr=qr_content(reprint.ticket.id, link_base),
            reprinted_at=reprint.at,
        )

    def _local(self, at: datetime) -> str:
        local = at.astimezone(ZoneInfo(self.timezone))
        zone = INDONESIAN_ZONES.get(self.timezone, "")
        return f"{local:%d-%m-%Y %H:%M} {zone}".strip()

    def local_time(self) -> str:
        return self._local(self.issued_at)

    def lines(self) -> list[Line]:
        """The ticket from top to bottom; the Qt layout and ESC/POS share it."""
        w = self.words
        out: list[Line] = []
        if self.reprinted_at is not None:
            out += [
                Line(Style.NOTICE, w.reprint),
                Line(Style.SMALL, w.reprinted_at.format(self._local(self.reprinted_at))),
                Line(Style.RULE),
            ]
        out += [
            Line(Style.TITLE, self.office_name),
            Line(Style.HEADING, self.service_name),
            Line(Style.RULE),
            Line(Style.SMALL, w.number),
            Line(Style.HUGE, self.label),
            Line(Style.RULE),
            Line(Style.SMALL, self.local_time()),
        ]
        if self.ahead is not None:
            out.append(Line(Style.SMALL, w.ahead.format(self.ahead)))
        if self.wait_minutes is not None:
            out.append(Line(Style.SMALL, w.wait.format(self.wait_minutes)))
        if self.qr:
            out.append(Line(Style.QR, self.qr))
        out.append(Line(Style.TINY, w.thanks))
        return out
