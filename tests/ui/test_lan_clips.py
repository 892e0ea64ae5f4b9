"""The office's recorded voice reaches a display PC over the hub, and a change follows.

A real ``loket hub run`` on 127.0.0.1 holds the clips in its data folder (as the admin's
recording tab leaves them). A paired display PC opens its display the way ``loket
--display`` does (``open_lan_session`` → ``Session.display``): it fetches the clip set
into its own data folder and speaks the call from it. Re-recording one clip on the hub
reaches the display by the hub's change feed, without a restart; a clip removed on the
hub goes from the display too.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from loket.voice.clips import ClipSet, call_clips, clip_list, clips_folder
from loket.voice.pcm import RATE, Pcm, silence, write_wav
from loket.voice.share import manifest
from tests.hub.helpers import HubProcess, make_office, pair_pc

pytestmark = pytest.mark.timeout(120)


def tone(seconds: float) -> Pcm:
    pcm = silence(50)
    pcm.samples.extend([6000, -6000, 2500, -2500] * int(RATE * seconds / 4))
    pcm.samples.extend(silence(50).samples)
    return pcm


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    office = make_office(tmp_path / "hub")
    folder = clips_folder(office.data_dir)
    folder.mkdir(parents=True)
    for n, item in enumerate(clip_list(["A", "B", "C", "D", "E"], [1, 2, 3])):
        write_wav(tone(0.20 + n * 0.002), folder / item.filename)
    process = HubProcess(office.data_dir).start()
    yield process
    process.stop()


@pytest.fixture
def scope() -> Iterator[str]:
    """A QSettings scope of this test's own (the display's voice settings), removed after."""
    from loket.ui.devices.announcer import VoiceSettings
    from loket.ui.localsettings import APP, ORG

    name = f"-test-{uuid.uuid4().hex[:8]}"
    VoiceSettings(voice="clips").save(name)
    yield name
    QSettings(ORG, APP + name).clear()


def test_the_hubs_clips_reach_the_display_and_a_change_follows(  # type: ignore[no-untyped-def]
    qtbot, hub: HubProcess, scope: str, tmp_path: Path
) -> None:
    from loket.ui.app import open_lan_session

    hub_clips = clips_folder(hub.data_dir)
    display_dir = tmp_path / "tv"
    pair_pc(hub, display_dir, "tv-ruang-tunggu")
    session = open_lan_session(display_dir)
    assert session is not None and session is not False and session is not True
    session.scope = scope
    try:
        window = session.display(None, fullscreen=False)
        qtbot.addWidget(window)
        copy = clips_folder(display_dir)
        announcer = session.announcer
        assert announcer is not None and announcer.clips is not None
        announcer._pace = 0.02  # no sound device here: do not wait out each sentence
        assert announcer.clips.folder == copy  # the display's own data folder
        qtbot.waitUntil(lambda: manifest(copy) == manifest(hub_clips), timeout=30_000)

        announcer.announce_call("A", 1, 2)
        qtbot.waitUntil(
            lambda: announcer.last_voice == "clips" and announcer.pending == 0, timeout=20_000
        )
        first = announcer.last_audio
        assert first is not None

        # The admin re-records "dua" on the hub PC, much longer this time.
        write_wav(tone(1.5), hub_clips / "dua.wav")
        qtbot.waitUntil(lambda: manifest(copy) == manifest(hub_clips), timeout=30_000)
        assert (copy / "dua.wav").read_bytes() == (hub_clips / "dua.wav").read_bytes()
        announcer.announce_call("A", 1, 2)  # "… loket dua": the new clip, no restart
        qtbot.waitUntil(
            lambda: announcer.pending == 0 and announcer.last_audio is not first, timeout=20_000
        )
        assert announcer.last_voice == "clips" and announcer.last_audio is not None
        assert announcer.last_audio.seconds == pytest.approx(first.seconds + 1.3, abs=0.15)
        spoken = ClipSet(copy).assemble(call_clips("A", 1, 2))  # what the display has
        on_hub = ClipSet(hub_clips).assemble(call_clips("A", 1, 2))
        assert spoken is not None and on_hub is not None
        assert spoken.samples == on_hub.samples

        # A clip removed on the hub goes from the display: the call falls back whole.
        (hub_clips / "loket.wav").unlink()
        qtbot.waitUntil(lambda: not (copy / "loket.wav").exists(), timeout=30_000)
        assert announcer.voice_name(call_clips("A", 1, 2)) != "clips"
        window.close()
    finally:
        session.close()
