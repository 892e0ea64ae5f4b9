"""`loket doctor`: is this PC fit for a day at the counter?

Offices run Windows PCs of every age, set up by whoever was there. The checks below are
the things that have stopped a desk in the field, each told as one line, OK / WARN /
FAIL, with what to do in Indonesian, so the city's IT can fix a PC before an operator
meets the problem with a queue in front of them. FAIL means "Loket will not work
properly here" and makes the exit code 1; WARN means "it works, but something a person
would notice is missing"; INFO is a fact worth having in a support call.

Qt is imported inside the checks that need it (printer, voice, sound, screens), so the
disk and database checks run, and are tested, without a display.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loket import __version__
from loket.paths import backups_dir, database_path

if TYPE_CHECKING:
    from loket.ui.localsettings import LocalSettings

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

#: The same threshold the sync status uses: beyond it waits and times in the register
#: are off. Beyond an hour the service day itself may be wrong.
SKEW_WARN_SECONDS = 5 * 60
SKEW_FAIL_SECONDS = 60 * 60
#: The city server's unauthenticated health endpoint (loket/server/app.py).
HEALTH_PATH = "/api/v1/health"
HTTP_TIMEOUT = (3.0, 5.0)  # connect, read: a doctor must not hang on a dead network

#: Windows always lists these; as the default printer they save files, not tickets.
VIRTUAL_PRINTER_WORDS = ("pdf", "xps", "onenote", "fax")

#: Smaller than this, the public display's numbers are too small to read across a room.
MIN_DISPLAY_SIZE = (1280, 720)


class Status(StrEnum):
    OK = "OK"
    INFO = "INFO"
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Finding:
    status: Status
    topic: str
    detail: str
    advice: str = ""


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
    text = f"{_size(free)} kosong di disk folder data (basis data {_size(db_bytes)})."
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
    text = f"Cadangan terakhir {_age(age)} lalu ({newest.name}), {len(copies)} salinan."
    if age > BACKUP_FAIL_AGE:
        return Finding(Status.FAIL, topic, text, advice)
    if age > BACKUP_WARN_AGE:
        return Finding(Status.WARN, topic, text, advice)
    return Finding(Status.OK, topic, text)


# -- city server -------------------------------------------------------------------------


def _enrollment(data_dir: Path) -> tuple[str, str | None, bool] | None:
    """(server_url, ca_bundle, needs_enroll) of this desk, None when not enrolled."""
    from loket.app.probe import enrollment

    if not database_path(data_dir).is_file():
        return None
    return enrollment(data_dir)


def check_city_server(
    data_dir: Path,
    *,
    get: Callable[..., Any] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> list[Finding]:
    topic = "Server kota"
    enrolled = _enrollment(data_dir)
    if enrolled is None:
        return [
            Finding(
                Status.INFO,
                topic,
                "PC ini belum terdaftar ke server kota; pemeriksaan dilewati.",
                "Daftarkan dengan kode pendaftaran dari Diskominfo bila kantor "
                "sudah terhubung ke server kota.",
            )
        ]
    url, ca_bundle, needs_enroll = enrolled
    if get is None:
        import requests

        get = requests.get
    findings = []
    if needs_enroll:
        findings.append(
            Finding(
                Status.WARN,
                topic,
                "Server menolak token perangkat ini.",
                "Daftarkan ulang PC ini dengan kode pendaftaran baru dari Diskominfo.",
            )
        )
    try:
        response = get(
            url.rstrip("/") + HEALTH_PATH, timeout=HTTP_TIMEOUT, verify=ca_bundle or True
        )
    except Exception as exc:
        findings.append(
            Finding(
                Status.WARN,
                topic,
                f"{url} tidak dapat dihubungi ({type(exc).__name__}).",
                "Loket tetap bekerja tanpa jaringan; data dikirim saat tersambung lagi. "
                "Periksa kabel/Wi-Fi, proxy dan firewall bila berlangsung lebih dari sehari.",
            )
        )
        return findings
    status_code = int(getattr(response, "status_code", 0))
    if status_code >= 400:
        findings.append(
            Finding(
                Status.WARN,
                topic,
                f"{url} menjawab HTTP {status_code}.",
                "Laporkan ke help desk kota.",
            )
        )
    else:
        findings.append(Finding(Status.OK, topic, f"{url} menjawab (HTTP {status_code})."))
    findings.append(_skew_finding(response, now()))
    return findings


def _skew_finding(response: Any, local: datetime) -> Finding:
    topic = "Jam komputer"
    header = response.headers.get("Date") if getattr(response, "headers", None) else None
    try:
        server = parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError):
        server = None
    if server is None:
        return Finding(Status.INFO, topic, "Server tidak mengirim jamnya; selisih tidak diukur.")
    if server.tzinfo is None:
        server = server.replace(tzinfo=UTC)
    skew = (server - local).total_seconds()  # > 0: this PC is behind
    direction = "terlambat" if skew > 0 else "terlalu cepat"
    text = f"Jam PC ini {direction} {_age(timedelta(seconds=abs(skew)))} dibanding server kota."
    advice = (
        "Betulkan jam dan zona waktu Windows (Setelan > Waktu & bahasa > Atur waktu "
        "otomatis), agar waktu tunggu dan hari layanan tercatat benar."
    )
    if abs(skew) > SKEW_FAIL_SECONDS:
        return Finding(Status.FAIL, topic, text, advice)
    if abs(skew) > SKEW_WARN_SECONDS:
        return Finding(Status.WARN, topic, text, advice)
    return Finding(Status.OK, topic, f"Selisih dengan server kota {abs(skew):.0f} detik.")


# -- Qt: printer, voice, sound, screens ---------------------------------------------------


def _qt_app() -> Any:
    """The running QApplication, or a new one; offscreen where there is no display."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        if sys.platform.startswith("linux") and no_display:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # The multimedia backend's start-up chatter would drown the report.
        os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
        app = QApplication(["loket-doctor"])
    return app


