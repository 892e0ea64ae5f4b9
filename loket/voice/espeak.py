"""The bundled voice: espeak-ng, shipped inside the app, rendering Indonesian to PCM.

Windows ships no Indonesian voice and Linux needs speech-dispatcher set up, so the
``espeakng-loader`` wheel brings libespeak-ng and its data (Indonesian included) with
Loket itself, for Windows and Linux alike, and the PyInstaller bundle carries them.
It renders to memory (``AUDIO_OUTPUT_SYNCHRONOUS``): no audio device is touched here,
so it works, and is tested, on a PC without a sound card; Qt plays the result.

libespeak-ng keeps global state and is not thread-safe: one lock guards it, and the
UI calls ``render`` from a worker thread (ctypes lets the GUI thread run meanwhile).
"""

from __future__ import annotations

import ctypes
import threading
from array import array
from pathlib import Path
from typing import Any

from loket.voice.pcm import RATE, Pcm, resample

AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_DONT_EXIT = 0x8000
CHARS_UTF8 = 1
POS_CHARACTER = 1
PARAM_RATE = 1  # words per minute
PARAM_PITCH = 3
EE_OK = 0

#: Words per minute: a little slower than espeak's 175, for a large noisy room.
SPEECH_RATE = 150
VOICE = "id"

_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.c_void_p)  # fmt: skip


class EspeakUnavailable(RuntimeError):
    """The bundled library or its Indonesian data is missing or failed to start."""


class _Engine:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.lib: Any = None
        self.rate = 0
        self.error: str | None = None
        self.chunks: list[bytes] = []
        self.callback = _CALLBACK(self._collect)  # kept: espeak holds the pointer

    def _collect(self, wav: Any, count: int, _events: Any) -> int:
        if count > 0 and wav:
            self.chunks.append(ctypes.string_at(wav, count * 2))
        return 0  # 0 = go on

    def start(self) -> None:
        if self.lib is not None or self.error is not None:
            return
        try:
            import espeakng_loader  # type: ignore[import-untyped]

            lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data = espeakng_loader.get_data_path()
        except (ImportError, OSError, RuntimeError) as exc:
            self.error = f"espeak-ng tidak ikut terpasang ({exc})"
            return
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p,
                                          ctypes.c_int]  # fmt: skip
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetSynthCallback.argtypes = [_CALLBACK]
        lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint,
                                     ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
                                     ctypes.c_void_p, ctypes.c_void_p]  # fmt: skip
        rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, str(data).encode(),
                                     INITIALIZE_DONT_EXIT)  # fmt: skip
        if rate <= 0:
            self.error = "espeak-ng gagal dimulai"
            return
        if lib.espeak_SetVoiceByName(VOICE.encode()) != EE_OK:
            self.error = "espeak-ng tidak punya suara bahasa Indonesia"
            return
        lib.espeak_SetSynthCallback(self.callback)
        lib.espeak_SetParameter(PARAM_RATE, SPEECH_RATE, 0)
        self.lib, self.rate = lib, rate


_engine = _Engine()


def available() -> str | None:
    """None when the bundled voice can speak, else why not (for the doctor and notices)."""
    with _engine.lock:
        _engine.start()
        return _engine.error


def data_path() -> Path | None:
    try:
        import espeakng_loader

        return Path(espeakng_loader.get_data_path())
    except (ImportError, RuntimeError):
        return None


def render(text: str, rate: int = RATE) -> Pcm:
    """``text`` spoken by the bundled Indonesian voice, as mono 16-bit PCM at ``rate``."""
    with _engine.lock:
        _engine.start()
        if _engine.lib is None:
            raise EspeakUnavailable(_engine.error or "espeak-ng tidak tersedia")
        _engine.chunks = []
        data = text.encode("utf-8") + b"\0"
        result = _engine.lib.espeak_Synth(data, len(data), 0, POS_CHARACTER, 0, CHARS_UTF8,
                                          None, None)  # fmt: skip
        if result != EE_OK:
            raise EspeakUnavailable(f"espeak-ng gagal membaca teks (kode {result})")
        samples = array("h")
        samples.frombytes(b"".join(_engine.chunks))
        _engine.chunks = []
        native = _engine.rate
    return resample(Pcm(native, samples), rate)
