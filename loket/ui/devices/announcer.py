"""The voice of the waiting room: a chime, then the call in Indonesian, offline.

Calls are queued and spoken one after another, never cutting each other off; a recall is
queued like any call, so it is heard again. The text comes from the core's number words:
"A-012 to counter 2" is "Nomor antrian A dua belas, silakan menuju loket dua".

Three voices, chosen per display PC (``VoiceSettings``):

- ``clips``: the office's own recordings (loket/voice/clips.py), joined into the
  sentence; if one clip the sentence needs is missing, the whole sentence is spoken by
  the bundled voice instead (never half and half).
- ``bundled``: espeak-ng shipped with Loket (loket/voice/espeak.py), so every PC speaks
  Indonesian with nothing installed.
- ``os``: the OS's Indonesian voice through Qt TextToSpeech (a Windows id-ID voice,
  speech-dispatcher on Linux).

``auto`` (the default) takes the recordings when complete, else the OS voice when it has
Indonesian, else the bundled one. The OS engine is asked in a child process with a time
limit (loket/ui/devices/voiceprobe.py): speech-dispatcher that never answers used to freeze the
display at start. Nothing here blocks the GUI thread: the audio of a call (chime, the
voice, its repeats) is built in a worker thread as one WAV and played in one go, its
length known in advance, so the next call starts only once this one is over.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QSettings, QTemporaryDir, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
from PySide6.QtTextToSpeech import QTextToSpeech

from loket.core.words import call_announcement
from loket.resources import resource_path
from loket.voice import espeak
from loket.voice.clips import ClipSet, call_clips
from loket.voice.pcm import Pcm, PcmError, join, read_wav, scale, silence, write_wav

log = logging.getLogger(__name__)

CHIME_MS = 1500  # the chime's length: speech starts after it (OS voice)
GAP_MS = 400  # silence between two announcements
CHIME_TO_VOICE_MS = 250
REPEAT_GAP_MS = 800
VOICES = ("auto", "clips", "bundled", "os")
ORG, APP = "Loket", "loket"


@dataclass(frozen=True)
class VoiceSettings:
    """What this display PC does with a call (QSettings: each PC its own)."""

    enabled: bool = True  # off: the chime only
    volume: int = 100  # 0..100
    voice: str = "auto"  # one of VOICES
    repeats: int = 1  # how many times the sentence is said, 1..3

    def clean(self) -> VoiceSettings:
        return replace(
            self,
            volume=max(0, min(100, int(self.volume))),
            voice=self.voice if self.voice in VOICES else "auto",
            repeats=max(1, min(3, int(self.repeats))),
        )

    @classmethod
    def load(cls, scope: str = "") -> VoiceSettings:
        s = QSettings(ORG, APP + scope)
        enabled = str(s.value("voice/enabled", "true")).lower() not in ("false", "0")
        try:
            volume = int(s.value("voice/volume", 100))  # type: ignore[call-overload]
            repeats = int(s.value("voice/repeats", 1))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            volume, repeats = 100, 1
        voice = str(s.value("voice/voice", "auto"))
        return cls(enabled, volume, voice, repeats).clean()

    def save(self, scope: str = "") -> None:
        s = QSettings(ORG, APP + scope)
        s.setValue("voice/enabled", self.enabled)
        s.setValue("voice/volume", self.volume)
        s.setValue("voice/voice", self.voice)
        s.setValue("voice/repeats", self.repeats)
        s.sync()


def indonesian_locale(tts: QTextToSpeech) -> QLocale | None:
    for locale in tts.availableLocales():
        if locale.language() == QLocale.Language.Indonesian:
            return locale
    return None


@dataclass
class _Item:
    text: str
    phrases: list[str] | None  # the clips of a call; None for free text


class _Built(QObject):
    """Carries a worker thread's result back to the GUI thread (a queued signal)."""

    ready = Signal(int, object, str)  # item number, Pcm or None, which voice spoke