def check_printer(settings: LocalSettings, *, demo: bool = False) -> Finding:
    topic = "Printer tiket"
    if demo or settings.print_mode == "none":
        return Finding(
            Status.INFO,
            topic,
            "Pencetakan tiket dimatikan di PC ini.",
            "Nyalakan di pengaturan cetak bila PC ini mencetak nomor antrian.",
        )
    if settings.print_mode == "escpos":
        return _check_escpos(settings.escpos_target)
    _qt_app()
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    names = QPrinterInfo.availablePrinterNames()
    advice = (
        "Pasang driver printer thermal, nyalakan printernya dan jadikan printer bawaan "
        "(atau pilih printer di pengaturan cetak Loket)."
    )
    if not names:
        return Finding(Status.FAIL, topic, "Tidak ada printer terpasang di PC ini.", advice)
    name = settings.printer_name or QPrinterInfo.defaultPrinterName()
    if not name:
        return Finding(
            Status.WARN, topic, f"Tidak ada printer bawaan; tersedia: {', '.join(names)}.", advice
        )
    if name not in names:
        return Finding(
            Status.FAIL,
            topic,
            f"Printer {name} tidak ditemukan; tersedia: {', '.join(names)}.",
            advice,
        )
    if any(word in name.lower() for word in VIRTUAL_PRINTER_WORDS):
        return Finding(
            Status.WARN,
            topic,
            f"Printer bawaan {name} bukan printer kertas: tiket tidak akan tercetak.",
            advice,
        )
    info = QPrinterInfo.printerInfo(name)
    if info.state() == QPrinter.PrinterState.Error:
        return Finding(
            Status.FAIL,
            topic,
            f"Printer {name} melaporkan galat.",
            "Periksa kertas, tutup printer dan kabelnya.",
        )
    return Finding(Status.OK, topic, f"{name} siap (rol {settings.roll_width} mm).")


def _check_escpos(target: str) -> Finding:
    topic = "Printer tiket (ESC/POS)"
    advice = (
        "Nyalakan printer thermal, periksa kabel jaringan dan alamat IP-nya "
        "(cetak halaman uji dari tombol printer)."
    )
    if not target:
        return Finding(
            Status.FAIL,
            topic,
            "Mode ESC/POS tanpa alamat printer.",
            "Isi alamat printer (host:9100) di pengaturan cetak.",
        )
    if ":" in target and not target.startswith(("/", "\\\\")):
        host, _, port = target.rpartition(":")
        try:
            with socket.create_connection((host, int(port)), timeout=3):
                pass
        except (OSError, ValueError) as exc:
            return Finding(Status.FAIL, topic, f"{target} tidak dapat dihubungi ({exc}).", advice)
        from loket.printing.devices import query_status

        status = query_status(target)  # DLE EOT: paper, cover, offline
        if status.reachable and not status.ready:
            return Finding(Status.FAIL, topic, f"{target}: {status.message()}", advice)
        if status.paper_low:
            return Finding(Status.WARN, topic, f"{target}: {status.message()}", advice)
        return Finding(Status.OK, topic, f"{target} menjawab.")
    device = Path(target)
    if not device.exists():
        return Finding(
            Status.FAIL,
            topic,
            f"Perangkat {target} tidak ada.",
            "Sambungkan printer USB dan periksa nama perangkatnya.",
        )
    if not os.access(device, os.W_OK):
        return Finding(
            Status.FAIL,
            topic,
            f"Perangkat {target} tidak dapat ditulis.",
            "Beri akun petugas izin menulis ke printer (grup lp).",
        )
    return Finding(Status.OK, topic, f"Perangkat {target} siap.")


