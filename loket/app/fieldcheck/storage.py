"""Field checks of this PC's disk and office file: writable, free space, fsync, the
database's integrity and schema, the backups. No Qt: they run, and are tested, without a
display.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from loket import __version__
from loket.app.fieldcheck.findings import Finding, Status, age_text, size_text
from loket.paths import backups_dir, database_path

#: One ticket is one fsync'd commit (WAL, synchronous=FULL): above these medians the
#: "take a number" button feels slow, then broken (USB sticks, network shares, dying disks).
FSYNC_WARN_MS = 30.0
FSYNC_FAIL_MS = 300.0
FSYNC_ROUNDS = 15

#: Free space: a register plus 14 daily backups and the pre-upgrade copies.
FREE_FAIL_BYTES = 200 * 1024**2
FREE_WARN_BYTES = 1024**3
BACKUPS_PER_DATABASE = 16

#: A backup older than this is a register at risk; much older is a register unprotected.
BACKUP_WARN_AGE = timedelta(days=2)
BACKUP_FAIL_AGE = timedelta(days=14)


# -- disk --------------------------------------------------------------------------------


def _existing(path: Path) -> Path:
    """``path`` or its nearest existing parent (a data dir not made yet)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(path.anchor or ".")


def check_writable(data_dir: Path) -> Finding:
    topic = "Folder data"
    where = _existing(data_dir)
    try:
        with tempfile.NamedTemporaryFile(dir=where, prefix=".loket-doctor-"):
            pass
    except OSError as exc:
        return Finding(
            Status.FAIL,
            topic,
            f"{where} tidak dapat ditulis ({exc.strerror or exc}).",
            "Beri akun Windows petugas izin tulis ke folder ini, atau jalankan Loket dengan "
            "--data-dir ke folder yang dapat ditulis (bukan Program Files).",
        )
    if where != data_dir:
        return Finding(
            Status.INFO,
            topic,
            f"{data_dir} belum ada; dibuat saat Loket pertama kali dibuka ({where} dapat ditulis).",
        )
    return Finding(Status.OK, topic, f"{data_dir} dapat ditulis.")


def check_free_space(data_dir: Path, usage: Callable[[Path], Any] = shutil.disk_usage) -> Finding:
    topic = "Ruang disk"
    db = database_path(data_dir)
    db_bytes = db.stat().st_size if db.is_file() else 0
    free = int(usage(_existing(data_dir)).free)
    text = f"{size_text(free)} kosong di disk folder data (basis data {size_text(db_bytes)})."
    advice = (
        "Kosongkan disk (hapus unduhan dan berkas sementara), atau pindahkan folder data "
        "ke disk yang lebih lega."
    )
    if free < max(FREE_FAIL_BYTES, 2 * db_bytes):
        return Finding(Status.FAIL, topic, text + " Cadangan berikutnya tidak akan muat.", advice)
    if free < max(FREE_WARN_BYTES, BACKUPS_PER_DATABASE * db_bytes):
        return Finding(
            Status.WARN, topic, text + " Cadangan harian akan segera memenuhi disk.", advice
        )
    return Finding(Status.OK, topic, text)


def measure_fsync(folder: Path, rounds: int = FSYNC_ROUNDS) -> list[float]:
    """Milliseconds per small write + fsync in ``folder``, the cost of one ticket's commit."""
    timings = []
    fd, name = tempfile.mkstemp(dir=folder, prefix=".loket-fsync-")
    try:
        block = os.urandom(4096)
        for _ in range(rounds):
            start = time.perf_counter()
            os.write(fd, block)
            os.fsync(fd)
            timings.append((time.perf_counter() - start) * 1000)
    finally:
        os.close(fd)
        Path(name).unlink(missing_ok=True)
    return timings


def check_fsync(data_dir: Path, measure: Callable[[Path], list[float]] = measure_fsync) -> Finding:
    topic = "Kecepatan tulis disk"
    try:
        timings = measure(_existing(data_dir))
    except OSError as exc:
        return Finding(
            Status.FAIL,
            topic,
            f"Uji tulis gagal: {exc}.",
            "Periksa disk (chkdsk) dan izin folder data.",
        )
    median, worst = statistics.median(timings), max(timings)
    text = f"fsync {median:.1f} ms (terlama {worst:.1f} ms) per nomor antrian yang disimpan."
    advice = (
        "Simpan folder data di disk lokal PC (bukan flashdisk atau folder jaringan); "
        "disk yang selambat ini mungkin hampir rusak: periksa atau ganti (SSD)."
    )
    if median > FSYNC_FAIL_MS:
        return Finding(Status.FAIL, topic, text + " Terlalu lambat untuk melayani antrian.", advice)
    if median > FSYNC_WARN_MS:
        return Finding(Status.WARN, topic, text + " Tombol ambil nomor akan terasa lambat.", advice)
    return Finding(Status.OK, topic, text)


