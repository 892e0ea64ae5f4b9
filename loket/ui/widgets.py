"""Small widgets every dialog repeats, built in one place so they look and read alike."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

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
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
        cancel_text or QCoreApplication.translate("widgets", "Batal")
    )
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
