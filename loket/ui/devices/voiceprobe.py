"""Ask the OS's speech engines for an Indonesian voice, in a process of its own.

Creating a ``QTextToSpeech`` on Linux connects to speech-dispatcher, and when that does
not answer (no audio device, a stuck daemon) the constructor never returns, holding the
GIL: no thread can save the GUI then. So the display asks in a child process, with a time
limit (``OsVoiceProbe``), and only builds the OS voice in-process once the child has
answered; meanwhile, and if it never answers, the bundled voice speaks.

``python -m loket.ui.devices.voiceprobe`` (``loket --voice-probe`` in the bundle) prints one
JSON line: the engine and the Indonesian locale found, or none.
"""

from __future__ import annotations

import json
import os
import sys

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QTimer, Signal

#: How long speech-dispatcher or SAPI may take to answer before the OS voice is given up.
PROBE_TIMEOUT_MS = 8000
#: Preferred order; Qt's "mock" engine is for tests and never speaks.
ENGINE_ORDER = ("winrt", "sapi", "speechd", "flite", "darwin", "android")


def probe_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, "--voice-probe"]
    return [sys.executable, "-m", "loket.ui.devices.voiceprobe"]


def find_indonesian() -> dict[str, object]:
    """In this process: the first engine with an Indonesian locale (may block: a child)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    from PySide6.QtCore import QLocale
    from PySide6.QtTextToSpeech import QTextToSpeech

    _app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    engines = [e for e in QTextToSpeech.availableEngines() if e != "mock"]
    engines.sort(key=lambda e: ENGINE_ORDER.index(e) if e in ENGINE_ORDER else 99)
    for engine in engines:
        tts = QTextToSpeech(engine)
        if tts.state() == QTextToSpeech.State.Error:
            continue
        for locale in tts.availableLocales():
            if locale.language() == QLocale.Language.Indonesian:
                tts.setLocale(locale)
                voices = [v.name() for v in tts.availableVoices()][:3]
                return {"engines": engines, "engine": engine, "locale": locale.name(),
                        "voices": voices}  # fmt: skip
    return {"engines": engines, "engine": None, "locale": None, "voices": []}


def main() -> int:
    line = json.dumps(find_indonesian()) + "\n"
    if sys.stdout is not None:
        sys.stdout.write(line)
        sys.stdout.flush()
    else:  # a windowed bundle (loketw) has no sys.stdout: the parent's pipe is still fd 1
        try:
            os.write(1, line.encode())
        except OSError:
            return 3  # the parent then speaks with the bundled voice
    return 0


class OsVoiceProbe(QObject):
    """Runs the probe child without blocking; ``answered`` carries its result (a dict, or
    None when it failed or did not answer within ``timeout_ms``)."""

    answered = Signal(object)

    def __init__(self, parent: QObject | None = None, timeout_ms: int = PROBE_TIMEOUT_MS,
                 command: list[str] | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.result: dict[str, object] | None = None
        self.done = False
        self._process = QProcess(self)
        self._process.finished.connect(self._on_finished)
        self._process.errorOccurred.connect(self._on_error)
        self._timer = QTimer(self, singleShot=True, interval=timeout_ms)
        self._timer.timeout.connect(self._give_up)
        self._command = command or probe_command()

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:  # a child still asking when the app quits is ended with it
            app.aboutToQuit.connect(self.stop)
        self._timer.start()
        self._process.start(self._command[0], self._command[1:])

    def _finish(self, result: dict[str, object] | None) -> None:
        if self.done:
            return
        self.done = True
        self._timer.stop()
        self.result = result
        self.answered.emit(result)

    def _on_finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        if self.done:
            return
        out = bytes(self._process.readAllStandardOutput().data()).decode("utf-8", "replace")
        try:
            lines = [line for line in out.splitlines() if line.startswith("{")]
            result = json.loads(lines[-1]) if code == 0 and lines else None
        except ValueError:
            result = None
        self._finish(result if isinstance(result, dict) else None)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._finish(None)

    def _give_up(self) -> None:
        self._finish(None)  # the GUI goes on with the bundled voice at once
        self._process.kill()  # SIGKILL cannot be ignored: reaping it takes a moment
        self._process.waitForFinished(500)

    def stop(self) -> None:
        self._timer.stop()
        if self._process.state() != QProcess.ProcessState.NotRunning:
            self._process.kill()
            self._process.waitForFinished(1000)


if __name__ == "__main__":
    raise SystemExit(main())
