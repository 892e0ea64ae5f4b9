"""The admin's recording page: the guided list, a recording kept or refused, an import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from loket.app.users import add_user
from loket.ui.admin.dialog import AdminDialog
from loket.ui.admin.voice_clips import VoiceClipsPage
from loket.voice.clips import call_clips, clips_folder
from loket.voice.pcm import RATE, Pcm, read_wav, silence, wav_bytes
from tests.conftest import Office

pytestmark = pytest.mark.timeout(60)


def _speech_like(seconds: float) -> Pcm:
    pcm = silence(300)  # the pause before speaking, trimmed away
    pcm.samples.extend([7000, -7000, 3000, -3000] * int(RATE * seconds / 4))
    pcm.samples.extend(silence(400).samples)
    return pcm


def test_the_admin_screen_lists_every_phrase_and_keeps_recordings(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    admin = add_user(office.db, "kepala", "admin", "rahasia-123")
    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    page = dialog.voice_clips
    assert isinstance(page, VoiceClipsPage)
    assert page.clips.folder == clips_folder(office.db.path.parent)
    phrases = [item.phrase for item in page.items]
    for phrase in call_clips("A", 123, 2):
        assert phrase == "," or phrase in phrases
    assert page.status.text().startswith("0 dari")

    page.table.selectRow(0)  # "nomor antrian"
    assert page.save_clip(page.items[0], _speech_like(0.8))
    kept = read_wav(page.clips.path("nomor antrian"))
    assert 0.8 <= kept.seconds < 1.0  # the silence around it trimmed, a little margin kept
    assert page.table.item(0, 2).text() == "ada"
    assert page.status.text().startswith("1 dari")
    assert not page.save_clip(page.items[1], silence(800))  # silence: refused, say again
    assert "diam" in page.status.text()
    assert not page.clips.has(page.items[1].phrase)


def test_a_folder_of_wavs_fills_the_list(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = VoiceClipsPage(tmp_path / "clips", ["A", "B"], [1, 2])
    qtbot.addWidget(page)
    source = tmp_path / "dari-studio"
    source.mkdir()
    for name in ("Nomor Antrian.wav", "silakan_menuju.wav", "loket.wav", "be.wav"):
        (source / name).write_bytes(wav_bytes(_speech_like(0.5)))
    assert sorted(page.import_from(source)) == ["be", "loket", "nomor antrian", "silakan menuju"]
    assert page.status.text().startswith("4 dari")
    if not page._has_input:  # no microphone here: recording is off, and says why
        assert not page.record_button.isEnabled()
        assert "mikrofon" in page.record_button.toolTip()
    page.table.selectRow(0)
    assert page.play_button.isEnabled()
    qtbot.mouseClick(page.play_button, Qt.MouseButton.LeftButton)  # never raises without a device
