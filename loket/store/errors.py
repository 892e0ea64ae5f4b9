"""The one place that sorts storage failures into messages a person can act on.

As qutebrowser's ``misc/sql.py`` does, an SQLite error is sorted by its result code
(``sqlite_errorcode``, never by its English text): a full disk, a failing disk, a
read-only folder, a damaged file, a lock held too long or a file that cannot be opened
are *known* errors of the office's PC and become a ``StoreError`` with an Indonesian
message; anything else (a wrong query, a constraint) is a bug and is raised unchanged
so it reaches the log with its traceback. Operating-system errors met on the same paths
(``mkdir`` of the data folder, writing a backup or an export) are sorted here too, so
the command line and the windows say the same thing for the same fault.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from loket.core.errors import LoketError

#: Below this much free space a "disk I/O error" is a full disk (SQLite reports a -shm
#: or -wal file it cannot grow as an I/O error, not as SQLITE_FULL).
NEARLY_FULL_BYTES = 1 << 20


class StoreError(LoketError):
    """A problem with the database file a user or IT must act on."""

    code = "store_error"


class NotADatabase(StoreError):
    code = "not_a_database"


class CorruptDatabase(StoreError):
    code = "corrupt_database"


class DatabaseTooNew(StoreError):
    code = "database_too_new"


class MigrationFailed(StoreError):
    code = "migration_failed"


class DiskFull(StoreError):
    code = "disk_full"


class DiskError(StoreError):
    code = "disk_io_error"


class ReadOnlyLocation(StoreError):
    code = "read_only"


class DatabaseBusy(StoreError):
    code = "database_busy"


class CannotOpen(StoreError):
    code = "cannot_open"


class OutOfMemory(StoreError):
    code = "out_of_memory"


def corrupt_message(path: Path) -> str:
    """What to say about a damaged database: nothing was written, how to restore."""
    return (
        f"Basis data {path} rusak. Loket tidak menulis apa pun ke berkas ini. Pulihkan dari "
        f"cadangan: `loket db restore BERKAS` (cadangan ada di {path.parent / 'backups'})."
    )


def _disk_nearly_full(path: Path) -> bool:
    folder = path if path.is_dir() else path.parent
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def disk_full(path: Path) -> DiskFull:
    return DiskFull(
        f"Disk penuh: Loket tidak dapat menulis {path}. Kosongkan ruang disk lalu ulangi; "
        "data yang sudah tersimpan sebelumnya aman.",
        path=str(path),
    )


def read_only_filesystem(folder: Path) -> bool:
    """Whether ``folder`` lies on a file system mounted read-only (nobody can write it)."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:  # Windows: no such notion, say no
        return False
    try:
        return bool(statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _not_writable(folder: Path) -> bool:
    return folder.is_dir() and (read_only_filesystem(folder) or not os.access(folder, os.W_OK))


def disk_error(path: Path) -> StoreError:
    if _disk_nearly_full(path):
        return disk_full(path)
    return DiskError(
        f"Kesalahan disk saat membaca atau menulis {path}. Periksa disk atau flashdisk itu "
        "(tercolok, tidak rusak, masih ada ruang), lalu ulangi.",
        path=str(path),
    )


def read_only(path: Path) -> ReadOnlyLocation:
    return ReadOnlyLocation(
        f"{path} tidak dapat ditulis: folder atau disknya hanya-baca, atau tanpa izin tulis. "
        "Periksa izin folder itu atau pilih folder lain.",
        path=str(path),
    )


def cannot_open(path: Path) -> CannotOpen:
    return CannotOpen(
        f"{path} tidak dapat dibuka: foldernya tidak ada, bukan folder, atau tidak dapat "
        "ditulis. Periksa --data-dir (atau LOKET_DATA_DIR) dan izin folder itu.",
        path=str(path),
    )


def busy(path: Path) -> DatabaseBusy:
    return DatabaseBusy(
        f"Basis data {path} sedang dikunci program lain terlalu lama. Tunggu sebentar atau "
        "tutup Loket yang macet, lalu ulangi.",
        path=str(path),
    )


def sqlite_error_of(exc: BaseException) -> sqlite3.Error | None:
    """The driver's error inside ``exc`` (SQLAlchemy wraps it), or None."""
    if isinstance(exc, sqlite3.Error):
        return exc
    if isinstance(exc, DBAPIError) and isinstance(exc.orig, sqlite3.Error):
        return exc.orig
    return None


def known_sqlite_error(exc: BaseException, path: Path) -> StoreError | None:
    """A known (user-facing) error for an SQLite failure on ``path``; None for a bug."""
    error = sqlite_error_of(exc)
    if error is None:
        return None
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:  # raised by the sqlite3 module itself (closed connection...): a bug
        return None
    primary = int(code) & 0xFF  # extended codes keep the primary one in the low byte
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return CorruptDatabase(corrupt_message(path), path=str(path))
    if primary == sqlite3.SQLITE_FULL:
        return disk_full(path)
    if primary == sqlite3.SQLITE_IOERR:
        return disk_error(path)
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return read_only(path)
    if primary == sqlite3.SQLITE_CANTOPEN:
        # SQLite cannot create its -wal/-shm (or a new file) in a folder it may not write.
        return read_only(path.parent) if _not_writable(path.parent) else cannot_open(path)
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return busy(path)
    if primary == sqlite3.SQLITE_NOMEM:
        return OutOfMemory(
            "Memori komputer tidak cukup. Tutup program lain lalu ulangi.", path=str(path)
        )
    return None


def known_os_error(exc: OSError, path: Path | None = None) -> StoreError | None:
    """A known error for a failed file operation (``path`` when the error names none)."""
    where = Path(exc.filename) if exc.filename else path
    if where is None:
        return None
    number = exc.errno
    if number in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return disk_full(where)
    if number in (errno.EROFS, errno.EACCES, errno.EPERM):
        return read_only(where)
    if number == errno.EIO:
        return disk_error(where)
    if number == errno.EISDIR:
        return CannotOpen(
            f"{where} adalah folder, padahal yang diperlukan berkas. Berikan nama berkas "
            "(misalnya laporan.pdf di folder itu).",
            path=str(where),
        )
    if number in (errno.ENOTDIR, errno.EEXIST):
        return CannotOpen(
            f"{where} (atau salah satu induknya) adalah berkas, bukan folder. Pilih folder.",
            path=str(where),
        )
    if number == errno.ENOENT:
        return CannotOpen(f"{where} tidak ada. Periksa nama foldernya.", path=str(where))
    return None


def known_error(exc: BaseException, path: Path | None = None) -> LoketError | None:
    """Any failure sorted: a ``LoketError`` as it is, an SQLite or OS fault if known."""
    if isinstance(exc, LoketError):
        return exc
    if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
        return known_os_error(exc, path)
    if path is not None:
        return known_sqlite_error(exc, path)
    return None


@contextlib.contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Raise the known ``StoreError`` for an SQLite failure on ``path``; bugs unchanged."""
    try:
        yield
    except (sqlite3.Error, DBAPIError) as exc:
        known = known_sqlite_error(exc, path)
        if known is None:
            raise
        raise known from exc
