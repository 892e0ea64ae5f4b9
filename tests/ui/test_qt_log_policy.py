"""Host audio noise is ignored precisely; every other Qt warning still fails a test.

Issue 10 item 23: "Couldn't load pipewire-0.3 library" (a PC without PipeWire) failed the
key-to-display benchmark. The ignore list in pyproject.toml names the host's audio-stack
messages one by one; nothing broad like "qt.multimedia" that would hide a real fault.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import qWarning

HOST_NOISE = [
    "Couldn't load pipewire-0.3 library",
    "Couldn't resolve pipewire-0.3 symbols",
    "Couldn't load va-x11 library",
    "Couldn't resolve va-drm symbols",
    "Couldn't load va(in plugin) library",
    "PulseAudioService: pa_context_connect() failed",
    "PulseAudioService: Connection failure: Connection refused",
    "PulseAudioService: Unable to create new pulseaudio context",
]
REAL_WARNINGS = [
    "QSoundEffect(qaudio): Error decoding source file:///x/chime.wav",
    "QObject::connect: No such signal Announcer::gone()",
    "QThread: Destroyed while thread is still running",
    "QMediaPlayer: cannot open qt.multimedia resource",
    "Couldn't load chime.wav",
    "Couldn't load pipewire-0.3 library: the voice stays silent",
    "qt.multimedia.ffmpeg: failed to decode the voice",
]


def _ignored(patterns: list[str], message: str) -> bool:
    return any(re.search(p, message) for p in patterns)


def test_host_audio_noise_is_ignored(pytestconfig: pytest.Config) -> None:
    patterns = pytestconfig.getini("qt_log_ignore")
    assert [m for m in HOST_NOISE if not _ignored(patterns, m)] == []


def test_real_warnings_stay_fatal(pytestconfig: pytest.Config) -> None:
    patterns = pytestconfig.getini("qt_log_ignore")
    assert [m for m in REAL_WARNINGS if _ignored(patterns, m)] == []


def test_a_host_without_pipewire_does_not_fail_a_test(qtlog) -> None:  # type: ignore[no-untyped-def]
    qWarning("Couldn't load pipewire-0.3 library")  # what such a host's Qt says
    assert [r.message for r in qtlog.records if not r.ignored] == []
    assert len(qtlog.records) == 1
