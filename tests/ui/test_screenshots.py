"""The screenshot script keeps working (the README shows its output)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from loket.ui.tools.screenshots import SIZES, take_all


def test_every_window_is_captured_at_a_realistic_size(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = take_all(tmp_path / "shots", tmp_path / "data")
    names = {p.stem for p in paths}
    assert {
        "operator",
        "kiosk",
        "kiosk-ticket",
        "display",
        "login",
        "finish",
        "wizard",
        "admin",
    } <= names
    for path in paths:
        image = QImage(str(path))
        assert not image.isNull()
        want = SIZES.get(path.stem.split("-")[0])
        assert want is not None and image.width() >= want[0] * 0.9
