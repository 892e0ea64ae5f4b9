"""The one QApplication of a GUI process: its name, icon and translations."""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from loket.resources import resource_path
from loket.ui.language import install_translations


def application() -> QApplication:
    """The running QApplication, or a new one named Loket in this PC's language."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Loket")
        app.setOrganizationName("Loket")
        icon = resource_path("icons", "loket.png")
        if icon.is_file():
            app.setWindowIcon(QIcon(str(icon)))
        install_translations(app)
    assert isinstance(app, QApplication)
    return app
