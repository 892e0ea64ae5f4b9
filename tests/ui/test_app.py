"""Starting the GUI on the demo office and on a data dir with no office."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QMessageBox

from loket.app.users import authenticate, list_users
from loket.ui.app import Session, open_for_gui, slip_printer
from loket.ui.localsettings import LocalSettings


def test_demo_opens_with_accounts_and_counters(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    local = open_for_gui(tmp_path / "demo", demo=True)
    assert local is not None
    db = local.db
    assert {u.name for u in list_users(db)} >= {"petugas1", "kasi", "admin"}
    assert authenticate(db, "petugas1", "1234") is not None
    session = Session(local, demo=True)
    assert len(session.counters) == 3 and session.settings.print_mode == "none"
    kiosk = session.kiosk(fullscreen=False)
    qtbot.addWidget(kiosk)
    assert len(kiosk.service_buttons) == 5
    session.close()


def test_no_office_is_explained_not_created(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[2]))
    assert open_for_gui(tmp_path / "real", demo=False) is None
    assert shown and "Kantor belum diatur" in shown[0]


def test_corrupt_database_is_explained(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from loket.ui.dialogs.recovery import RecoveryDialog

    shown: list[str] = []

    def leave(dialog: RecoveryDialog) -> int:
        shown.append(dialog.findChildren(QLabel)[0].text())
        return 0  # the person chooses "Keluar"

    monkeypatch.setattr(RecoveryDialog, "exec", leave)
    data = tmp_path / "bad"
    data.mkdir()
    (data / "loket.db").write_bytes(b"this is not sqlite at all" * 10)
    assert open_for_gui(data, demo=False) is None
    assert shown and "bukan basis data" in shown[0]
    assert (data / "loket.db").read_bytes() == b"this is not sqlite at all" * 10


def test_print_settings_choose_the_path(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert slip_printer(LocalSettings(print_mode="none")) is None
    assert slip_printer(LocalSettings(print_mode="system")) is not None
    assert (
        slip_printer(LocalSettings(print_mode="escpos", escpos_target="10.0.0.9:9100")) is not None
    )


def test_an_empty_data_dir_starts_the_demo_not_a_half_made_office(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from loket.ui.app import office_configured

    assert not office_configured(tmp_path / "fresh")
    assert not (tmp_path / "fresh" / "loket.db").exists()  # asking created nothing
    local = open_for_gui(tmp_path / "fresh" / "demo", demo=True)
    assert local is not None
    local.close()
    assert not office_configured(tmp_path / "fresh")


def test_a_corrupt_database_offers_the_last_backup_and_keeps_the_register(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from loket.app.maintenance import backup_if_due
    from loket.app.simulate import simulate_day
    from loket.app.stats import stats_for_day
    from loket.store.migrate import open_database
    from loket.ui.dialogs.recovery import RecoveryDialog

    data = tmp_path / "office"
    db = open_database(data)
    simulate_day(db, date(2026, 11, 20), 50, seed=2)
    figures = stats_for_day(db, date(2026, 11, 20)).to_json()
    assert backup_if_due(db) is not None
    db.close()
    live = data / "loket.db"
    raw = bytearray(live.read_bytes())
    raw[8192:20000] = b"\x00\xff" * ((20000 - 8192) // 2)
    live.write_bytes(bytes(raw))
    seen: list[str] = []

    def choose_latest(dialog: RecoveryDialog) -> int:
        seen.append(dialog.list.currentItem().text())
        dialog.restore_selected()
        return 1

    monkeypatch.setattr(RecoveryDialog, "exec", choose_latest)
    local = open_for_gui(data, demo=False)
    assert local is not None
    db = local.db
    assert db is not None and seen and seen[0].startswith("loket-")
    assert stats_for_day(db, date(2026, 11, 20)).to_json() == figures
    db.close()
    kept = list((data / "backups").glob("pre-restore-*.db"))
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(raw)  # the broken file is kept


def test_the_gui_never_writes_to_a_damaged_database(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 10 item 14: the check runs before any write (no migration, no checkpoint of
    the WAL, no PRAGMA optimize at close); the person leaves the recovery screen."""
    from loket.ui.app import office_configured
    from loket.ui.dialogs.recovery import RecoveryDialog
    from tests.faults import damaged_office_with_wal, file_bytes, quick_check_fails

    data = tmp_path / "office"
    damaged_office_with_wal(data, tmp_path / "live")
    assert quick_check_fails(data)
    before = file_bytes(data)
    shown: list[str] = []

    def leave(dialog: RecoveryDialog) -> int:
        shown.append(dialog.findChildren(QLabel)[0].text())
        return 0

    monkeypatch.setattr(RecoveryDialog, "exec", leave)
    assert office_configured(data)  # a real file with a problem: explained, not the wizard
    assert open_for_gui(data, demo=False) is None
    assert shown and "rusak" in shown[0]
    assert file_bytes(data) == before
