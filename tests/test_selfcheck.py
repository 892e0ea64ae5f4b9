"""`loket --self-check`: the program proves it works end to end, in a folder of its own."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from loket.app.desk import Desk
from loket.cli import diag as diag_cli
from loket.core.tickets import TicketState
from loket.store.migrate import open_database
from loket.ui.tools import selfcheck

os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")


def test_a_fresh_folder_gets_a_ticket_issued_called_and_shown(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    data = tmp_path / "fresh"
    assert selfcheck.run_self_check(data, say=said.append) == 0
    report = "\n".join(said)
    assert "Nomor A-001 diambil dan dipanggil ke loket 1." in report
    assert "Suara bawaan (espeak-ng) membaca panggilan" in report  # the bundle carries it
    assert "Uji mandiri selesai" in said[-1]
    assert not any(line.startswith("GAGAL") for line in said)
    image = QImage(str(data / "self-check-display.png"))
    assert (image.width(), image.height()) == selfcheck.DISPLAY_SIZE
    assert (data / "self-check-ticket.pdf").read_bytes().startswith(b"%PDF")
    db = open_database(data)
    try:
        (ticket,) = Desk(db).waiting(None) or [None]
        assert ticket is None  # the one ticket was called, nobody waits
        current = Desk(db).current(1)
        assert current is not None and current.label == "A-001"
        assert current.state is TicketState.CALLED
    finally:
        db.close()


def test_a_folder_holding_a_register_is_refused_untouched(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "office"
    open_database(data).close()
    before = (data / "loket.db").read_bytes()
    said: list[str] = []
    assert selfcheck.run_self_check(data, say=said.append) == 2
    assert said[0].startswith("GAGAL") and "folder data baru" in said[0]
    assert (data / "loket.db").read_bytes() == before
    assert not (data / "self-check-display.png").exists()


def test_a_missing_part_of_the_program_fails_the_check(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("loket.resources.resource_path", lambda *p: tmp_path.joinpath("none", *p))
    said: list[str] = []
    assert selfcheck.run_self_check(tmp_path / "fresh", say=said.append) == 1
    assert said[-1].startswith("GAGAL") and "chime.wav" in said[-1]


def test_the_flag_without_a_data_dir_uses_a_temporary_folder(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    args = argparse.Namespace(self_check=True, command=None)
    real = tmp_path / "real-office"  # what LOKET_DATA_DIR would resolve to
    assert diag_cli.handle_global(args, real) == 0
    out = capsys.readouterr().out
    assert "Uji mandiri selesai" in out and str(tmp_path) in out
    assert not real.exists()
    assert not list(tmp_path.glob("loket-self-check-*"))  # removed afterwards
