"""Sharing the office's recorded clips from the hub with the display PCs.

The clips live in the hub's data folder (``voice/clips``), where the admin records
them. A display PC keeps a copy in its own data folder and speaks from that copy, so a
call never waits on the LAN. The hub describes its set as a manifest (each file's name,
size and SHA-256, and a version over all of them); the hub's change feed carries that
version, and a display whose copy has another version fetches what changed through the
office client (``voice_clips`` / ``voice_clip``), checks each file's hash, writes it
whole (a temporary file, then rename) and removes the clips the hub no longer has. The
announcer reads its clips when it speaks, so a re-recorded clip is heard at the next
call, with no restart.

Names are checked against one strict pattern before any file is touched: a hub (or
anything posing as one) cannot make a display write outside its clip folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: A clip's file name: what ``loket.voice.clips.slug`` makes, plus ".wav".
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}\.wav$")
#: A clip larger than this is not a spoken word (and is not fetched).
MAX_CLIP_BYTES = 2 * 1024 * 1024
EMPTY_VERSION = "none"


@dataclass(frozen=True)
class ClipEntry:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ClipManifest:
    version: str  # over every entry; EMPTY_VERSION when there are no clips
    files: list[ClipEntry] = field(default_factory=list)


@dataclass(frozen=True)
class ClipFile:
    name: str
    data: bytes


class ClipShareError(Exception):
    """A clip that may not be shared or kept (a strange name, a wrong hash, too big)."""


def version_of(files: list[ClipEntry]) -> str:
    if not files:
        return EMPTY_VERSION
    digest = hashlib.sha256()
    for entry in sorted(files, key=lambda e: e.name):
        digest.update(f"{entry.name}\0{entry.size}\0{entry.sha256}\n".encode())
    return digest.hexdigest()[:32]


_hash_cache: dict[tuple[str, int, int], str] = {}
_hash_lock = threading.Lock()


def _sha256(path: Path, size: int, mtime_ns: int) -> str:
    key = (str(path), size, mtime_ns)
    with _hash_lock:
        known = _hash_cache.get(key)
    if known is not None:
        return known
    value = hashlib.sha256(path.read_bytes()).hexdigest()
    with _hash_lock:
        if len(_hash_cache) > 4096:
            _hash_cache.clear()
        _hash_cache[key] = value
    return value


def manifest(folder: Path) -> ClipManifest:
    """The clips in ``folder`` (files that vanish meanwhile are left out)."""
    files: list[ClipEntry] = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.wav")):
            if not NAME.match(path.name):
                continue
            try:
                stat = path.stat()
                if stat.st_size > MAX_CLIP_BYTES:
                    continue
                files.append(ClipEntry(path.name, stat.st_size,
                                       _sha256(path, stat.st_size, stat.st_mtime_ns)))  # fmt: skip
            except OSError:
                continue
    return ClipManifest(version_of(files), files)


def signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """A cheap look at the folder (names, sizes, times): has anything changed?"""
    if not folder.is_dir():
        return ()
    out = []
    for path in folder.glob("*.wav"):
        with contextlib.suppress(OSError):
            stat = path.stat()
            out.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(out))


def read_clip(folder: Path, name: str) -> ClipFile:
    """One clip's bytes, for the hub's RPC (only names of the pattern, only this folder)."""
    if not NAME.match(name):
        raise ClipShareError(f"nama rekaman tidak sah: {name!r}")
    path = folder / name
    data = path.read_bytes()
    if len(data) > MAX_CLIP_BYTES:
        raise ClipShareError(f"rekaman {name} terlalu besar")
    return ClipFile(name, data)


def _write_whole(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def sync_clips(client: Any, folder: Path) -> bool:
    """Make ``folder`` hold exactly the hub's clips; True if anything changed.

    ``client`` is the display PC's office client (``voice_clips`` and ``voice_clip``).
    Raises the client's LoketError when the hub cannot be asked (tried again at the
    next change notice), ClipShareError for a clip that fails its checks (none of it is
    kept).
    """
    remote: ClipManifest = client.voice_clips()
    local = {entry.name: entry for entry in manifest(folder).files}
    wanted = {entry.name: entry for entry in remote.files}
    changed = False
    folder.mkdir(parents=True, exist_ok=True)
    for name, entry in wanted.items():
        if not NAME.match(name):
            raise ClipShareError(f"nama rekaman tidak sah dari PC utama: {name!r}")
        if local.get(name) == entry:
            continue
        if entry.size > MAX_CLIP_BYTES:
            raise ClipShareError(f"rekaman {name} terlalu besar")
        clip: ClipFile = client.voice_clip(name)
        if hashlib.sha256(clip.data).hexdigest() != entry.sha256:
            raise ClipShareError(f"rekaman {name} berubah di tengah jalan; diulang nanti")
        _write_whole(folder / name, clip.data)
        changed = True
    for name in set(local) - set(wanted):
        with contextlib.suppress(OSError):
            (folder / name).unlink()
            changed = True
    return changed
