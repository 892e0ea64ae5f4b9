"""The voice of the waiting room: a chime, then the call in Indonesian, offline.

Calls are queued and spoken one after another, never cutting each other off. The text
comes from the core's number words, so "A-012 to counter 2" is read as "Nomor antrian
A dua belas, silakan menuju loket dua". Speech goes through Qt TextToSpeech with an
Indonesian voice where the OS has one (Windows id-ID, speech-dispatcher/espeak-ng on
Linux); without one the office still gets the chime, and one notice saying why.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QLocale, QObject, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
from PySide6.QtTextToSpeech import QTextToSpeech

from loket.core.words import call_announcement
from loket.resources import resource_path

CHIME_MS = 1500  # the chime's length: speech starts after it
GAP_MS = 400  # silence between two announcements


def indonesian_locale(tts: QTextToSpeech) -> QLocale | None:
    for locale in tts.availableLocales():
        if locale.language() == QLocale.Language.Indonesian:
            return locale
    return None


class Announcer(QObject):
    started = Signal(str)  # the text now being announced
    finished = Signal(str)
    notice = Signal(str)  # said once, e.g. "no Indonesian voice"

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        engine: str | None = None,
        require_indonesian: bool = True,
        chime_ms: int = CHIME_MS,
        gap_ms: int = GAP_MS,
        chime: bool = True,
    ) -> None:
        super().__init__(parent)
        self._queue: deque[str] = deque()
        self._busy = False
        self._current = ""
        self._chime_ms = chime_ms
        self._gap_ms = gap_ms
        self.notice_text: str | None = None
        self._effect: QSoundEffect | None = None
        if chime and QMediaDevices.audioOutputs():  # no sound card: the voice still queues
            self._effect = QSoundEffect(self)
            self._effect.setSource(QUrl.fromLocalFile(str(resource_path("sounds", "chime.wav"))))
        self.tts: QTextToSpeech | None = None
        self.voice_locale: QLocale | None = None
        self._setup_voice(engine, require_indonesian)

    def _setup_voice(self, engine: str | None, require_indonesian: bool) -> None:
        if engine is None and not QTextToSpeech.availableEngines():
            self._notice(self.tr("Suara panggilan tidak tersedia di komputer ini: hanya bel."))
            return
        tts = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        if tts.state() == QTextToSpeech.State.Error:
            self._notice(self.tr("Mesin suara gagal dimuat: hanya bel yang dibunyikan."))
            return
        locale = indonesian_locale(tts)
        if locale is None and require_indonesian:
            self._notice(
                self.tr(
                    "Suara bahasa Indonesia tidak ditemukan: panggilan hanya dengan bel. "
                    "Pasang suara id-ID (Windows) atau espeak-ng (Linux)."
                )
            )
            return
        if locale is not None:
            tts.setLocale(locale)
        tts.stateChanged.connect(self._on_state)
        self.tts = tts
        self.voice_locale = locale

    def _notice(self, text: str) -> None:
        if self.notice_text is None:
            self.notice_text = text  # kept: the notice may come before anyone connects
            self.notice.emit(text)

    @property
    def pending(self) -> int:
        return len(self._queue) + (1 if self._busy else 0)

    def announce_call(self, prefix: str, number: int, counter_number: int) -> str:
        text = call_announcement(prefix, number, counter_number)
        self.say(text)
        return text

    def say(self, text: str) -> None:
        self._queue.append(text)
        self._next()

    def _next(self) -> None:
        if self._busy or not self._queue:
            return
        self._busy = True
        self._current = self._queue.popleft()
        self.started.emit(self._current)
        if self._effect is not None and self._effect.status() != QSoundEffect.Status.Error:
            self._effect.play()
        QTimer.singleShot(self._chime_ms, self._speak)

    def _speak(self) -> None:
        if self.tts is None:
            self._done()
            return
        self.tts.say(self._current)
        if self.tts.state() == QTextToSpeech.State.Error:
            self._done()

    def _on_state(self, state: QTextToSpeech.State) -> None:
        if self._busy and state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error):
            self._done()

    def _done(self) -> None:
        text, self._current = self._current, ""
        self.finished.emit(text)
        QTimer.singleShot(self._gap_ms, self._release)

    def _release(self) -> None:
        self._busy = False
        self._next()
