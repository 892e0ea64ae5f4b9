"""The office's own voice, recorded in the admin screens (issue 18).

A guided list of every phrase a call of this office can need (loket/voice/clips.py:
"nomor antrian", the letters in use, 0–19, the tens, "seratus"/"ratus"/"seribu"/"ribu",
"silakan menuju", "loket", the counters' numbers). The admin picks a line, presses
*Rekam*, says the phrase into the PC's microphone, presses *Berhenti*; the clip is
trimmed of its silence and saved as ``<data>/voice/clips/<phrase>.wav``. *Putar* plays it
back; recording again replaces it. A folder of WAV files made elsewhere can be imported
instead. Raw PCM comes from ``QAudioSource`` (no encoder), in the one format Loket plays.

The microphone is reached only through ``QtMicrophone`` (is there one; open it in a
format): the one seam a test replaces with a fake input, so everything from the Rekam
button to the saved WAV is the real code. With no microphone the tab says so in words
on the page, not only on a disabled button's tooltip.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QIODevice, QObject, QUrl
from PySide6.QtMultimedia import QAudioFormat, QAudioSource, QMediaDevices, QSoundEffect
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from loket.voice.clips import ClipItem, ClipSet, clip_list, import_folder
from loket.voice.pcm import RATE, Pcm, PcmError, trim, write_wav

log = logging.getLogger(__name__)


class Microphone(Protocol):
    def available(self) -> bool: ...

    def open(self, fmt: QAudioFormat, parent: QObject) -> Any:
        """A started-able source: ``start() -> QIODevice | None``, ``stop()``, ``format()``."""
        ...


class QtMicrophone:
    """This PC's default audio input, through Qt Multimedia."""

    def available(self) -> bool:
        return bool(QMediaDevices.audioInputs())

    def open(self, fmt: QAudioFormat, parent: QObject) -> Any:
        return QAudioSource(QMediaDevices.defaultAudioInput(), fmt, parent)