def _os_indonesian(engines: Sequence[str] | None) -> tuple[str | None, str, list[str]]:
    """(engine, locale, engines seen) of the OS's Indonesian voice, or (None, "", seen).

    The OS engines are asked in a child process with a time limit, as the display does:
    a speech-dispatcher that never answers must not hang the doctor either. ``engines``
    (tests) asks the named engines in this process instead.
    """
    if engines is None:
        from loket.ui.devices.voiceprobe import PROBE_TIMEOUT_MS, probe_command

        try:
            done = subprocess.run(probe_command(), capture_output=True, text=True, check=False,
                                  timeout=PROBE_TIMEOUT_MS / 1000)  # fmt: skip
            lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
            found = json.loads(lines[-1]) if lines else {}
        except (OSError, ValueError, subprocess.TimeoutExpired):
            return None, "", ["(tidak menjawab)"]
        seen = [str(e) for e in found.get("engines", [])]
        engine = found.get("engine")
        return (str(engine), str(found.get("locale", "")), seen) if engine else (None, "", seen)
    from PySide6.QtTextToSpeech import QTextToSpeech

    from loket.ui.devices.announcer import indonesian_locale

    for engine in engines:
        tts = QTextToSpeech(engine)
        try:
            if tts.state() == QTextToSpeech.State.Error:
                continue
            locale = indonesian_locale(tts)
            if locale is not None:
                return engine, locale.name(), list(engines)
        finally:
            tts.deleteLater()
    return None, "", list(engines)


def check_voice(engines: Sequence[str] | None = None, data_dir: Path | None = None,
                scope: str = "") -> Finding:  # fmt: skip
    """Which voice will speak the calls on this PC: the office's recordings, the OS's
    Indonesian voice, the bundled espeak-ng, or the chime alone (issue 18)."""
    topic = "Suara panggilan"
    _qt_app()
    from loket.ui.devices.announcer import VoiceSettings
    from loket.voice import espeak
    from loket.voice.clips import ClipSet, call_clips, clips_folder

    settings = VoiceSettings.load(scope)
    if not settings.enabled:
        return Finding(Status.INFO, topic, "Suara dimatikan di PC ini: panggilan hanya dengan bel.")
    bundled_error = espeak.available()
    bundled = "suara bawaan Loket (espeak-ng, bahasa Indonesia)"
    clips_note = ""
    if data_dir is not None and settings.voice in ("auto", "clips"):
        clips = ClipSet(clips_folder(data_dir))
        sample = call_clips("A", 123, 1)
        missing = clips.missing(sample)
        if not missing:
            return Finding(Status.OK, topic, f"Rekaman suara kantor ({clips.folder}).")
        if settings.voice == "clips":
            clips_note = f" Rekaman kantor belum lengkap (kurang: {', '.join(missing[:5])})."
    engine, locale, seen = (None, "", [])
    if settings.voice in ("auto", "os"):
        engine, locale, seen = _os_indonesian(engines)
        if engine is not None:
            return Finding(Status.OK, topic, f"Suara bahasa Indonesia dari sistem ({engine}, "
                           f"{locale}).{clips_note}")  # fmt: skip
    if bundled_error is None:
        detail = f"Yang bersuara: {bundled}.{clips_note}"
        if settings.voice == "os":
            detail = "Suara sistem bahasa Indonesia tidak ada; " + detail
        return Finding(Status.OK, topic, detail)
    if sys.platform == "win32":
        advice = (
            "Pasang ulang Loket (suara bawaan ikut terpasang), atau pasang suara Bahasa "
            "Indonesia: Setelan > Waktu & bahasa > Ucapan > Tambah suara."
        )
    else:
        advice = (
            "Pasang ulang Loket (pip install espeakng-loader) atau speech-dispatcher espeak-ng."
        )
    found = ", ".join(seen) if seen else "tidak ada"
    return Finding(
        Status.WARN,
        topic,
        f"Tidak ada suara bahasa Indonesia ({bundled_error}; mesin suara OS: {found}); "
        "panggilan hanya dengan bel.",
        advice,
    )


def check_sound_output() -> Finding:
    topic = "Keluaran suara"
    _qt_app()
    from PySide6.QtMultimedia import QMediaDevices

    outputs = QMediaDevices.audioOutputs()
    if not outputs:
        return Finding(
            Status.WARN,
            topic,
            "Tidak ada speaker/keluaran suara: bel dan suara panggilan tidak terdengar.",
            "Sambungkan speaker atau suara HDMI TV, lalu pilih sebagai perangkat suara bawaan.",
        )
    default = QMediaDevices.defaultAudioOutput().description()
    return Finding(Status.OK, topic, f"{len(outputs)} keluaran suara; bawaan: {default}.")


