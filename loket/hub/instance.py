"""One hub per data folder: a second ``loket hub run`` on the same folder is refused.

A second hub on another port used to start beside the first: both began a term in the
one file, both announced themselves on the LAN and both would sync with the city, so
the take-over's bookkeeping (whose term, which replicas) no longer described one hub.
The lock is the OS's, on a file in the data folder: it goes with the process, even on
a kill or a power cut, so a stale lock never blocks a restart.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

from loket.core.errors import LoketError

LOCK_NAME = "hub.lock"


class HubAlreadyRunning(LoketError):
    code = "hub_running"


def hold(data_dir: Path) -> IO[bytes]:
    """The open, locked file; closing it (or the process ending) lets go."""
    data_dir.mkdir(parents=True, exist_ok=True)  # as opening the database would
    handle = (data_dir / LOCK_NAME).open("a+b")
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        handle.close()
        raise HubAlreadyRunning(
            f"PC utama sudah berjalan dengan folder data {data_dir}: satu folder data hanya "
            "dilayani satu PC utama. Hentikan yang lain dulu (atau pakai itu saja)."
        ) from exc
    return handle
