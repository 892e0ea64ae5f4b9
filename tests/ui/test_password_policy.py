"""Issue 10 item 19 through the admin screen's own buttons and the CLI."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from loket.app.users import add_user, authenticate
from loket.cli import main
from loket.ui.admin.dialog import AdminDialog
from tests.conftest import Office


def _click(dialog: AdminDialog, text: str, qtbot) -> None:  # type: ignore[no-untyped-def]
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_admin_screen_refuses_a_short_supervisor_password(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    admin = add_user(office.db, "admin", "admin", "admin-pass")
    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.users_tab.new_name, "Kasi Baru")
    dialog.users_tab.new_role.setCurrentIndex(dialog.users_tab.new_role.findData("supervisor"))
    qtbot.keyClicks(dialog.users_tab.new_password, "1234")
    _click(dialog, "Tambah pengguna", qtbot)
    assert "paling sedikit 8" in dialog.message.text()
    assert authenticate(office.db, "kasi baru", "1234") is None
    dialog.users_tab.new_password.clear()
    qtbot.keyClicks(dialog.users_tab.new_password, "kasi-rahasia")
    _click(dialog, "Tambah pengguna", qtbot)
    assert "ditambahkan" in dialog.message.text()
    assert authenticate(office.db, "kasi baru", "kasi-rahasia") is not None


def test_a_password_of_only_spaces_is_refused(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    """Ten presses of the space bar passed the 8-character rule."""
    admin = add_user(office.db, "admin", "admin", "admin-pass")
    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.users_tab.new_name, "Petugas Baru")
    qtbot.keyClicks(dialog.users_tab.new_password, " " * 10)
    _click(dialog, "Tambah pengguna", qtbot)
    assert "tidak boleh hanya berisi spasi" in dialog.message.text()
    assert authenticate(office.db, "petugas baru", " " * 10) is None
    dialog.users_tab.new_password.clear()
    qtbot.keyClicks(dialog.users_tab.new_password, "pass word 1")  # spaces inside: fine
    _click(dialog, "Tambah pengguna", qtbot)
    assert "ditambahkan" in dialog.message.text()
    assert authenticate(office.db, "petugas baru", "pass word 1") is not None


def test_the_cli_refuses_a_short_admin_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = str(tmp_path / "d")
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    assert main(["user", "add", "--data-dir", data, "--name", "admin", "--role", "admin"]) == 1
    assert "paling sedikit 8" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-admin\n"))
    assert main(["user", "add", "--data-dir", data, "--name", "admin", "--role", "admin"]) == 0