class VoiceClipsPage(QWidget):
    def __init__(self, folder: Path, prefixes: list[str], counter_numbers: list[int],
                 parent: QWidget | None = None,
                 microphone: Microphone | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.microphone = microphone if microphone is not None else QtMicrophone()
        self.clips = ClipSet(folder)
        self.items: list[ClipItem] = clip_list(prefixes or ["A"], counter_numbers or [1])
        self.table = QTableWidget(len(self.items), 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Ucapkan"), self.tr("Untuk"), self.tr("Rekaman")]
        )
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.record_button = QPushButton(self.tr("Rekam"))
        self.record_button.clicked.connect(self.toggle_recording)
        self.play_button = QPushButton(self.tr("Putar"))
        self.play_button.clicked.connect(self.play)
        self.import_button = QPushButton(self.tr("Impor folder WAV…"))
        self.import_button.clicked.connect(self.choose_folder)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.no_microphone = QLabel(
            self.tr(
                "Tidak ada mikrofon di PC ini, jadi rekaman tidak dapat dibuat di sini. "
                "Pasang mikrofon lalu buka lagi pengaturan ini, atau impor rekaman WAV "
                "dari folder."
            )
        )
        self.no_microphone.setWordWrap(True)
        self.no_microphone.setStyleSheet("color: #9c4a00; font-weight: bold")
        buttons = QHBoxLayout()
        for b in (self.record_button, self.play_button, self.import_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        root = QVBoxLayout(self)
        root.addWidget(QLabel(self.tr(
            "Rekam suara petugas untuk panggilan: pilih baris, tekan Rekam, ucapkan "
            "kata-katanya dengan jelas, lalu tekan Berhenti. Rekaman yang kurang membuat "
            "panggilan memakai suara bawaan Loket."
        ), wordWrap=True))  # fmt: skip
        root.addWidget(self.no_microphone)
        root.addWidget(self.table, 1)
        root.addLayout(buttons)
        root.addWidget(self.status)
        self._source: Any = None  # a QAudioSource while recording
        self._device: QIODevice | None = None
        self._buffer = bytearray()
        self._recording: ClipItem | None = None
        self._effect: QSoundEffect | None = None
        self._has_input = self.microphone.available()
        self.no_microphone.setVisible(not self._has_input)
        self._has_output = bool(QMediaDevices.audioOutputs())
        self.refresh()
        if self.items:
            self.table.selectRow(0)

    # -- the list --------------------------------------------------------------------------

    def refresh(self) -> None:
        for row, item in enumerate(self.items):
            self.table.setItem(row, 0, QTableWidgetItem(item.phrase))
            self.table.setItem(row, 1, QTableWidgetItem(item.hint))
            done = self.clips.has(item.phrase)
            self.table.setItem(row, 2, QTableWidgetItem(self.tr("ada") if done else "–"))
        self.table.resizeColumnsToContents()
        missing = self.clips.missing(i.phrase for i in self.items)
        self.status.setText(
            self.tr("{0} dari {1} rekaman ada.").format(
                len(self.items) - len(missing), len(self.items)
            )
        )
        self._update_buttons()

    def selected(self) -> ClipItem | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.items[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        item = self.selected()
        recording = self._recording is not None
        self.record_button.setEnabled(self._has_input and (item is not None or recording))
        self.record_button.setText(self.tr("Berhenti") if recording else self.tr("Rekam"))
        self.play_button.setEnabled(
            not recording and item is not None and self.clips.has(item.phrase)
        )
        if not self._has_input:
            self.record_button.setToolTip(
                self.tr("Tidak ada mikrofon di PC ini: impor rekaman WAV dari folder.")
            )

    # -- recording -------------------------------------------------------------------------

    def toggle_recording(self) -> None:
        if self._recording is None:
            self.start_recording()
        else:
            self.stop_recording()

    def start_recording(self) -> None:
        item = self.selected()
        if item is None or not self._has_input:
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(RATE)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self._source = self.microphone.open(fmt, self)
        self._buffer = bytearray()
        self._device = self._source.start()
        if self._device is None:
            self.status.setText(self.tr("Mikrofon tidak dapat dibuka."))
            self._source = None
            return
        self._device.readyRead.connect(self._read)
        self._recording = item
        self.status.setText(self.tr("Merekam: ucapkan \u201c{0}\u201d").format(item.phrase))
        self._update_buttons()

    def _read(self) -> None:
        if self._device is not None:
            self._buffer += bytes(self._device.readAll().data())

    def stop_recording(self) -> None:
        item, source = self._recording, self._source
        self._recording = None
        if source is None or item is None:
            self._update_buttons()
            return
        self._read()
        source.stop()
        self._source, self._device = None, None
        rate = source.format().sampleRate() or RATE
        pcm = Pcm(rate)
        pcm.samples.frombytes(bytes(self._buffer[: len(self._buffer) // 2 * 2]))
        self.save_clip(item, pcm)

    def save_clip(self, item: ClipItem, pcm: Pcm) -> bool:
        """Keep a recording (trimmed); a silent one is refused with a message."""
        if not trim(pcm).samples:
            self.status.setText(
                self.tr("Rekaman \u201c{0}\u201d hanya berisi diam: rekam ulang.").format(
                    item.phrase
                )
            )
            self._update_buttons()
            return False
        try:
            write_wav(trim(pcm, keep_ms=60), self.clips.path(item.phrase))
        except OSError as exc:
            log.warning("voice clip not saved: %s", exc)
            self.status.setText(self.tr("Rekaman tidak dapat disimpan: {0}").format(str(exc)))
            return False
        self.refresh()
        return True

    # -- play back, import -----------------------------------------------------------------

    def play(self) -> None:
        item = self.selected()
        if item is None or not self.clips.has(item.phrase) or not self._has_output:
            return
        self._effect = QSoundEffect(self)
        self._effect.setSource(QUrl.fromLocalFile(str(self.clips.path(item.phrase))))
        self._effect.play()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder rekaman WAV"))
        if folder:
            self.import_from(Path(folder))

    def import_from(self, folder: Path) -> list[str]:
        try:
            done = import_folder(folder, self.clips.folder, self.items)
        except (OSError, PcmError) as exc:
            log.warning("voice clip import failed: %s", exc)
            self.status.setText(self.tr("Impor gagal: {0}").format(str(exc)))
            return []
        self.refresh()
        return done