# -- database ----------------------------------------------------------------------------


def check_database(data_dir: Path) -> list[Finding]:
    """Integrity and schema version, read-only (the file is not upgraded here)."""
    from loket.app.probe import probe_database
    from loket.core.errors import LoketError

    topic = "Basis data"
    path = database_path(data_dir)
    if not path.is_file():
        return [
            Finding(
                Status.INFO,
                topic,
                f"Belum ada basis data di {data_dir}.",
                "Buka Loket sekali (atau `loket --demo` untuk mencoba).",
            )
        ]
    try:
        report = probe_database(data_dir)
    except LoketError as exc:
        return [
            Finding(
                Status.FAIL, topic, exc.message, "Pulihkan dari cadangan terbaru di folder backups."
            )
        ]
    office = report.office_line
    findings = []
    if report.integrity != ["ok"]:
        findings.append(
            Finding(
                Status.FAIL,
                topic,
                "Basis data rusak: " + "; ".join(report.integrity[:3]),
                "Tutup Loket di semua PC, simpan salinan loket.db yang rusak, lalu salin "
                "cadangan terbaru dari folder backups menjadi loket.db.",
            )
        )
    elif report.foreign_keys:
        findings.append(
            Finding(
                Status.WARN,
                topic,
                f"Utuh, tetapi {report.foreign_keys} baris melanggar kunci asing.",
                "Kirim `loket diagnostics` ke help desk kota.",
            )
        )
    else:
        findings.append(Finding(Status.OK, topic, f"Utuh ({path}). {office}".strip()))
    findings.append(_schema_finding(report.revision, report.head, report.known))
    return findings


def _schema_finding(revision: str | None, head: str, known: set[str]) -> Finding:
    topic = "Versi skema"
    if revision == head:
        return Finding(Status.OK, topic, f"Skema {revision}, sesuai Loket {__version__}.")
    if revision is None:
        return Finding(
            Status.WARN,
            topic,
            "Basis data belum berisi skema Loket.",
            "Buka Loket sekali agar skema dibuat.",
        )
    if revision in known:
        return Finding(
            Status.WARN,
            topic,
            f"Skema {revision}, versi ini memakai {head}.",
            "Skema diperbarui otomatis saat Loket dibuka (cadangan dibuat lebih dulu), "
            "atau jalankan `loket db upgrade` sekarang.",
        )
    return Finding(
        Status.FAIL,
        topic,
        f"Skema {revision} dibuat oleh versi Loket yang lebih baru dari {__version__}.",
        "Pasang versi Loket terbaru di PC ini; jangan pakai versi lama pada data ini.",
    )


def _backup_time(path: Path) -> datetime:
    """When a backup was made, from the UTC stamp in its name (copying keeps no mtime)."""
    stamp = path.stem.rsplit("-", 1)[-1]
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def check_backups(data_dir: Path, now: datetime | None = None) -> Finding:
    topic = "Cadangan"
    if not database_path(data_dir).is_file():
        return Finding(Status.INFO, topic, "Belum ada basis data yang perlu dicadangkan.")
    folder = backups_dir(data_dir)
    copies = list(folder.glob("loket-*.db")) + list(folder.glob("pre-upgrade-*.db"))
    advice = (
        "Jalankan `loket db backup` setiap hari sesudah layanan tutup (mis. lewat Task "
        "Scheduler), dan salin folder backups ke flashdisk atau server kota seminggu sekali."
    )
    if not copies:
        return Finding(Status.WARN, topic, f"Belum ada cadangan di {folder}.", advice)
    newest = max(copies, key=_backup_time)
    age = (now or datetime.now(UTC)) - _backup_time(newest)
    text = f"Cadangan terakhir {age_text(age)} lalu ({newest.name}), {len(copies)} salinan."
    if age > BACKUP_FAIL_AGE:
        return Finding(Status.FAIL, topic, text, advice)
    if age > BACKUP_WARN_AGE:
        return Finding(Status.WARN, topic, text, advice)
    return Finding(Status.OK, topic, text)