class Announcer(QObject):
    started = Signal(str)  # the text now being announced
    finished = Signal(str)
    notice = Signal(str)  # said once, e.g. "no Indonesian voice"
    voice_changed = Signal(str)  # which voice speaks now: clips / bundled / os / chime

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        settings: VoiceSettings | None = None,
        clips_dir: Path | None = None,
        engine: str | None = None,
        require_indonesian: bool = True,
        chime_ms: int = CHIME_MS,
        gap_ms: int = GAP_MS,
        chime: bool = True,
        probe: bool = True,
        probe_command: list[str] | None = None,
        probe_timeout_ms: int | None = None,
        pace: float = 1.0,
    ) -> None:
        super().__init__(parent)
        self.settings = (settings or VoiceSettings()).clean()
        self.voice_scope = ""  # the QSettings scope the settings dialog saves to
        self.clips = ClipSet(clips_dir) if clips_dir is not None else None
        self._queue: deque[_Item] = deque()
        self._busy = False
        self._current = ""
        self._chime_ms = chime_ms
        self._gap_ms = gap_ms
        self._pace = pace  # tests shrink the wait for the audio's length
        self._with_chime = chime
        self._numbers = itertools.count(1)
        self._playing = 0
        self.notice_text: str | None = None
        self.last_voice = ""  # which voice spoke the last call (tests, the doctor)
        self.last_audio: Pcm | None = None
        self._has_device = bool(QMediaDevices.audioOutputs())  # none: timed, not heard
        self._tmp = QTemporaryDir()
        self._effect: QSoundEffect | None = None
        self._chime_pcm: Pcm | None = None
        self._built = _Built(self)
        self._built.ready.connect(self._on_built)
        self._lock = threading.Lock()
        if chime:
            chime_path = resource_path("sounds", "chime.wav")
            try:
                self._chime_pcm = read_wav(chime_path)
            except (OSError, PcmError):
                log.warning("chime unreadable: %s", chime_path)
            if self._has_device:
                self._effect = QSoundEffect(self)
                self._effect.setSource(QUrl.fromLocalFile(str(chime_path)))
        self.tts: QTextToSpeech | None = None
        self.voice_locale: QLocale | None = None
        self.os_probe: object | None = None
        self._require_indonesian = require_indonesian
        self._probe_allowed = probe
        if engine is not None:  # an engine named by the caller (tests: Qt's mock)
            self._setup_os_voice(engine)
        elif probe and self.settings.voice in ("auto", "os"):
            self._start_probe(probe_command, probe_timeout_ms)
        elif self.settings.voice == "os":
            self._notice(self._no_os_voice_text())

    # -- the OS voice, found without blocking ------------------------------------------------

    def _start_probe(self, command: list[str] | None, timeout_ms: int | None) -> None:
        from loket.ui.devices.voiceprobe import PROBE_TIMEOUT_MS, OsVoiceProbe

        probe = OsVoiceProbe(self, timeout_ms or PROBE_TIMEOUT_MS, command)
        probe.answered.connect(self._on_probe)
        self.os_probe = probe
        probe.start()

    def _on_probe(self, result: object) -> None:
        engine = result.get("engine") if isinstance(result, dict) else None
        if isinstance(engine, str) and engine:
            self._setup_os_voice(engine)  # it answered in the child: safe to build here
        elif self.settings.voice == "os":
            self._notice(self._no_os_voice_text())
        self.voice_changed.emit(self.voice_name())

    def _no_os_voice_text(self) -> str:
        return self.tr(
            "Suara bahasa Indonesia dari sistem tidak ditemukan: panggilan memakai suara "
            "bawaan Loket."
        )

    def _setup_os_voice(self, engine: str) -> None:
        tts = QTextToSpeech(engine, self)
        if tts.state() == QTextToSpeech.State.Error:
            self._notice(self.tr("Mesin suara gagal dimuat: hanya bel yang dibunyikan."))
            tts.deleteLater()
            return
        locale = indonesian_locale(tts)
        if locale is None and self._require_indonesian:
            self._notice(
                self.tr(
                    "Suara bahasa Indonesia tidak ditemukan: panggilan hanya dengan bel. "
                    "Pasang suara id-ID (Windows) atau espeak-ng (Linux)."
                )
            )
            tts.deleteLater()
            return
        if locale is not None:
            tts.setLocale(locale)
        tts.setVolume(self.settings.volume / 100)
        tts.stateChanged.connect(self._on_state)
        self.tts = tts
        self.voice_locale = locale

    def _notice(self, text: str) -> None:
        if self.notice_text is None:
            self.notice_text = text  # kept: the notice may come before anyone connects
            self.notice.emit(text)

    def stop(self) -> None:
        """Stop the probe child (at close); queued calls are dropped."""
        from loket.ui.devices.voiceprobe import OsVoiceProbe

        if isinstance(self.os_probe, OsVoiceProbe):
            self.os_probe.stop()
        self._queue.clear()

    # -- settings --------------------------------------------------------------------------

    def apply_settings(self, settings: VoiceSettings) -> None:
        self.settings = settings.clean()
        if self.tts is not None:
            self.tts.setVolume(self.settings.volume / 100)
        wants_os = self.settings.voice in ("auto", "os") and self.tts is None
        if wants_os and self.os_probe is None and self._probe_allowed:
            self._start_probe(None, None)
        self.voice_changed.emit(self.voice_name())

    def voice_name(self, phrases: list[str] | None = None) -> str:
        """Which voice speaks a call now: clips, os, bundled or chime."""
        s = self.settings
        if not s.enabled:
            return "chime"
        if s.voice in ("auto", "clips") and self.clips is not None:
            wanted = phrases or ["nomor antrian", "silakan menuju", "loket"]
            if not self.clips.missing(wanted):
                return "clips"
        if s.voice in ("auto", "os") and self.tts is not None:
            return "os"
        if espeak.data_path() is not None:
            return "bundled"
        return "os" if self.tts is not None else "chime"

    # -- the queue -------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        return len(self._queue) + (1 if self._busy else 0)

    def announce_call(self, prefix: str, number: int, counter_number: int) -> str:
        text = call_announcement(prefix, number, counter_number)
        self._queue.append(_Item(text, call_clips(prefix, number, counter_number)))
        self._next()
        return text

    def say(self, text: str) -> None:
        self._queue.append(_Item(text, None))
        self._next()

    def test(self) -> str:
        """The settings dialog's "test" button: a sample call, queued like any other."""
        return self.announce_call("A", 1, 1)

    def _next(self) -> None:
        if self._busy or not self._queue:
            return
        self._busy = True
        item = self._queue.popleft()
        self._current = item.text
        self.started.emit(item.text)
        voice = self.voice_name(item.phrases)
        if voice == "os":
            self._speak_os()
            return
        number = next(self._numbers)
        self._playing = number
        settings = self.settings
        worker = threading.Thread(
            target=self._build, args=(number, item, voice, settings), daemon=True,
            name="loket-voice",
        )  # fmt: skip
        worker.start()

    def _build(self, number: int, item: _Item, voice: str, settings: VoiceSettings) -> None:
        """In a worker thread: the whole call as one PCM (chime, the voice × repeats)."""
        spoken: Pcm | None = None
        used = voice
        try:
            if voice == "clips" and self.clips is not None and item.phrases is not None:
                with self._lock:
                    spoken = self.clips.assemble(item.phrases)
            if spoken is None and voice in ("clips", "bundled"):
                used = "bundled"
                spoken = espeak.render(item.text)
        except (espeak.EspeakUnavailable, OSError, PcmError) as exc:
            log.warning("voice failed, chime only: %s", exc)
            spoken, used = None, "chime"
        if voice == "chime":
            spoken = None
        pieces: list[Pcm] = []
        if self._chime_pcm is not None:
            pieces += [self._chime_pcm, silence(CHIME_TO_VOICE_MS)]
        if spoken is not None:
            for i in range(settings.repeats):
                if i:
                    pieces.append(silence(REPEAT_GAP_MS))
                pieces.append(spoken)
        audio = scale(join(pieces), settings.volume / 100) if pieces else None
        with contextlib.suppress(RuntimeError):  # the display closed meanwhile: no one hears
            self._built.ready.emit(number, audio, used if spoken is not None else "chime")

    def _on_built(self, number: int, audio: object, used: str) -> None:
        if number != self._playing or not self._busy:
            return
        if used == "chime" and self.settings.enabled and self.notice_text is None:
            self._notice(self.tr("Suara panggilan tidak tersedia di komputer ini: hanya bel."))
        elif used == "bundled" and self.settings.voice == "clips" and self.clips is not None:
            self._notice(
                self.tr("Rekaman suara kantor belum lengkap: panggilan memakai suara bawaan.")
            )
        self.last_voice = used
        pcm = audio if isinstance(audio, Pcm) else None
        self.last_audio = pcm
        length_ms = int(pcm.seconds * 1000) if pcm is not None else self._chime_ms
        if pcm is not None and self._has_device:
            path = Path(self._tmp.path()) / f"call-{number % 4}.wav"
            try:
                write_wav(pcm, path)
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(path)))
                effect.play()
                QTimer.singleShot(length_ms + 1000, effect, effect.deleteLater)
            except OSError as exc:
                log.warning("could not play the call: %s", exc)
        QTimer.singleShot(max(1, int(length_ms * self._pace)), self._done)

    def _speak_os(self) -> None:
        self.last_voice = "os"
        self._repeats_left = self.settings.repeats
        effect = self._effect if self._with_chime else None
        if effect is not None and effect.status() != QSoundEffect.Status.Error:
            effect.setVolume(self.settings.volume / 100)
            effect.play()
        QTimer.singleShot(self._chime_ms, self._speak)

    def _speak(self) -> None:
        if self.tts is None:
            self._done()
            return
        self._repeats_left -= 1
        self.tts.say(self._current)
        if self.tts.state() == QTextToSpeech.State.Error:
            self._done()

    def _on_state(self, state: QTextToSpeech.State) -> None:
        if not self._busy or self.last_voice != "os":
            return
        if state == QTextToSpeech.State.Ready and self._repeats_left > 0:
            QTimer.singleShot(REPEAT_GAP_MS, self._speak)
        elif state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error):
            self._done()

    def _done(self) -> None:
        if not self._busy or not self._current:
            return
        text, self._current = self._current, ""
        self.finished.emit(text)
        QTimer.singleShot(self._gap_ms, self._release)

    def _release(self) -> None:
        self._busy = False
        self._next()
