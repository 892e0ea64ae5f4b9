"""The desk's sync state and the status every screen shows.

The status is read from the database (so it survives a restart: "last good sync"
yesterday 16:02 is still true after a reboot) plus whatever the running loop knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.store.database import Database
from loket.store.sync_models import SYNC_STATE_ID, DeadLetter, SyncState
from loket.sync.outbox import unsent_count

#: Beyond this difference with the server's clock the desk warns (times in the register
#: and the waits the city computes would be off).
SKEW_WARNING_SECONDS = 5 * 60


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    needs_enroll: bool
    online: bool | None  # None: never tried
    last_good_sync: datetime | None
    last_attempt: datetime | None
    events_waiting: int
    dead_letters: int
    last_error: str | None
    clock_skew_seconds: int | None
    server_url: str | None = None
    office_code: str | None = None
    running: bool = False  # a sync run is in progress now

    @property
    def skew_warning(self) -> str | None:
        skew = self.clock_skew_seconds
        if skew is None or abs(skew) <= SKEW_WARNING_SECONDS:
            return None
        direction = "terlambat" if skew > 0 else "terlalu cepat"
        return (
            f"Jam komputer ini {direction} {abs(skew) // 60} menit dibanding server kota. "
            "Betulkan jam komputer agar waktu layanan tercatat benar."
        )

    def summary(self) -> str:
        """One Indonesian line for a status bar."""
        if not self.enrolled:
            return "Belum terdaftar ke server kota."
        if self.needs_enroll:
            return "Perangkat harus didaftarkan ulang ke server kota."
        state = {True: "daring", False: "luring", None: "belum sinkron"}[self.online]
        last = (
            self.last_good_sync.astimezone().strftime("%d-%m %H:%M")
            if self.last_good_sync
            else "belum pernah"
        )
        parts = [state, f"sinkron terakhir {last}", f"{self.events_waiting} menunggu dikirim"]
        if self.dead_letters:
            parts.append(f"{self.dead_letters} ditolak server")
        return " · ".join(parts)


def load_state(s: Session) -> SyncState | None:
    return s.get(SyncState, SYNC_STATE_ID)


def read_status(db: Database, *, running: bool = False) -> SyncStatus:
    with db.read() as s:
        state = load_state(s)
        waiting = unsent_count(s)
        dead = int(s.scalar(select(func.count()).select_from(DeadLetter)) or 0)
    if state is None:
        return SyncStatus(
            enrolled=False,
            needs_enroll=False,
            online=None,
            last_good_sync=None,
            last_attempt=None,
            events_waiting=waiting,
            dead_letters=dead,
            last_error=None,
            clock_skew_seconds=None,
            running=running,
        )
    online: bool | None = None
    if state.last_attempt_at is not None:
        online = (
            state.last_contact_at is not None and state.last_contact_at >= state.last_attempt_at
        )
    return SyncStatus(
        enrolled=True,
        needs_enroll=state.needs_enroll,
        online=online,
        last_good_sync=state.last_good_sync_at,
        last_attempt=state.last_attempt_at,
        events_waiting=waiting,
        dead_letters=dead,
        last_error=state.last_error,
        clock_skew_seconds=state.clock_skew_seconds,
        server_url=state.server_url,
        office_code=state.office_code,
        running=running,
    )
