"""The clip-sharing rules a display PC applies to what a hub sends (loket/voice/share.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from loket.voice.share import (
    ClipEntry,
    ClipFile,
    ClipManifest,
    ClipShareError,
    manifest,
    read_clip,
    sync_clips,
    version_of,
)


class Hub:
    """What the office client answers, from a dict of files (in-process, no LAN)."""

    def __init__(self, files: dict[str, bytes], lie: bool = False) -> None:
        self.files = files
        self.lie = lie
        self.fetched: list[str] = []

    def voice_clips(self) -> ClipManifest:
        entries = [ClipEntry(n, len(d), hashlib.sha256(d).hexdigest())
                   for n, d in self.files.items()]  # fmt: skip
        return ClipManifest(version_of(entries), entries)

    def voice_clip(self, name: str) -> ClipFile:
        self.fetched.append(name)
        data = self.files[name]
        return ClipFile(name, data + b"x" if self.lie else data)


def test_only_changed_clips_are_fetched_and_removed_ones_go(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    hub = Hub({"satu.wav": b"RIFF1", "dua.wav": b"RIFF2"})
    assert sync_clips(hub, copy) and sorted(hub.fetched) == ["dua.wav", "satu.wav"]
    assert manifest(copy).version == hub.voice_clips().version
    hub.fetched.clear()
    assert not sync_clips(hub, copy) and hub.fetched == []  # nothing new: nothing fetched
    hub.files = {"satu.wav": b"RIFF1-baru"}
    assert sync_clips(hub, copy) and hub.fetched == ["satu.wav"]
    assert sorted(p.name for p in copy.iterdir()) == ["satu.wav"]


def test_a_hostile_name_or_a_wrong_hash_is_never_written(tmp_path: Path) -> None:
    copy = tmp_path / "voice" / "clips"
    with pytest.raises(ClipShareError):
        sync_clips(Hub({"../../pc.json": b"{}"}), copy)
    assert not (tmp_path / "pc.json").exists()
    with pytest.raises(ClipShareError):
        sync_clips(Hub({"satu.wav": b"RIFF1"}, lie=True), copy)
    assert not list(copy.glob("*"))  # neither the file nor a leftover part
    with pytest.raises(ClipShareError):
        read_clip(copy, "../loket.db")
