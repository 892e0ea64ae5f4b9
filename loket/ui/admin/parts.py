"""What the admin's tabs share: a message callback type, a named button, a named table.

Every tab reports through ``ok(text)`` / ``error(text)``: the dialog shows the line
under the tabs, so each tab only says what happened.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QHeaderView, QPushButton, QTableWidget

Report = Callable[[str], None]

# A role's name as the users tab shows it (translated there, in its context).
ROLE_NAMES = {
    "operator": QT_TRANSLATE_NOOP("UsersTab", "Petugas"),
    "supervisor": QT_TRANSLATE_NOOP("UsersTab", "Supervisor"),
    "admin": QT_TRANSLATE_NOOP("UsersTab", "Admin"),
}


def table(headers: list[str], name: str) -> QTableWidget:
    """A table whose second column stretches, without row numbers, named for readers."""
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.setAccessibleName(name)
    widget.verticalHeader().hide()
    widget.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return widget


def button(text: str, slot: Callable[[], None]) -> QPushButton:
    """A push button whose accessible name is its text (tests and screen readers find it)."""
    widget = QPushButton(text)
    widget.setAccessibleName(text)
    widget.clicked.connect(slot)
    return widget
