"""`loket doctor`: is this PC fit for a day at the counter?

The checks of the disk, the database, the backups and the city server need no Qt and
live in ``loket.app.fieldcheck``; here are the devices' (printer, voice, sound, screens),
and the report they make together. Qt is imported inside those checks, so the others
run, and are tested, without a display.
"""

from __future__ import annotations

import json
import math
import os
import socket
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loket.app.fieldcheck.findings import Finding, Status, exit_code, format_report
from loket.app.fieldcheck.report import run_field_checks

if TYPE_CHECKING:
    from loket.ui.localsettings import LocalSettings

#: Windows always lists these; as the default printer they save files, not tickets.
VIRTUAL_PRINTER_WORDS = ("pdf", "xps", "onenote", "fax")

#: Smaller than this, the public display's numbers are too small to read across a room.
MIN_DISPLAY_SIZE = (1280, 720)


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
    findings = run_field_checks(data_dir)
    if qt:
        from loket.ui.localsettings import LocalSettings

        _qt_app()
        findings.append(check_printer(LocalSettings.load("-demo" if demo else ""), demo=demo))
        findings.append(check_voice(data_dir=data_dir, scope="-demo" if demo else ""))
        findings.append(check_sound_output())
        findings.append(check_screens())
    return findings


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


def _inches(width_mm: float, height_mm: float) -> int:
    return round(math.hypot(width_mm, height_mm) / 25.4)
