"""Integrity checks and online backups of the desk database."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from loket.paths import backups_dir
from loket.store.database import CorruptDatabase, Database, StoreError, translate_errors
from loket.store.errors import corrupt_message
from loket.store.migrate import current_revision, head_revision

#: How many manual/daily backups `loket db backup` keeps in the default folder.
KEEP_BACKUPS = 14


@dataclass
class CheckReport:
    path: Path
    integrity: list[str] = field(default_factory=list)
    foreign_keys: int = 0
    revision: str | None = None
    head: str = ""

    @property
    def ok(self) -> bool:
        return self.integrity == ["ok"] and self.foreign_keys == 0 and self.revision == self.head

    def problems(self) -> list[str]:
        out = []
        if self.integrity != ["ok"]:
            out.append("integritas: " + "; ".join(self.integrity[:5]))
        if self.foreign_keys:
            out.append(f"{self.foreign_keys} baris melanggar kunci asing")
        if self.revision != self.head:
            out.append(f"skema {self.revision or 'kosong'}, seharusnya {self.head}")
        return out


def check(db: Database) -> CheckReport:
    """Full integrity check, foreign keys and schema version. Reads only."""
    report = CheckReport(db.path, head=head_revision())
    try:
        with translate_errors(db.path), db.engine.connect() as conn:
            report.integrity = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            report.foreign_keys = len(conn.exec_driver_sql("PRAGMA foreign_key_check").all())
            conn.rollback()
    except StoreError as exc:  # so damaged that SQLite cannot even check it
        report.integrity = [exc.message]
        return report
    try:
        report.revision = current_revision(db)
    except StoreError:
        report.revision = None
    return report


def backup(db: Database, folder: Path | None = None, *, keep: int = KEEP_BACKUPS) -> Path:
    """An online, consistent copy; verified by opening it; old ones rotated."""
    target_dir = folder or backups_dir(db.path.parent)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dest = target_dir / f"loket-{stamp}.db"
    db.raw_backup(dest)
    try:
        verify_backup(dest)
    except StoreError as exc:
        dest.unlink(missing_ok=True)  # a bad copy must not push a good one out of the 14
        # The copy is page for page the database: a damaged copy means a damaged source.
        raise CorruptDatabase(corrupt_message(db.path), path=str(db.path)) from exc
    copies = sorted(target_dir.glob("loket-*.db"))
    for stale in copies[:-keep] if keep > 0 else []:
        stale.unlink(missing_ok=True)
    mirror_voice_clips(db.path.parent, target_dir)
    return dest


#: The office's recorded voice (loket/voice/clips.py) lives beside the database.
VOICE_CLIPS = Path("voice") / "clips"


def mirror_voice_clips(data_dir: Path, target_dir: Path) -> None:
    """Keep the latest copy of the office's voice clips beside its backups.

    The clips change rarely, so one mirrored copy is enough (``voice-clips/`` in the
    backup folder); after a lost data folder they come back with *Impor folder WAV*.
    A failure here never fails the database backup: the register matters most.
    """
    source = data_dir / VOICE_CLIPS
    if not source.is_dir():
        return
    dest = target_dir / "voice-clips"
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for wav in source.glob("*.wav"):
            target = dest / wav.name
            same = target.exists() and target.stat().st_size == wav.stat().st_size
            if not same or target.stat().st_mtime < wav.stat().st_mtime:
                shutil.copy2(wav, target)
    except OSError:
        return


def verify_backup(path: Path) -> None:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            result = conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"Cadangan {path} tidak dapat dibaca: {exc}", path=str(path)) from exc
    if not result or result[0] != "ok":
        raise StoreError(f"Cadangan {path} rusak: {result}", path=str(path))


def quick_check(db: Database) -> str:
    """SQLite's quick_check: "ok", or the first problem it found (run at every start)."""
    with translate_errors(db.path), db.engine.connect() as conn:
        result = conn.exec_driver_sql("PRAGMA quick_check").scalar()
        conn.rollback()
    return str(result)
