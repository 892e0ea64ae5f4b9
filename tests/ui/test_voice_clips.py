"""The admin's recording page: the guided list, a recording kept or refused, an import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QIODevice, Qt, QTimer
from PySide6.QtMultimedia import QAudioFormat

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


class FakeInput(QIODevice):
    """The microphone's side of a QAudioSource: PCM arriving in 20 ms chunks."""

    def __init__(self, pcm: Pcm) -> None:
        super().__init__()
        self.pending = bytearray(pcm.samples.tobytes())
        self.ready = bytearray()
        self.timer = QTimer(self)
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        chunk = RATE * 2 // 50  # 20 ms of 16-bit mono
        self.ready += self.pending[:chunk]
        del self.pending[:chunk]
        self.readyRead.emit()

    def isSequential(self) -> bool:
        return True

    def bytesAvailable(self) -> int:
        return len(self.ready) + super().bytesAvailable()

    def readData(self, maxlen: int) -> bytes:
        out = bytes(self.ready[:maxlen])
        del self.ready[:maxlen]
        return out

    def writeData(self, data: bytes) -> int:
        return -1


class FakeMicrophone:
    """Only the audio input is fake: the page opens, starts, reads and stops it as Qt's."""

    def __init__(self, pcm: Pcm | None) -> None:
        self.pcm = pcm
        self.opened: list[QAudioFormat] = []
        self.stopped = False

    def available(self) -> bool:
        return self.pcm is not None

    def open(self, fmt: QAudioFormat, parent: object) -> FakeMicrophone:
        self.opened.append(fmt)
        return self

    def format(self) -> QAudioFormat:
        return self.opened[-1]

    def start(self) -> QIODevice:
        assert self.pcm is not None
        self.device = FakeInput(self.pcm)
        self.device.open(QIODevice.OpenModeFlag.ReadOnly)
        self.device.timer.start()
        return self.device

    def stop(self) -> None:
        self.stopped = True
        self.device.timer.stop()


def test_recording_from_the_microphone_by_the_tabs_own_buttons(  # type: ignore[no-untyped-def]
    qtbot, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    import loket.ui.admin.voice_clips as voice_clips

    microphone = FakeMicrophone(_speech_like(0.6))
    monkeypatch.setattr(voice_clips, "QtMicrophone", lambda: microphone)
    admin = add_user(office.db, "kepala", "admin", "rahasia-123")
    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.voice_clips
    dialog.tabs.setCurrentWidget(page)
    assert not page.no_microphone.isVisible()
    page.table.selectRow(2)
    phrase = page.items[2].phrase
    assert page.record_button.text() == "Rekam" and page.record_button.isEnabled()
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    fmt = microphone.opened[0]
    assert (fmt.sampleRate(), fmt.channelCount()) == (RATE, 1)
    assert fmt.sampleFormat() == QAudioFormat.SampleFormat.Int16
    assert page.record_button.text() == "Berhenti" and phrase in page.status.text()
    qtbot.waitUntil(lambda: not microphone.device.pending, timeout=10_000)  # all said
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)  # Berhenti
    assert microphone.stopped and page.record_button.text() == "Rekam"
    kept = read_wav(page.clips.path(phrase))
    assert 0.6 <= kept.seconds < 0.8  # the silences trimmed, a little margin kept
    assert page.table.item(2, 2).text() == "ada" and page.play_button.isEnabled()


def test_with_no_microphone_the_tab_says_so(qtbot, office: Office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import loket.ui.admin.voice_clips as voice_clips

    monkeypatch.setattr(voice_clips, "QtMicrophone", lambda: FakeMicrophone(None))
    admin = add_user(office.db, "kepala", "admin", "rahasia-123")
    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.voice_clips
    dialog.tabs.setCurrentWidget(page)
    assert page.no_microphone.isVisible()
    assert "Tidak ada mikrofon di PC ini" in page.no_microphone.text()
    assert not page.record_button.isEnabled() and page.import_button.isEnabled()
