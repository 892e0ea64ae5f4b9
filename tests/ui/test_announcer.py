"""Calls are queued, spoken in order, never cut off; a voice on every PC, never a freeze."""

from __future__ import annotations

import os
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtTextToSpeech import QTextToSpeech

from loket.ui.devices.announcer import Announcer, VoiceSettings, indonesian_locale
from loket.voice import espeak
from loket.voice.clips import call_clips, slug
from loket.voice.pcm import RATE, Pcm, wav_bytes

pytestmark = pytest.mark.timeout(60)  # speech and sound: never hang on the host's audio stack

FAST = {"chime_ms": 1, "gap_ms": 1, "pace": 0.01}


def test_calls_queue_and_never_cut_each_other_off(qtbot) -> None:  # type: ignore[no-untyped-def]
    announcer = Announcer(engine="mock", require_indonesian=False, **FAST)
    assert announcer.tts is not None
    events: list[tuple[str, str]] = []
    announcer.started.connect(lambda t: events.append(("start", t)))
    announcer.finished.connect(lambda t: events.append(("end", t)))
    first = announcer.announce_call("A", 12, 2)
    second = announcer.announce_call("B", 7, 1)
    recall = announcer.announce_call("A", 12, 2)  # a recall is spoken again
    assert first == "Nomor antrian A dua belas, silakan menuju loket dua."
    assert announcer.pending == 3
    qtbot.waitUntil(lambda: announcer.pending == 0, timeout=10_000)
    # each one ends before the next starts
    assert events == [("start", first), ("end", first), ("start", second), ("end", second),
                      ("start", recall), ("end", recall)]  # fmt: skip


def test_without_an_os_voice_the_bundled_voice_speaks(qtbot) -> None:  # type: ignore[no-untyped-def]
    announcer = Announcer(engine="mock", **FAST)  # mock has no Indonesian voice
    assert announcer.tts is None
    assert announcer.notice_text is not None and "bahasa Indonesia" in announcer.notice_text
    later: list[str] = []
    announcer.notice.connect(later.append)
    announcer._notice("lagi")
    assert later == []  # said once only
    done: list[str] = []
    announcer.finished.connect(done.append)
    with qtbot.waitSignal(announcer.finished, timeout=10_000):
        announcer.announce_call("A", 1, 1)
    assert done == ["Nomor antrian A satu, silakan menuju loket satu."]
    assert announcer.last_voice == "bundled"
    assert announcer.last_audio is not None and announcer.last_audio.seconds > 3  # chime + voice


@pytest.fixture
def mute_speech_dispatcher(tmp_path: Path) -> Iterator[Path]:
    """A speech-dispatcher socket that accepts and never answers (a daemon stuck without
    an audio device): Qt's speechd engine then never returns from its constructor."""
    path = Path("/tmp") / f"loket-mute-{os.getpid()}.sock"  # short: AF_UNIX path limit
    path.unlink(missing_ok=True)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(8)
    old = os.environ.get("SPEECHD_ADDRESS")
    os.environ["SPEECHD_ADDRESS"] = f"unix_socket:{path}"
    yield path
    if old is None:
        os.environ.pop("SPEECHD_ADDRESS", None)
    else:
        os.environ["SPEECHD_ADDRESS"] = old
    server.close()
    path.unlink(missing_ok=True)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="speech-dispatcher is Linux")
@pytest.mark.timeout(40)
def test_a_silent_speech_dispatcher_never_blocks_the_display(  # type: ignore[no-untyped-def]
    qtbot, mute_speech_dispatcher: Path
) -> None:
    from loket.ui.devices.voiceprobe import OsVoiceProbe

    started = time.monotonic()
    announcer = Announcer(probe_timeout_ms=3000, **FAST)  # the display's own construction
    assert time.monotonic() - started < 2.0  # the GUI thread went on at once
    assert isinstance(announcer.os_probe, OsVoiceProbe)
    # a call before the OS engine answered: the bundled voice speaks it, nothing waits
    with qtbot.waitSignal(announcer.finished, timeout=10_000):
        announcer.announce_call("C", 123, 2)
    assert announcer.last_voice == "bundled"
    # the probe child is given up after its time box; the OS voice stays out
    with qtbot.waitSignal(announcer.os_probe.answered, timeout=10_000) as answer:
        pass
    assert answer.args == [None]
    assert announcer.tts is None
    announcer.stop()


def _write_clips(folder: Path, phrases: list[str]) -> None:
    from array import array

    folder.mkdir(parents=True, exist_ok=True)
    for phrase in phrases:
        if phrase != ",":
            tone = array("h", ((6000 if (i // 20) % 2 else -6000) for i in range(RATE // 4)))
            (folder / f"{slug(phrase)}.wav").write_bytes(wav_bytes(Pcm(RATE, tone)))


def test_recorded_clips_speak_the_call(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _write_clips(tmp_path / "clips", call_clips("C", 123, 2))
    announcer = Announcer(settings=VoiceSettings(voice="clips", repeats=2), probe=False,
                          clips_dir=tmp_path / "clips", chime=False, **FAST)  # fmt: skip
    with qtbot.waitSignal(announcer.finished, timeout=10_000):
        announcer.announce_call("C", 123, 2)
    assert announcer.last_voice == "clips"
    assert announcer.last_audio is not None
    # 8 clips of 0.25 s, said twice with a pause between
    assert 4.0 < announcer.last_audio.seconds < 6.5


def test_a_missing_clip_falls_back_to_the_bundled_voice_for_the_whole_sentence(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    phrases = call_clips("C", 123, 2)
    _write_clips(tmp_path / "clips", [p for p in phrases if p != "dua puluh"])
    announcer = Announcer(settings=VoiceSettings(voice="clips"), probe=False,
                          clips_dir=tmp_path / "clips", chime=False, **FAST)  # fmt: skip
    with qtbot.waitSignal(announcer.finished, timeout=10_000):
        text = announcer.announce_call("C", 123, 2)
    assert announcer.last_voice == "bundled"
    assert announcer.notice_text is not None and "belum lengkap" in announcer.notice_text
    whole = espeak.render(text)  # the same sentence, entirely in the bundled voice
    assert announcer.last_audio is not None
    assert abs(announcer.last_audio.seconds - whole.seconds) < 0.05


def test_voice_off_is_the_chime_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    announcer = Announcer(settings=VoiceSettings(enabled=False), probe=False, **FAST)
    with qtbot.waitSignal(announcer.finished, timeout=10_000):
        announcer.announce_call("A", 3, 1)
    assert announcer.last_voice == "chime"
    assert announcer.notice_text is None  # the office chose it: nothing to warn about


def test_the_real_voice_is_indonesian_where_the_os_has_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    if "speechd" not in QTextToSpeech.availableEngines():
        pytest.skip("no speech-dispatcher engine on this machine")
    from loket.ui.devices.voiceprobe import OsVoiceProbe

    probe = OsVoiceProbe(timeout_ms=30_000)  # asked in a child: never freezes this test
    with qtbot.waitSignal(probe.answered, timeout=35_000) as answer:
        probe.start()
    if not answer.args[0] or answer.args[0].get("engine") != "speechd":
        pytest.skip("speech-dispatcher has no Indonesian voice here (or does not answer)")
    announcer = Announcer(engine="speechd", chime=False)
    assert announcer.tts is not None
    assert indonesian_locale(announcer.tts) is not None
    assert announcer.voice_locale is not None and announcer.voice_locale.name().startswith("id")
