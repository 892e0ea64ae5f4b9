"""This display PC's voice settings, driven through the dialog's own widgets (issue 18)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt

from loket.ui.devices.announcer import APP, ORG, Announcer, VoiceSettings
from loket.ui.dialogs.voice_settings import VoiceSettingsDialog
from loket.ui.windows.display import DisplayWindow
from loket.voice.clips import call_clips, clips_folder, slug
from loket.voice.pcm import RATE, Pcm, wav_bytes
from tests.conftest import Office

pytestmark = pytest.mark.timeout(60)
FAST = {"chime_ms": 1, "gap_ms": 1, "pace": 0.01}


@pytest.fixture
def scope() -> Iterator[str]:
    """A QSettings scope of this test's own, removed afterwards (no real PC setting)."""
    name = f"-test-{uuid.uuid4().hex[:8]}"
    yield name
    settings = QSettings(ORG, APP + name)
    settings.clear()
    settings.sync()
    Path(settings.fileName()).unlink(missing_ok=True)


def _tone_folder(folder: Path, phrases: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tone = Pcm(RATE)
    tone.samples.extend([5000, -5000] * 2500)
    for phrase in phrases:
        if phrase != ",":
            (folder / f"{slug(phrase).replace('-', ' ').title()}.wav").write_bytes(wav_bytes(tone))


def test_settings_are_this_pcs_and_the_test_button_speaks(  # type: ignore[no-untyped-def]
    qtbot, office: Office, tmp_path: Path, scope: str
) -> None:
    announcer = Announcer(probe=False, clips_dir=clips_folder(tmp_path), **FAST)
    announcer.voice_scope = scope
    display = DisplayWindow(office.client, announcer=announcer, clock=office.clock)
    qtbot.addWidget(display)
    assert display.voice_action.shortcut().toString() == "Ctrl+Shift+S"
    dialog = display.voice_dialog()
    assert isinstance(dialog, VoiceSettingsDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.speaking.text() == "suara bawaan Loket"  # nothing recorded, no OS probe

    # the office's recordings, imported from a folder of WAVs named after the phrases
    source = tmp_path / "rekaman"
    _tone_folder(source, call_clips("A", 1, 1))
    assert sorted(dialog.import_from(source)) == sorted(
        {p for p in call_clips("A", 1, 1) if p != ","}
    )
    assert dialog.speaking.text() == "rekaman suara kantor"

    dialog.repeats.setValue(2)
    dialog.volume.setValue(40)
    with qtbot.waitSignal(announcer.finished, timeout=10_000):
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert announcer.last_voice == "clips"

    box = dialog.enabled  # click on the box itself, not the row's empty end
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert not box.isChecked()  # voice off: the chime only
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert VoiceSettings.load(scope) == VoiceSettings(
        enabled=False, volume=40, voice="auto", repeats=2
    )
    assert announcer.settings.enabled is False
    with qtbot.waitSignal(announcer.finished, timeout=10_000):
        announcer.announce_call("A", 1, 1)
    assert announcer.last_voice == "chime"
