"""Tickets on 58 mm and 80 mm rolls, through Qt and as ESC/POS; never personal data."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from loket.ui.devices.printing import (
    PrintError,
    TicketSlip,
    escpos_bytes,
    make_printer,
    print_slip,
    send_escpos,
)

SLIP = TicketSlip("Kelurahan Uji", "Surat Keterangan Domisili", "A-012",
                  datetime(2026, 11, 23, 2, 5, tzinfo=UTC), "Asia/Jakarta", 3, 14)  # fmt: skip


def test_the_slip_shows_office_time_and_wait() -> None:
    texts = [line.text for line in SLIP.lines()]
    assert "A-012" in texts and "Kelurahan Uji" in texts
    assert "23-11-2026 09:05 WIB" in texts
    assert "3 orang di depan Anda" in texts


@pytest.mark.parametrize("width", [58, 80])
def test_print_to_pdf_at_roll_width(qtbot, tmp_path: Path, width: int) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / f"tiket-{width}.pdf"
    print_slip(SLIP, make_printer(width, pdf_path=pdf), width)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    points = width / 25.4 * 72
    assert f"{points:.0f}".encode() in data or f"{points:.1f}".encode() in data  # MediaBox width
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout  # fmt: skip
        assert "A-012" in text and "WIB" in text


def test_missing_printer_is_a_clear_message(qtbot) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PrintError, match="tetap tercatat"):
        print_slip(SLIP, make_printer(58, name="Printer-Yang-Tidak-Ada"), 58)


@pytest.mark.qt_log_ignore("QPainter::begin")
def test_unwritable_pdf_target_is_a_print_error(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PrintError, match="tidak siap"):
        print_slip(SLIP, make_printer(58, pdf_path=tmp_path / "nope" / "x.pdf"), 58)


def test_escpos_to_a_network_printer() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    received = bytearray()

    def accept() -> None:
        conn, _ = server.accept()
        with conn:
            while chunk := conn.recv(4096):
                received.extend(chunk)

    thread = threading.Thread(target=accept)
    thread.start()
    send_escpos(escpos_bytes(SLIP, 58), f"127.0.0.1:{server.getsockname()[1]}")
    thread.join(timeout=10)
    server.close()
    assert received.startswith(b"\x1b@") and b"A-012" in received
    assert received.endswith(b"\x1dVA\x03")  # cut
    assert b"-" * 32 + b"\n" in received and b"-" * 48 not in received  # 58 mm: 32 columns


def test_escpos_unreachable_printer() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(PrintError, match="tidak dapat dihubungi"):
        send_escpos(b"x", f"127.0.0.1:{port}", timeout=2)


def test_the_qt_path_draws_the_same_qr(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QImage, QPainter

    from loket.printing.qr import qr_matrix
    from loket.ui.devices.printing import draw_qr

    data = "0f8fad5b-d9cb-469f-a165-70867728950e"
    matrix = qr_matrix(data)
    module = 7
    image = QImage(400, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    draw_qr(painter, data, 200, 10, len(matrix) * module)
    painter.end()
    left = 200 - len(matrix) * module // 2
    sampled = [
        [QColor(image.pixel(left + c * module + 3, 10 + r * module + 3)).lightness() < 128
         for c in range(len(matrix))]
        for r in range(len(matrix))
    ]  # fmt: skip
    assert sampled == matrix


def test_the_ticket_pictures_fit_their_rolls(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from loket.ui.tools.ticket_pictures import take

    paths = take(tmp_path)
    assert [p.name for p in paths] == ["ticket-58mm.png", "ticket-80mm.png"]
    widths = [QImage(str(p)).width() for p in paths]
    assert widths == [384 + 32, 576 + 32]  # one pixel per dot, plus the margins
