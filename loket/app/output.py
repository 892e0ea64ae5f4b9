"""Writing a report file so that it is either complete or not there at all.

A report is written to a temporary file beside the target (same folder, so the same
file system), flushed and fsynced, and only then renamed over the target: a full disk,
a file-size limit, a read-only folder or a crash mid-write leave the old file (or no
file) in place, never a 0-byte or half-written one. Every failure becomes an
``OutputError`` with an Indonesian message the CLI prints as it is (exit 1) and the GUI
shows in its status line.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from loket.core.errors import LoketError


class OutputError(LoketError):
    """The report could not be written; nothing partial was left behind."""

    code = "output_failed"


def _message(exc: OSError, target: Path) -> str:
    where = str(target)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"Disk penuh: laporan tidak tersimpan ke {where}. Kosongkan ruang disk lalu ulangi."
    if exc.errno == errno.EFBIG:
        return (
            f"Berkas terlalu besar untuk tempat tujuan: laporan tidak tersimpan ke {where}. "
            "Pilih disk lain atau periode yang lebih pendek."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Tidak boleh menulis ke {where} (hanya-baca atau tanpa izin). Pilih tempat lain."
    if exc.errno == errno.ENAMETOOLONG:
        return f"Nama berkas terlalu panjang: {where}. Pilih nama yang lebih pendek."
    if exc.errno == errno.EISDIR or _is_dir(target):
        return f"{where} adalah folder: berikan nama berkas, mis. {where}/laporan.pdf."
    if exc.errno == errno.ENOENT:
        return f"Folder untuk {where} tidak ada dan tidak dapat dibuat."
    reason = exc.strerror or exc.__class__.__name__
    return f"Laporan tidak tersimpan ke {where}: {reason}."


def _is_dir(target: Path) -> bool:
    try:
        return target.is_dir()
    except OSError:  # a name too long to even look up: not a folder
        return False


def check_target(target: Path) -> None:
    """Refuse a target that cannot be a file, before any work is done.

    Asking the file system may itself fail (a name of 300 characters: ENAMETOOLONG);
    that is an ``OutputError`` too, not an OSError out of the export button's slot.
    """
    try:
        folder = target.is_dir()
    except OSError as exc:
        raise OutputError(_message(exc, target)) from exc
    if folder:
        raise OutputError(_message(OSError(errno.EISDIR, "is a directory"), target))


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed onto it when the block succeeds.

    The block writes the whole file to the yielded path (a library that wants a file
    name: openpyxl). On any exception the temporary file is removed; an ``OSError``
    becomes an ``OutputError``.
    """
    check_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(_message(exc, target)) from exc
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        _fsync(temp)
        os.replace(temp, target)
        _fsync_dir(target.parent)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(_message(exc, target)) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomic(target: Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Write ``target`` through ``write(binary file)``, all or nothing."""
    with atomic_path(target) as temp, temp.open("wb") as fh:
        write(fh)
    return target


def write_bytes_atomic(target: Path, data: bytes) -> Path:
    def write(fh: IO[bytes]) -> None:
        fh.write(data)

    return write_atomic(target, write)


def _fsync(path: Path) -> None:
    """Flush to the disk: ENOSPC on a delayed-allocation file system shows up here."""
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX); Windows cannot open a folder, and needs not."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (tmpfs in old kernels, SMB) refuse a folder fsync
    finally:
        os.close(fd)
