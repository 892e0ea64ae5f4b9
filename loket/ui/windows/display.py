"""The public display on the waiting room's screen.

Readable from across the room: each counter's current number in very large type, the
last calls, how many wait per service, the date and clock in the office's zone and a
running text. A new call is highlighted for a few seconds and announced once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QFont,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from loket.app.board import Board, CallRecord, CounterNow
from loket.app.counters import CounterStatus
from loket.app.desk import parse_label
from loket.client.api import OfficeClient
from loket.core.days import INDONESIAN_ZONES, utc_now
from loket.core.errors import LoketError
from loket.ui.devices.announcer import Announcer
from loket.ui.feed import ChangeFeed, LinkLabel, OfficeFeed
from loket.ui.widgets import fit_on_screen

HIGHLIGHT_MS = 6000
# Translated in long_date(); QT_TRANSLATE_NOOP only lets lupdate find them.
DAYS_ID = [
    QT_TRANSLATE_NOOP("display", "Senin"),
    QT_TRANSLATE_NOOP("display", "Selasa"),
    QT_TRANSLATE_NOOP("display", "Rabu"),
    QT_TRANSLATE_NOOP("display", "Kamis"),
    QT_TRANSLATE_NOOP("display", "Jumat"),
    QT_TRANSLATE_NOOP("display", "Sabtu"),
    QT_TRANSLATE_NOOP("display", "Minggu"),
]
MONTHS_ID = [
    QT_TRANSLATE_NOOP("display", "Januari"),
    QT_TRANSLATE_NOOP("display", "Februari"),
    QT_TRANSLATE_NOOP("display", "Maret"),
    QT_TRANSLATE_NOOP("display", "April"),
    QT_TRANSLATE_NOOP("display", "Mei"),
    QT_TRANSLATE_NOOP("display", "Juni"),
    QT_TRANSLATE_NOOP("display", "Juli"),
    QT_TRANSLATE_NOOP("display", "Agustus"),
    QT_TRANSLATE_NOOP("display", "September"),
    QT_TRANSLATE_NOOP("display", "Oktober"),
    QT_TRANSLATE_NOOP("display", "November"),
    QT_TRANSLATE_NOOP("display", "Desember"),
]

STYLE = """
DisplayWindow { background: #0b2545; }
QLabel { color: #f4f4f4; }
QLabel#office { font-size: 30px; font-weight: bold; }
QLabel#clock { font-size: 30px; font-weight: bold; }
QLabel#date { font-size: 20px; color: #c9d6ea; }
QFrame#counterCard { background: #13315c; border-radius: 14px; }
QFrame#counterCard[fresh="true"] { background: #f2a541; }
QFrame#counterCard[fresh="true"] QLabel { color: #0b2545; }
QFrame#counterCard[paused="true"] { background: #3d4f66; }
QLabel#counterName { font-size: 26px; font-weight: bold; }
QLabel#counterNumber { font-size: 96px; font-weight: bold; }
QFrame#side { background: #134074; border-radius: 14px; }
QLabel#sideTitle { font-size: 22px; font-weight: bold; color: #f2a541; }
QLabel#recent, QLabel#waiting { font-size: 22px; }
"""


class Marquee(QWidget):
    """A running text line that scrolls right to left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._offset = 0
        self.setMinimumHeight(56)
        font = QFont()
        font.setPixelSize(28)
        self.setFont(font)
        self._timer = QTimer(self)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._step)
        self._timer.start()

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._offset = self.width()  # start readable at the left edge
            self.update()

    def _step(self) -> None:
        if self._text:
            self._offset += 2
            span = self.fontMetrics().horizontalAdvance(self._text) + self.width()
            if self._offset > span:
                self._offset = 0
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        painter.setPen(Qt.GlobalColor.yellow)
        x = self.width() - self._offset
        painter.drawText(
            x, 0, 10_000, self.height(), int(Qt.AlignmentFlag.AlignVCenter), self._text
        )


class CounterCard(QFrame):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterCard")
        layout = QVBoxLayout(self)
        self.name = QLabel(name, objectName="counterName")
        self.number = QLabel("–", objectName="counterNumber")
        for label in (self.name, self.number):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Type grows with the card: readable at 5 m on a 32-inch 1080p screen.

        The number takes about half the card's height (at least ~160 px there, ~5 cm),
        bounded by its width so "A-012" never clips.
        """
        super().resizeEvent(event)
        height, width = self.height(), self.width()
        number = int(max(40, min(height * 0.5, width * 0.85 / 3.4)))
        name = int(max(20, number * 0.28))
        self.number.setStyleSheet(f"font-size: {number}px; font-weight: bold;")
        self.name.setStyleSheet(f"font-size: {name}px; font-weight: bold;")

    def set_fresh(self, fresh: bool) -> None:
        if self.property("fresh") != fresh:
            self.setProperty("fresh", fresh)
            self.style().unpolish(self)
            self.style().polish(self)
            for child in self.findChildren(QLabel):
                child.style().unpolish(child)
                child.style().polish(child)


def long_date(now: datetime) -> str:
    day = QCoreApplication.translate("display", DAYS_ID[now.weekday()])
    month = QCoreApplication.translate("display", MONTHS_ID[now.month - 1])
    return f"{day}, {now.day} {month} {now.year}"


class DisplayWindow(QWidget):
    """Follows the office: this process's commits at once, the office feed's as they come
    (another process on this PC within 200 ms; the hub's push on a LAN client)."""

    refreshed = Signal()

    def __init__(self, client: OfficeClient, *, announcer: Announcer | None = None,
                 clock: Callable[[], datetime] = utc_now, feed: OfficeFeed | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client = client
        self.clock = clock
        self.announcer = announcer
        self.setWindowTitle(self.tr("Layar Antrian"))
        self.setStyleSheet(STYLE)
        self.setAutoFillBackground(True)
        self._last_seq: int | None = None
        self._fresh_until: dict[int, datetime] = {}
        self._cards: dict[int, CounterCard] = {}
        self.board: Board | None = None

        self.office = QLabel(objectName="office")
        self.date = QLabel(objectName="date")
        self.clock_label = QLabel(objectName="clock")
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.office)
        titles.addWidget(self.date)
        # Staff must see that this screen lost the hub (it keeps the last board meanwhile).
        self.link_label = LinkLabel(feed, quiet=True)
        titles.addWidget(self.link_label)
        top.addLayout(titles, 1)
        top.addWidget(self.clock_label)

        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        side = self._side()

        middle = QHBoxLayout()
        middle.addLayout(self.grid, 3)
        middle.addWidget(side, 1)
        self.marquee = Marquee()
        root = QVBoxLayout(self)
        root.setContentsMargins(24, 18, 24, 12)
        root.addLayout(top)
        root.addLayout(middle, 1)
        root.addWidget(self.marquee)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_clock)
        self._tick.start()
        self.feed = ChangeFeed(self, feed, self.refresh)
        self.refresh()
        # This PC's voice settings: right click on the display, or Ctrl+Shift+S.
        self.voice_action = QAction(self.tr("Pengaturan suara…"), self)
        self.voice_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.voice_action.triggered.connect(self.open_voice_settings)
        self.addAction(self.voice_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _side(self) -> QFrame:
        """The right column: the last calls, and who is waiting."""
        side = QFrame(objectName="side")
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(QLabel(self.tr("Panggilan terakhir"), objectName="sideTitle"))
        self.recent = QLabel(objectName="recent")
        self.recent.setAlignment(Qt.AlignmentFlag.AlignTop)
        side_layout.addWidget(self.recent, 1)
        side_layout.addWidget(QLabel(self.tr("Menunggu"), objectName="sideTitle"))
        self.waiting = QLabel(objectName="waiting")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.waiting.setWordWrap(True)
        side_layout.addWidget(self.waiting, 1)
        return side

    def voice_dialog(self) -> QDialog | None:
        """The voice settings of this PC, for the calls' letters and counters."""
        if self.announcer is None:
            return None
        from loket.ui.dialogs.voice_settings import VoiceSettingsDialog

        board = self.board
        prefixes = sorted({w.prefix for w in board.waiting}) if board else []
        counters = [c.number for c in board.counters] if board else []
        return VoiceSettingsDialog(
            self.announcer,
            scope=self.announcer.voice_scope,
            prefixes=prefixes,
            counter_numbers=counters,
            parent=self,
        )

    def open_voice_settings(self) -> None:
        dialog = self.voice_dialog()
        if dialog is not None:
            dialog.exec()

    # -- state -------------------------------------------------------------------

    def counter_text(self, number: int) -> str:
        """What the card of counter ``number`` shows now (tests and benchmarks read it)."""
        for counter in self.board.counters if self.board else []:
            if counter.number == number:
                return self._cards[counter.counter_id].number.text()
        return ""

    def status_text(self, counter: CounterNow) -> str:
        """ "istirahat", "sholat Jumat", "tutup"; empty while the counter is open."""
        if counter.status is CounterStatus.CLOSED:
            return self.tr("tutup")
        if counter.status is CounterStatus.BREAK:
            return counter.status_reason or self.tr("istirahat")
        return ""

    def counter_title(self, number: int) -> str:
        """The card's title line, "LOKET 2 — istirahat" while on a break (tests read it)."""
        for counter in self.board.counters if self.board else []:
            if counter.number == number:
                return self._cards[counter.counter_id].name.text()
        return ""

    def is_fresh(self, number: int) -> bool:
        for counter in self.board.counters if self.board else []:
            if counter.number == number:
                return bool(self._cards[counter.counter_id].property("fresh"))
        return False

    def refresh(self) -> None:
        try:
            board = self.client.board(self._last_seq or 0)
        except LoketError:
            return  # the hub is away: keep showing the last board; the feed catches up
        self.board = board
        new_calls = []
        if board.recent_calls:
            top_seq = board.recent_calls[0].seq
            if self._last_seq is not None:
                new_calls = [c for c in board.recent_calls if c.seq > self._last_seq]
            self._last_seq = max(self._last_seq or 0, top_seq)
        elif self._last_seq is None:
            self._last_seq = 0
        self._render(board)
        for call in sorted(new_calls, key=lambda c: c.seq):
            self._on_new_call(call)
        self.refreshed.emit()

    def _on_new_call(self, call: CallRecord) -> None:
        counter_id = next((c.counter_id for c in self.board.counters  # type: ignore[union-attr]
                           if c.number == call.counter_number), None)  # fmt: skip
        if counter_id is not None:
            self._fresh_until[counter_id] = self.clock()
            card = self._cards.get(counter_id)
            if card is not None:
                card.number.setText(call.label)
                card.set_fresh(True)
                # Owned by the card: if the card goes, so does the timer.
                QTimer.singleShot(HIGHLIGHT_MS, card, lambda c=card: c.set_fresh(False))
        if self.announcer is not None:
            prefix, number = parse_label(call.label)
            self.announcer.announce_call(prefix, number, call.counter_number)

    def _render(self, board: Board) -> None:
        self.office.setText(board.office_name)
        self.link_label.set_zone(ZoneInfo(board.timezone))
        wanted = [c.counter_id for c in board.counters]
        if list(self._cards) != wanted:
            for card in self._cards.values():
                card.deleteLater()
            self._cards = {}
            columns = 3 if len(board.counters) > 4 else 2
            for index, counter in enumerate(board.counters):
                card = CounterCard(self.tr("LOKET {0}").format(counter.number))
                self._cards[counter.counter_id] = card
                self.grid.addWidget(card, index // columns, index % columns)
        for counter in board.counters:
            card = self._cards[counter.counter_id]
            card.number.setText(counter.label or "–")
            title = self.tr("LOKET {0}").format(counter.number)
            status = self.status_text(counter)
            card.name.setText(f"{title} — {status}" if status else title)
            if card.property("paused") != bool(status):
                card.setProperty("paused", bool(status))
                card.style().unpolish(card)
                card.style().polish(card)
        tz = ZoneInfo(board.timezone)
        # Outside the f-strings, where lupdate can see them.
        counter_word, again = self.tr("Loket"), " " + self.tr("(ulang)")
        recent_lines = [
            f"<b>{call.label}</b> &rarr; {counter_word} {call.counter_number}"
            f" <span style='color:#c9d6ea'>{call.at.astimezone(tz):%H:%M}"
            f"{again if call.is_recall else ''}</span>"
            for call in board.recent_calls[:6]
        ]
        self.recent.setText("<br>".join(recent_lines) or self.tr("Belum ada panggilan"))
        self.waiting.setText(
            "<br>".join(  # a service's name is text, even with a "<" in it
                f"<b>{escape(w.prefix)}</b> {escape(w.name)}: <b>{w.waiting}</b>"
                for w in board.waiting
            )
        )
        self.marquee.set_text(board.running_text)
        self._update_clock()

    def _update_clock(self) -> None:
        if self.board is None:
            return
        local = self.clock().astimezone(ZoneInfo(self.board.timezone))
        zone = INDONESIAN_ZONES.get(self.board.timezone, "")
        self.clock_label.setText(f"{local:%H:%M:%S} {zone}")
        self.date.setText(long_date(local))

    def show_on_screen(self, index: int | None, *, fullscreen: bool = True) -> None:
        """Put the window on screen ``index`` (a second monitor) and go full screen."""
        screens = QGuiApplication.screens()
        if index is not None and 0 <= index < len(screens):
            self.setScreen(screens[index])
            self.move(screens[index].geometry().topLeft())
        if fullscreen:
            self.showFullScreen()
        else:  # a window (one-PC office, --windowed): never past a 1024×768 screen
            fit_on_screen(self, 1280, 720)
            self.show()

    def closeEvent(self, event):  # type: ignore[no-untyped-def]
        self.feed.stop()
        super().closeEvent(event)
