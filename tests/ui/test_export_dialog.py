"""*Ekspor laporan…* from the dashboard (issue 15 item 7): the register of a period to PDF
with a progress bar, through the dialog's own button."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from loket.core.periods import Period
from tests.app.test_reports import DAY, build_fixed_day, wib
from tests.conftest import Office
from tests.ui.test_dashboard import open_dashboard


@pytest.fixture
def day_office(office: Office) -> Office:
    build_fixed_day(office)
    office.clock.now = wib(12, 0, day=26)
    return office


def open_export(qtbot, office: Office):  # type: ignore[no-untyped-def]
    """The dashboard on the fixed day, its export dialog opened by its button."""
    window = open_dashboard(qtbot, office)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.set_period(Period.day(DAY))
    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    dialog = window.export_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    return window, dialog


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_export_the_register_with_a_progress_bar(qtbot, day_office: Office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _window, dialog = open_export(qtbot, day_office)  # (the window kept alive)
    dialog.kind.setCurrentIndex(dialog.kind.findData("register"))
    target = tmp_path / "register.pdf"
    dialog.target.setText(str(target))  # what the file dialog hands over
    with qtbot.waitSignal(dialog.finished_export, timeout=60_000) as done:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert done.args == [str(target)] and dialog.progress.value() == 100
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout  # fmt: skip
    assert "BUKU REGISTER PELAYANAN" in text and "Halaman 1 dari 1" in text
    # A folder as the target: a clear message, the button usable again.
    dialog.target.setText(str(tmp_path))
    with qtbot.waitSignal(dialog.failed, timeout=60_000) as failed:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "adalah folder" in failed.args[0] and dialog.export_button.isEnabled()


def test_the_csv_style_is_chosen_in_the_dialog_and_saved_for_the_office(  # type: ignore[no-untyped-def]
    qtbot, day_office: Office, tmp_path: Path
) -> None:
    """Issue 15 item 6: the GUI's CSV style is the office's saved setting (the CLI's too)."""
    from loket.app.export_settings import saved_csv_style

    _window, dialog = open_export(qtbot, day_office)  # (the window kept alive)
    assert dialog.csv_style.currentData() == "id" and not dialog.csv_style.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData("register"))
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert dialog.csv_style.isEnabled()
    dialog.csv_style.setCurrentIndex(dialog.csv_style.findData("en"))
    target = tmp_path / "register.csv"
    dialog.target.setText(str(target))
    with qtbot.waitSignal(dialog.finished_export, timeout=60_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert target.read_text(encoding="utf-8-sig").startswith("No,Tanggal,")
    assert saved_csv_style(day_office.db) == "en"


def test_a_file_name_too_long_is_said_and_the_button_works_again(  # type: ignore[no-untyped-def]
    qtbot, day_office: Office, tmp_path: Path
) -> None:
    """A 300-character name raised OSError (ENAMETOOLONG) out of the button's slot, and
    the button stayed greyed out: no second try without closing the dialog."""
    _window, dialog = open_export(qtbot, day_office)  # (the window kept alive)
    dialog.target.setText(str(tmp_path / ("laporan harian " * 20 + ".pdf")))
    with qtbot.waitSignal(dialog.failed, timeout=60_000) as failed:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "Nama berkas terlalu panjang" in failed.args[0]
    assert "Nama berkas terlalu panjang" in dialog.status.text()
    assert dialog.export_button.isEnabled()
    dialog.target.setText(str(tmp_path / "laporan.pdf"))
    with qtbot.waitSignal(dialog.finished_export, timeout=60_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "laporan.pdf").stat().st_size > 0
