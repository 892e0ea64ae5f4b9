"""This display PC's voice: on/off, volume, which voice, repeats, a test call, and the
office's recordings imported from a folder of WAV files (issue 18).

Opened from the display (right click, or Ctrl+Shift+S). The settings are this PC's
(QSettings), so two displays in two rooms can differ; the recordings live in the data
folder (``<data>/voice/clips``), one WAV per phrase of the guided list.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from loket.ui.devices.announcer import Announcer, VoiceSettings
from loket.voice.clips import ClipItem, clip_list, import_folder
from loket.voice.pcm import PcmError

log = logging.getLogger(__name__)


class VoiceSettingsDialog(QDialog):
    def __init__(self, announcer: Announcer, *, scope: str = "",
                 prefixes: list[str] | None = None, counter_numbers: list[int] | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.announcer = announcer
        self.scope = scope
        self.items: list[ClipItem] = clip_list(prefixes or ["A"], counter_numbers or [1])
        self.setWindowTitle(self.tr("Suara panggilan di PC ini"))
        s = announcer.settings

        self.enabled = QCheckBox(self.tr("Ucapkan panggilan (mati: bel saja)"))
        self.enabled.setChecked(s.enabled)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(s.volume)
        self.voice = QComboBox()
        for key, label in (
            ("auto", self.tr("Otomatis (rekaman kantor, suara sistem, suara bawaan)")),
            ("clips", self.tr("Rekaman suara kantor")),
            ("bundled", self.tr("Suara bawaan Loket")),
            ("os", self.tr("Suara sistem (Windows/Linux)")),
        ):
            self.voice.addItem(label, key)
        self.voice.setCurrentIndex(max(0, self.voice.findData(s.voice)))
        self.repeats = QSpinBox()
        self.repeats.setRange(1, 3)
        self.repeats.setValue(s.repeats)
        self.repeats.setSuffix(self.tr(" kali"))

        self.speaking = QLabel()
        self.clips_state = QLabel()
        self.clips_state.setWordWrap(True)
        self.test_button = QPushButton(self.tr("Uji suara"))
        self.test_button.clicked.connect(self.run_test)
        self.import_button = QPushButton(self.tr("Impor rekaman WAV…"))
        self.import_button.clicked.connect(self.choose_folder)

        form = QFormLayout()
        form.addRow(self.enabled)
        form.addRow(self.tr("Volume"), self.volume)
        form.addRow(self.tr("Suara"), self.voice)
        form.addRow(self.tr("Diulang"), self.repeats)
        form.addRow(self.tr("Yang bersuara"), self.speaking)
        form.addRow(self.tr("Rekaman kantor"), self.clips_state)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.test_button)
        buttons_row.addWidget(self.import_button)
        buttons_row.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        root = QVBoxLayout(self)
        root.addLayout(form)
        root.addLayout(buttons_row)
        root.addWidget(buttons)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self._update_state()

    def chosen(self) -> VoiceSettings:
        return VoiceSettings(
            enabled=self.enabled.isChecked(),
            volume=self.volume.value(),
            voice=str(self.voice.currentData()),
            repeats=self.repeats.value(),
        ).clean()

    def _update_state(self) -> None:
        names = {
            "clips": self.tr("rekaman suara kantor"),
            "bundled": self.tr("suara bawaan Loket"),
            "os": self.tr("suara sistem"),
            "chime": self.tr("bel saja"),
        }
        self.speaking.setText(names.get(self.announcer.voice_name(), ""))
        clips = self.announcer.clips
        if clips is None:
            self.clips_state.setText(self.tr("tidak ada folder rekaman"))
            self.import_button.setEnabled(False)
            return
        missing = clips.missing([item.phrase for item in self.items])
        done = len(self.items) - len(missing)
        text = self.tr("{0} dari {1} rekaman ada").format(done, len(self.items))
        if missing:
            text += self.tr("; belum: {0}").format(", ".join(missing[:6]))
        self.clips_state.setText(text)

    def run_test(self) -> None:
        self.announcer.apply_settings(self.chosen())
        self.announcer.test()
        self._update_state()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder rekaman WAV"))
        if folder:
            self.import_from(Path(folder))

    def import_from(self, folder: Path) -> list[str]:
        """Copy the folder's WAVs named after the list's phrases into the data folder."""
        clips = self.announcer.clips
        if clips is None:
            return []
        try:
            done = import_folder(folder, clips.folder, self.items)
        except (OSError, PcmError) as exc:
            log.warning("voice clip import failed: %s", exc)
            self.clips_state.setText(self.tr("Impor gagal: {0}").format(str(exc)))
            return []
        self._update_state()
        return done

    def save(self) -> None:
        settings = self.chosen()
        try:
            settings.save(self.scope)
        except Exception as exc:  # never out of a slot: QSettings on a read-only profile
            log.warning("voice settings not saved: %s", exc)
        self.announcer.apply_settings(settings)
        self.accept()
