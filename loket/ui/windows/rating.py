"""The citizen's one-tap rating: four faces on a small screen facing the citizen.

It watches its counter, not the operator: when the counter finishes a service, the faces
appear for that ticket; a tap is stored, "Lewati" or a timeout puts the screen back to
rest. Nothing here is ever modal and the operator's window never waits for it: the
operator calls the next citizen whether or not the last one tapped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from loket.client.api import OfficeClient
from loket.core.days import utc_now
from loket.core.errors import LoketError
from loket.ui.feed import ChangeFeed, OfficeFeed
from loket.ui.widgets import SMALL_SCREEN, fit_on_screen

FACE_COLOURS = {1: "#a4161a", 2: "#e76f51", 3: "#8ab17d", 4: "#2a9d8f"}
# The faces' names, marked for translation: the core's ``FACES`` text, which the
# translation tool cannot see through a variable (a test keeps the two equal).
FACE_NAMES = {
    1: QT_TRANSLATE_NOOP("RatingWindow", "Sangat tidak puas"),
    2: QT_TRANSLATE_NOOP("RatingWindow", "Tidak puas"),
    3: QT_TRANSLATE_NOOP("RatingWindow", "Puas"),
    4: QT_TRANSLATE_NOOP("RatingWindow", "Sangat puas"),
}

STYLE = """
RatingWindow { background: #0b2545; }
QLabel { color: white; }
QLabel#question { font-size: 30px; font-weight: bold; }
QLabel#hint { font-size: 18px; color: #c9d6ea; }
QToolButton#face { background: #13315c; color: white; border-radius: 16px; font-size: 18px;
                   padding: 12px; }
QToolButton#face:pressed { background: #f2a541; }
QPushButton#skip { font-size: 20px; padding: 14px 48px; }
"""


def face_icon(score: int, size: int = 128) -> QIcon:
    """A drawn face (no emoji font needed): the mouth curves with the score."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(FACE_COLOURS[score]))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(QRectF(4, 4, size - 8, size - 8))
    p.setBrush(QColor("white"))
    eye = size * 0.09
    for x in (0.35, 0.65):
        p.drawEllipse(QPointF(size * x, size * 0.38), eye, eye)
    pen = QPen(QColor("white"), size * 0.06)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    curve = {1: -0.16, 2: -0.07, 3: 0.08, 4: 0.17}[score]  # frown ... broad smile
    mouth = QPainterPath(QPointF(size * 0.3, size * 0.68))
    mouth.quadTo(QPointF(size * 0.5, size * (0.68 + curve * 1.6)), QPointF(size * 0.7, size * 0.68))
    p.drawPath(mouth)
    p.end()
    return QIcon(pixmap)


def two_lines(text: str) -> str:
    """A face's name broken at the space nearest its middle, so four fit side by side."""
    spaces = [i for i, c in enumerate(text) if c == " "]
    if len(text) <= 10 or not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return f"{text[:cut]}\n{text[cut + 1 :]}"


class RatingWindow(QWidget):
    """Shown on a small citizen-facing screen (or the display PC) beside one counter."""

    rated = Signal(str, int)  # ticket id, score
    skipped = Signal(str)

    def __init__(self, client: OfficeClient, counter_id: int, *,
                 clock: Callable[[], datetime] = utc_now, feed: OfficeFeed | None = None,
                 thanks_ms: int = 3000, timeout_ms: int = 45_000,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client = client
        self.counter_id = counter_id
        self.clock = clock
        self.ticket_id: str | None = None
        self._seen: list[str] = []  # tickets already offered, newest last
        self.setWindowTitle(self.tr("Penilaian Layanan"))
        self.setStyleSheet(STYLE)
        self.setAutoFillBackground(True)

        self.question = QLabel(objectName="question")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question.setWordWrap(True)
        self.hint = QLabel(objectName="hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.faces: dict[int, QToolButton] = {}
        row = QHBoxLayout()
        for score in (1, 2, 3, 4):
            name = self.tr(FACE_NAMES[score])
            button = QToolButton(objectName="face")
            button.setIcon(face_icon(score))
            button.setText(two_lines(name))
            # The name under the face: beside it, four faces needed 1123 px of width.
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setIconSize(QSize(128, 128))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setAccessibleName(name)
            button.clicked.connect(lambda _=False, s=score: self.rate(s))
            self.faces[score] = button
            row.addWidget(button)
        self.skip_button = QPushButton(self.tr("Lewati"), objectName="skip")
        self.skip_button.setAccessibleName(self.tr("Lewati penilaian"))
        self.skip_button.clicked.connect(self.skip)
        root = QVBoxLayout(self)
        root.setContentsMargins(32, 32, 32, 32)
        root.addWidget(self.question, 1)
        root.addLayout(row, 2)
        root.addWidget(self.hint)
        root.addWidget(self.skip_button, 0, Qt.AlignmentFlag.AlignHCenter)

        self._thanks = QTimer(self)
        self._thanks.setSingleShot(True)
        self._thanks.setInterval(thanks_ms)
        self._thanks.timeout.connect(self.rest)
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(timeout_ms)
        self._timeout.timeout.connect(self.skip)
        self.feed = ChangeFeed(self, feed, self.check)
        self.rest()
        # A pad beside the counter: open as big as its screen allows, not at the 489×161
        # the layouts need, where four faces were fingertip-sized.
        fit_on_screen(self, *SMALL_SCREEN)

    # -- states ------------------------------------------------------------------------

    def is_asking(self) -> bool:
        return self.ticket_id is not None

    def rest(self) -> None:
        """Nothing to rate: a greeting, no buttons."""
        self.ticket_id = None
        self._timeout.stop()
        self.question.setText(self.tr("Terima kasih telah berkunjung"))
        self.hint.setText(self.tr("Setelah dilayani, beri nilai layanan kami di sini."))
        self._buttons(False)

    def offer(self, ticket_id: str, label: str) -> None:
        """Ask about one finished ticket (also callable by an operator-window hook)."""
        self._thanks.stop()
        self.ticket_id = ticket_id
        self._seen = [*self._seen[-49:], ticket_id]
        self.question.setText(self.tr("Bagaimana layanan kami untuk nomor {0}?").format(label))
        self.hint.setText(self.tr("Sentuh salah satu wajah."))
        self._buttons(True)
        self._timeout.start()

    def check(self) -> None:
        """Offer the counter's newest finished ticket if it was not offered yet."""
        if self.is_asking():
            return
        try:
            offer = self.client.rating_offer(self.counter_id)
        except LoketError:
            return
        if offer is not None and offer.ticket_id not in self._seen:
            self.offer(offer.ticket_id, offer.label)

    def rate(self, score: int) -> None:
        ticket_id = self.ticket_id
        if ticket_id is None:
            return
        try:
            self.client.rate_ticket(ticket_id, score)
        except LoketError as exc:
            self.hint.setText(exc.message)
            return
        self._timeout.stop()
        self.ticket_id = None
        self._buttons(False)
        self.question.setText(self.tr("Terima kasih atas penilaian Anda!"))
        self.hint.setText(self.tr(FACE_NAMES[score]))
        self.rated.emit(ticket_id, score)
        self._thanks.start()

    def skip(self) -> None:
        ticket_id = self.ticket_id
        self.rest()
        if ticket_id is not None:
            self.skipped.emit(ticket_id)

    def _buttons(self, on: bool) -> None:
        for button in self.faces.values():
            button.setVisible(on)
            button.setEnabled(on)
        self.skip_button.setVisible(on)

    def closeEvent(self, event):  # type: ignore[no-untyped-def]
        self.feed.stop()
        super().closeEvent(event)