def check_screens() -> Finding:
    topic = "Layar"
    _qt_app()
    from PySide6.QtGui import QGuiApplication

    platform = QGuiApplication.platformName()
    if platform in ("offscreen", "minimal"):
        return Finding(
            Status.INFO,
            topic,
            f"Tanpa layar nyata (platform {platform}); periksa layar di PC kantor.",
        )
    screens = QGuiApplication.screens()
    described = "; ".join(
        f"{i}: {s.size().width()}x{s.size().height()}"
        + (
            f" ~{_inches(s.physicalSize().width(), s.physicalSize().height())} inci"
            if s.physicalSize().width() > 0
            else ""
        )
        for i, s in enumerate(screens)
    )
    if len(screens) < 2:
        return Finding(
            Status.WARN,
            topic,
            f"Satu layar ({described}): layar antrian tidak punya layar sendiri.",
            "Sambungkan TV/monitor kedua untuk ruang tunggu lalu jalankan "
            "`loket display --screen 1`, atau jalankan layar antrian di PC lain.",
        )
    big = screens[1]
    if (big.size().width(), big.size().height()) < MIN_DISPLAY_SIZE:
        return Finding(
            Status.WARN,
            topic,
            f"{len(screens)} layar ({described}); layar 1 "
            "beresolusi rendah untuk dibaca dari jauh.",
            "Atur resolusi TV ruang tunggu ke 1920x1080.",
        )
    return Finding(
        Status.OK,
        topic,
        f"{len(screens)} layar ({described}); layar antrian: `loket display --screen 1`.",
    )


# -- all together ------------------------------------------------------------------------


def run_checks(data_dir: Path, *, demo: bool = False, qt: bool = True) -> list[Finding]:
    """Every check, in the order IT reads them; ``qt=False`` skips printer, voice, screens."""
    findings = [
        Finding(
            Status.INFO,
            "Versi",
            f"Loket {__version__}, Python {sys.version.split()[0]}, {sys.platform}.",
        ),
        check_writable(data_dir),
        check_free_space(data_dir),
        check_fsync(data_dir),
    ]
    findings += check_database(data_dir)
    findings.append(check_backups(data_dir))
    findings += check_city_server(data_dir)
    if qt:
        from loket.ui.localsettings import LocalSettings

        _qt_app()
        findings.append(check_printer(LocalSettings.load("-demo" if demo else ""), demo=demo))
        findings.append(check_voice(data_dir=data_dir, scope="-demo" if demo else ""))
        findings.append(check_sound_output())
        findings.append(check_screens())
    return findings


def format_report(findings: Sequence[Finding], data_dir: Path | None = None) -> str:
    lines = [f"Pemeriksaan PC untuk Loket {__version__}"]
    if data_dir is not None:
        lines.append(f"Folder data: {data_dir}")
    lines.append("")
    for f in findings:
        lines.append(f"{f.status.value:<5} {f.topic}: {f.detail}")
        if f.advice and f.status is not Status.OK:
            lines.append(f"      -> {f.advice}")
    counts = {s: sum(1 for f in findings if f.status is s) for s in Status}
    lines += ["", "Ringkasan: " + ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)]
    return "\n".join(lines) + "\n"


def exit_code(findings: Sequence[Finding]) -> int:
    return 1 if any(f.status is Status.FAIL for f in findings) else 0


def main(data_dir: Path, *, demo: bool = False) -> int:
    """Print the report; exit code 1 if anything FAILed (so scripts can act on it)."""
    findings = run_checks(data_dir, demo=demo)
    _print(format_report(findings, data_dir))
    return exit_code(findings)


def _print(text: str) -> None:
    """Print even to a Windows console code page that lacks a character of a path."""
    stream = sys.stdout
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    stream.write(text)
    stream.flush()


# -- wording -----------------------------------------------------------------------------


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"  # pragma: no cover


def _age(delta: timedelta) -> str:
    seconds = round(delta.total_seconds())  # rounded: an HTTP Date has whole seconds
    if seconds < 120:
        return f"{seconds} detik"
    if seconds < 2 * 3600:
        return f"{round(seconds / 60)} menit"
    if seconds < 2 * 86400:
        return f"{round(seconds / 3600)} jam"
    return f"{round(seconds / 86400)} hari"


def _inches(width_mm: float, height_mm: float) -> int:
    return round(math.hypot(width_mm, height_mm) / 25.4)
