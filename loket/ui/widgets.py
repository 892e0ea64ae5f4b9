"""Small widgets every dialog repeats, built in one place so they look and read alike."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QMimeData, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

ERROR_STYLE = "color: #a4161a"


def error_label() -> QLabel:
    """A red, wrapping line where a dialog says what is wrong."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def ok_cancel(
    dialog: QDialog,
    ok_text: str,
    on_ok: Callable[[], None] | None = None,
    cancel_text: str | None = None,
) -> QDialogButtonBox:
    """OK/Cancel with Indonesian labels; ``on_ok`` may refuse (it decides to accept)."""
    # Set after construction: the constructor's overloads (buttons or an orientation)
    # make PySide6 build its whole Qt namespace, ~40 ms before the login shows.
    buttons = QDialogButtonBox()
    buttons.setStandardButtons(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
        cancel_text or QCoreApplication.translate("widgets", "Batal")
    )
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def whole_number(text: str) -> int | None:
    """A number typed in a table cell, or None when it is not one.

    Not ``str.isdigit()`` then ``int()``: "²" passes isdigit and makes int() raise out
    of the slot; a minus sign is kept so the office's rules say what is wrong with it.
    """
    try:
        return int(text.strip())
    except ValueError:
        return None


class BoundedTextEdit(QPlainTextEdit):
    """A notes box whose pastes stop at ``limit`` characters.

    QPlainTextEdit has no maximum length: a paste of a few megabytes on one line froze
    the window for minutes while Qt laid it out, and the office refuses text over its
    limit anyway. A paste is cut to what fits and ``truncated`` says so; what is typed
    past the limit is left for the dialog to refuse, with the text kept.
    """

    truncated = Signal()

    def __init__(self, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit

    def insertFromMimeData(self, source: QMimeData) -> None:
        text = source.text()
        cursor = self.textCursor()
        room = self.limit - (len(self.toPlainText()) - len(cursor.selectedText()))
        if len(text) <= room:
            super().insertFromMimeData(source)
            return
        cursor.insertText(text[: max(room, 0)])
        self.setTextCursor(cursor)
        self.truncated.emit()


#: The office monitors every window must fit (issue 10): 1024×768 and 1366×768.
SMALL_SCREEN = (1024, 768)
#: What a framed window loses to its borders, its title bar and the taskbar.
FRAME_ALLOWANCE = (16, 72)


def shrink_to_fit(combo: QComboBox, characters: int = 14) -> None:
    """A combo box whose longest item does not set the window's minimum width."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)


def fit_on_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to the wished size, but never past the screen's free area.

    The free area already leaves out the taskbar; the window's own frame and title bar
    (about 16 and 32 px) must fit in it too.
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        width = min(width, free.width() - 16)
        height = min(height, free.height() - 40)
    window.resize(width, height)


def add_shortcut(owner: QWidget, key: str, button: QPushButton) -> None:
    """A window-wide key that presses ``button`` (only while the button is enabled).

    The key is printed on the button; ``owner`` is any widget of the window (a panel's
    key works wherever the focus is in its window).
    """
    from PySide6.QtCore import Qt  # here: the Qt namespace costs the login window ~40 ms

    action = QAction(owner)
    action.setShortcut(QKeySequence(key))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda: button.isEnabled() and button.click())
    owner.addAction(action)
    button.setProperty("shortcutKey", key)
