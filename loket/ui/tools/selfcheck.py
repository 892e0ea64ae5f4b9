"""`loket --self-check`: does this build of Loket work, end to end, on this machine?

CI runs it on the PyInstaller bundle, IT runs it on a freshly installed PC: a bundle
that misses a migration script, the SQLite dialect, a Qt plugin or the translations
fails here instead of in front of a queue. It uses a data folder of its own (a fresh
one, never a real register): creates and migrates the database, sets up a one-counter
office, issues and calls a ticket, renders the public display offscreen, prints the
ticket to a PDF and loads the English translation. Each step prints what it did.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from loket import __version__
from loket.app.probe import SELF_CHECK_OFFICE, SelfCheckFailed, self_check_database
from loket.paths import database_path

Say = Callable[[str], None]

DISPLAY_SIZE = (1920, 1080)


def run_self_check(data_dir: Path | None = None, *, say: Say | None = None) -> int:
    """0 when every step worked; 1 when one failed; 2 when ``data_dir`` is not fresh.

    Without ``data_dir`` a temporary folder is used and removed afterwards.
    """
    out: Say = say or _print
    if data_dir is None:
        folder = Path(tempfile.mkdtemp(prefix="loket-self-check-"))
        try:
            return _run(folder, out)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if database_path(data_dir).exists():
        out(
            f"GAGAL  {data_dir} sudah berisi basis data. Uji mandiri hanya memakai folder "
            "data baru agar register kantor tidak terisi antrian uji."
        )
        return 2
    return _run(data_dir, out)


def _run(data_dir: Path, out: Say) -> int:
    out(f"Uji mandiri Loket {__version__} di {data_dir}")
    frozen = getattr(sys, "_MEIPASS", None)
    out(f"       Program: {'bundel ' + str(frozen) if frozen else sys.executable}")
    try:
        for step in (_database, _resources, _hub, _qt):
            step(data_dir, out)
    except Exception as exc:
        out(f"GAGAL  {type(exc).__name__}: {exc}")
        return 1
    out("Uji mandiri selesai: semua langkah berhasil.")
    return 0


def _database(data_dir: Path, out: Say) -> None:
    self_check_database(data_dir, out)


def _resources(data_dir: Path, out: Say) -> None:
    from loket.resources import resource_path

    wanted = [("sounds", "chime.wav"), ("i18n", "loket_en.qm"), ("icons", "loket.png")]
    missing = [
        str(resource_path(*parts)) for parts in wanted if not resource_path(*parts).is_file()
    ]
    if missing:
        raise SelfCheckFailed("berkas sumber daya tidak ada: " + ", ".join(missing))
    out(f"OK     Sumber daya ada (bel, terjemahan, ikon) di {resource_path()}.")


def _hub(data_dir: Path, out: Say) -> None:
    """The office hub can run from this build: its certificate, web server and LAN notice.

    The bundle once left FastAPI, uvicorn and cryptography out (the city server's parts),
    so `loket hub run` failed only on the office's hub PC. uvicorn and zeroconf load some
    modules by name at run time, which a bundle misses unless told.
    """
    import importlib

    from loket.hub.cert import ensure_certificate

    folder = data_dir / "self-check-hub"
    folder.mkdir(parents=True, exist_ok=True)
    cert = ensure_certificate(folder)
    modules = ("fastapi", "uvicorn.loops.auto", "uvicorn.protocols.http.auto")
    for name in (*modules, "uvicorn.protocols.websockets.auto", "zeroconf", "loket.hub.app"):
        importlib.import_module(name)
    out(f"OK     PC utama dapat berjalan (sertifikat {cert.fingerprint[:16]}…, server web).")


def _qt(data_dir: Path, out: Say) -> None:
    app = _offscreen_app()
    _display(app, data_dir, out)
    _ticket_pdf(data_dir, out)
    _translation(out)
    _speech_engines(out)
    _bundled_voice(out)


def _bundled_voice(out: Say) -> None:
    """The bundled espeak-ng renders Indonesian: the bundle carries the library and data."""
    from loket.voice import espeak

    try:
        pcm = espeak.render("Nomor antrian A satu, silakan menuju loket satu.")
    except espeak.EspeakUnavailable as exc:
        raise SelfCheckFailed(f"suara bawaan tidak dapat bicara: {exc}") from exc
    if pcm.seconds < 1.0 or pcm.peak() < 2000:
        raise SelfCheckFailed("suara bawaan menghasilkan bunyi kosong")
    out(f"OK     Suara bawaan (espeak-ng) membaca panggilan: {pcm.seconds:.1f} detik.")


def _offscreen_app() -> Any:
    """The running QApplication, or an offscreen one: the check must show no window."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
        app = QApplication(["loket-self-check"])
    return app


def _display(app: Any, data_dir: Path, out: Say) -> None:
    from PySide6.QtCore import Qt

    from loket.client.local import open_local
    from loket.ui.windows.display import DisplayWindow

    local = open_local(data_dir)
    try:
        display = DisplayWindow(local)
        try:
            display.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            display.resize(*DISPLAY_SIZE)
            display.show()
            app.processEvents()
            shown = display.counter_text(1)
            if shown != "A-001":
                raise SelfCheckFailed(f"layar antrian menampilkan {shown!r}, bukan A-001")
            image = display.grab().toImage()
            colours = {
                image.pixel(x, y)
                for x in range(0, image.width(), 16)
                for y in range(0, image.height(), 16)
            }
            if image.isNull() or len(colours) < 3:
                raise SelfCheckFailed("layar antrian tergambar kosong")
            target = data_dir / "self-check-display.png"
            if not image.save(str(target)):
                raise SelfCheckFailed(f"gambar layar tidak dapat disimpan ke {target}")
        finally:
            display.close()
            display.deleteLater()
    finally:
        local.close()
    out(
        f"OK     Layar antrian digambar offscreen ({image.width()}x{image.height()}, "
        f"loket 1: A-001) -> {target}"
    )


def _ticket_pdf(data_dir: Path, out: Say) -> None:
    from datetime import UTC, datetime

    from loket.ui.devices.printing import TicketSlip, make_printer, print_slip

    target = data_dir / "self-check-ticket.pdf"
    slip = TicketSlip(
        SELF_CHECK_OFFICE, "Layanan Uji", "A-001", datetime.now(UTC), "Asia/Jakarta", 0, 0
    )
    print_slip(slip, make_printer(80, pdf_path=target), 80)
    if not target.is_file() or target.stat().st_size == 0:
        raise SelfCheckFailed("tiket tidak tercetak ke PDF")
    out(f"OK     Tiket 80 mm dicetak ke PDF -> {target}")


def _translation(out: Say) -> None:
    from PySide6.QtCore import QTranslator

    from loket.resources import resource_path

    translator = QTranslator()
    if not translator.load(str(resource_path("i18n", "loket_en.qm"))):
        raise SelfCheckFailed("terjemahan Inggris tidak dapat dimuat")
    english = translator.translate("KioskWindow", "Kios Antrian")
    if not english or english == "Kios Antrian":
        raise SelfCheckFailed("terjemahan Inggris kosong")
    out(f"OK     Terjemahan Inggris dimuat (Kios Antrian -> {english}).")


def _speech_engines(out: Say) -> None:
    from PySide6.QtTextToSpeech import QTextToSpeech

    engines = QTextToSpeech.availableEngines()
    if not engines:
        raise SelfCheckFailed("plugin suara (texttospeech) tidak ikut terpasang")
    out(
        f"OK     Plugin suara termuat: {', '.join(engines)} "
        "(suara Indonesia diperiksa oleh `loket doctor`)."
    )


def _print(text: str) -> None:
    stream = sys.stdout
    if stream is None:  # a windowed build has no console
        return
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    stream.write(text + "\n")
    stream.flush()
