"""Calls are queued, spoken in order, never cut off; offline voice or chime only."""

from __future__ import annotations

import pytest
from PySide6.QtTextToSpeech import QTextToSpeech

from loket.ui.announcer import Announcer, indonesian_locale


def test_calls_queue_and_never_cut_each_other_off(qtbot) -> None:  # type: ignore[no-untyped-def]
    announcer = Announcer(engine="mock", require_indonesian=False, chime_ms=1, gap_ms=1)
    assert announcer.tts is not None
    events: list[tuple[str, str]] = []
    announcer.started.connect(lambda t: events.append(("start", t)))
    announcer.finished.connect(lambda t: events.append(("end", t)))
    first = announcer.announce_call("A", 12, 2)
    second = announcer.announce_call("B", 7, 1)
    assert first == "Nomor antrian A dua belas, silakan menuju loket dua."
    assert announcer.pending == 2
    qtbot.waitUntil(lambda: announcer.pending == 0, timeout=10_000)
    # each one ends before the next starts
    assert events == [("start", first), ("end", first), ("start", second), ("end", second)]


def test_without_an_indonesian_voice_only_the_chime_and_one_notice(qtbot) -> None:  # type: ignore[no-untyped-def]
    announcer = Announcer(engine="mock", chime_ms=1, gap_ms=1)  # mock has no Indonesian voice
    assert announcer.tts is None
    assert announcer.notice_text is not None and "bahasa Indonesia" in announcer.notice_text
    later: list[str] = []
    announcer.notice.connect(later.append)
    announcer._notice("lagi")
    assert later == []  # said once only
    done: list[str] = []
    announcer.finished.connect(done.append)
    with qtbot.waitSignal(announcer.finished, timeout=5000):
        announcer.announce_call("A", 1, 1)  # the chime still marks the call
    assert done == ["Nomor antrian A satu, silakan menuju loket satu."]


def test_the_real_voice_is_indonesian_where_the_os_has_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    if "speechd" not in QTextToSpeech.availableEngines():
        pytest.skip("no speech-dispatcher engine on this machine")
    probe = QTextToSpeech("speechd")
    if indonesian_locale(probe) is None:
        pytest.skip("speech-dispatcher has no Indonesian voice here")
    announcer = Announcer(engine="speechd", chime=False)
    assert announcer.tts is not None
    assert announcer.voice_locale is not None and announcer.voice_locale.name().startswith("id")
