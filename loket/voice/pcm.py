"""Mono 16-bit PCM in memory: read and write WAV, trim, join, measure.

Announcements are assembled from pieces (the chime, recorded clips, a rendered voice)
that come at different rates and channel counts; everything is brought to one format so
the pieces join without clicks or gaps, and the result is one WAV played in one go.
Pure Python (``array`` and ``wave``): a sentence is a few seconds, so it is fast enough.
"""

from __future__ import annotations

import io
import math
import sys
import wave
from array import array
from dataclasses import dataclass, field
from pathlib import Path

#: The rate every piece is converted to: espeak-ng's own, and plenty for speech.
RATE = 22050
#: Below this (of full scale) a sample counts as silence when trimming a clip's ends.
SILENCE_LEVEL = 0.02
#: What trimming keeps of the silence at each end of a clip (no click at the cut).
TRIM_KEEP_MS = 15


class PcmError(ValueError):
    """A file that is not a WAV Loket can play (compressed, 24-bit, empty...)."""


@dataclass
class Pcm:
    """Mono signed 16-bit samples at ``rate`` Hz."""

    rate: int = RATE
    samples: array[int] = field(default_factory=lambda: array("h"))

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate

    def peak(self) -> int:
        return max((abs(s) for s in self.samples), default=0)

    def rms(self) -> float:
        if not self.samples:
            return 0.0
        return math.sqrt(sum(s * s for s in self.samples) / len(self.samples))


def silence(ms: float, rate: int = RATE) -> Pcm:
    return Pcm(rate, array("h", bytes(2 * int(rate * ms / 1000))))


def _from_frames(frames: bytes, width: int, channels: int) -> array[int]:
    if width == 2:
        data = array("h")
        data.frombytes(frames)
        if sys.byteorder == "big":  # pragma: no cover - WAV is little-endian
            data.byteswap()
    elif width == 1:  # unsigned 8-bit
        data = array("h", ((b - 128) << 8 for b in frames))
    elif width == 4:
        wide = array("i")
        wide.frombytes(frames)
        data = array("h", (s >> 16 for s in wide))
    else:
        raise PcmError(f"{width * 8}-bit WAV is not supported")
    if channels > 1:
        data = array(
            "h",
            (sum(data[i : i + channels]) // channels for i in range(0, len(data), channels)),
        )
    return data


def read_wav(source: Path | bytes, rate: int = RATE) -> Pcm:
    """A WAV file (PCM 8/16/32-bit, mono or stereo, any rate) as mono 16-bit at ``rate``."""
    try:
        with wave.open(io.BytesIO(source) if isinstance(source, bytes) else str(source)) as w:
            frames = w.readframes(w.getnframes())
            pcm = Pcm(w.getframerate(), _from_frames(frames, w.getsampwidth(), w.getnchannels()))
    except (wave.Error, EOFError) as exc:
        raise PcmError(str(exc)) from exc
    return resample(pcm, rate)


def wav_bytes(pcm: Pcm) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(pcm.rate)
        data = array("h", pcm.samples)
        if sys.byteorder == "big":  # pragma: no cover
            data.byteswap()
        w.writeframes(data.tobytes())
    return out.getvalue()


def write_wav(pcm: Pcm, path: Path) -> Path:
    """Write beside the target, then rename: a half-written clip never replaces a good one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".part")
    temp.write_bytes(wav_bytes(pcm))
    temp.replace(path)
    return path


def resample(pcm: Pcm, rate: int) -> Pcm:
    """Linear interpolation: good enough for speech recorded at 44.1/48 kHz."""
    if pcm.rate == rate or not pcm.samples:
        return Pcm(rate, array("h", pcm.samples))
    src = pcm.samples
    count = max(1, int(len(src) * rate / pcm.rate))
    step = pcm.rate / rate
    last = len(src) - 1
    out = array("h", bytes(2 * count))
    for i in range(count):
        pos = i * step
        j = int(pos)
        if j >= last:
            out[i] = src[last]
            continue
        frac = pos - j
        out[i] = int(src[j] + (src[j + 1] - src[j]) * frac)
    return Pcm(rate, out)


def trim(pcm: Pcm, level: float = SILENCE_LEVEL, keep_ms: float = TRIM_KEEP_MS) -> Pcm:
    """Cut the silence a recording has at both ends (keeping a few ms, so no click)."""
    limit = int(32767 * level)
    data = pcm.samples
    start = next((i for i, s in enumerate(data) if abs(s) > limit), None)
    if start is None:
        return Pcm(pcm.rate, array("h"))
    end = next(i for i in range(len(data) - 1, -1, -1) if abs(data[i]) > limit)
    keep = int(pcm.rate * keep_ms / 1000)
    return Pcm(pcm.rate, data[max(0, start - keep) : min(len(data), end + 1 + keep)])


def fade(pcm: Pcm, ms: float = 5) -> Pcm:
    """A few ms of fade in and out, so joined clips do not click."""
    data = array("h", pcm.samples)
    n = min(len(data) // 2, int(pcm.rate * ms / 1000))
    for i in range(n):
        gain = i / n
        data[i] = int(data[i] * gain)
        data[-1 - i] = int(data[-1 - i] * gain)
    return Pcm(pcm.rate, data)


def join(pieces: list[Pcm], rate: int = RATE) -> Pcm:
    out = array("h")
    for piece in pieces:
        out.extend(resample(piece, rate).samples if piece.rate != rate else piece.samples)
    return Pcm(rate, out)


def scale(pcm: Pcm, gain: float) -> Pcm:
    """Volume in the file itself (0..1), the same on every audio back end."""
    if gain >= 0.999:
        return pcm
    return Pcm(pcm.rate, array("h", (int(s * gain) for s in pcm.samples)))
