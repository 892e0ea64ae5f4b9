"""Sending tickets: a fake network printer that answers DLE EOT, and a real CUPS raw queue."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from loket.printing.devices import (
    PrinterStatus,
    installed_printers,
    print_escpos,
    query_status,
    spool_raw,
)
from loket.printing.errors import PrintError
from loket.printing.escpos import escpos_bytes
from loket.printing.slip import TicketSlip

SLIP = TicketSlip("Kelurahan Uji", "Domisili", "A-012", datetime(2026, 11, 23, 2, 5, tzinfo=UTC),
                  "Asia/Jakarta", 3, 14, qr="0f8fad5b")  # fmt: skip


class FakePrinter:
    """An ESC/POS network printer on loopback: answers DLE EOT n, keeps everything else.

    ``replies`` maps n (1, 2, 4) to the status byte; an empty map is a printer that
    never answers status requests (many cheap ones).
    """

    def __init__(self, replies: dict[int, int]) -> None:
        self.replies = dict(replies)  # a test may change it: never the shared constants
        self.received = bytearray()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)  # so close() is noticed
        self.target = f"127.0.0.1:{self.server.getsockname()[1]}"
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.done.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(10)
                pending = b""
                while chunk := conn.recv(4096):
                    pending += chunk
                    while (at := pending.find(b"\x10\x04")) >= 0 and len(pending) >= at + 3:
                        n = pending[at + 2]
                        self.received += pending[:at]
                        pending = pending[at + 3 :]
                        if n in self.replies:
                            conn.sendall(bytes([self.replies[n]]))
                    if b"\x10" not in pending[-2:]:
                        self.received += pending
                        pending = b""
                self.received += pending

    def close(self) -> None:
        self.done.set()
        self.server.close()
        self.thread.join(timeout=10)


@pytest.fixture
def printer_factory() -> Iterator[type[FakePrinter]]:
    made: list[FakePrinter] = []

    def make(replies: dict[int, int]) -> FakePrinter:
        printer = FakePrinter(replies)
        made.append(printer)
        return printer

    yield make  # type: ignore[misc]
    for printer in made:
        printer.close()


READY = {1: 0x12, 2: 0x12, 4: 0x12}  # fixed bits only: online, cover shut, paper present
PAPER_OUT = {1: 0x1A, 2: 0x32, 4: 0x7E}  # offline because the roll ended


def wait_for(condition, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


def test_status_bits_as_the_reference_defines_them() -> None:
    assert PrinterStatus.from_replies(0x12, 0x12, 0x12).ready
    out = PrinterStatus.from_replies(0x1A, 0x32, 0x7E)
    assert out.paper_out and out.offline and not out.ready and "habis" in out.message()
    low = PrinterStatus.from_replies(0x12, 0x12, 0x1E)
    assert low.ready and low.paper_low and "hampir habis" in low.message()
    cover = PrinterStatus.from_replies(0x1A, 0x16, 0x12)
    assert cover.cover_open and not cover.ready


def test_a_ready_printer_gets_the_ticket(printer_factory) -> None:  # type: ignore[no-untyped-def]
    printer = printer_factory(READY)
    data = escpos_bytes(SLIP, 58)
    assert print_escpos(data, printer.target).ready
    assert wait_for(lambda: bytes(printer.received) == data)


def test_paper_out_is_told_and_the_ticket_is_not_sent(printer_factory) -> None:  # type: ignore[no-untyped-def]
    printer = printer_factory(PAPER_OUT)
    status = query_status(printer.target)
    assert status.answered and status.paper_out
    with pytest.raises(PrintError, match=r"habis.*tetap tercatat"):
        print_escpos(escpos_bytes(SLIP, 58), printer.target)
    time.sleep(0.1)  # nothing may arrive; there is no event to wait for
    assert bytes(printer.received) == b""


def test_a_printer_that_never_answers_still_prints(printer_factory) -> None:  # type: ignore[no-untyped-def]
    printer = printer_factory({})
    started = time.monotonic()
    status = query_status(printer.target, timeout=0.5)
    assert status.reachable and not status.answered and status.ready
    assert time.monotonic() - started < 3
    data = escpos_bytes(SLIP, 80)
    print_escpos(data, printer.target, timeout=3, status_timeout=0.5)
    assert wait_for(lambda: bytes(printer.received) == data)


def test_an_unreachable_printer_is_offline() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert not query_status(f"127.0.0.1:{port}", timeout=1).reachable
    with pytest.raises(PrintError, match="tidak terhubung"):
        print_escpos(b"x", f"127.0.0.1:{port}", timeout=1)


# -- the OS spooler: a CUPS raw queue writing to a file --------------------------------

QUEUE = os.environ.get("LOKET_CUPS_QUEUE", "loket-test-raw")
QUEUE_FILE = Path(os.environ.get("LOKET_CUPS_FILE", "/tmp/loket-cups-raw.out"))


def _queue_ready() -> bool:
    if shutil.which("lpstat") is None or shutil.which("lp") is None:
        return False
    try:
        done = subprocess.run(["lpstat", "-p", QUEUE], capture_output=True, timeout=5,
                              check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


needs_cups = pytest.mark.skipif(
    not _queue_ready(), reason=f"no CUPS raw queue {QUEUE} (set up by .ci/run)"
)


@needs_cups
def test_the_spooler_passes_the_exact_bytes_to_a_raw_queue() -> None:
    assert QUEUE in installed_printers()
    data = escpos_bytes(SLIP, 58, native_qr=False)  # every byte value 0..255 may occur
    assert b"\x00" in data and b"\x1d" in data
    QUEUE_FILE.write_bytes(b"")
    spool_raw(data, QUEUE, job="loket-test")
    assert wait_for(lambda: QUEUE_FILE.read_bytes() == data, timeout=20), (
        f"{len(QUEUE_FILE.read_bytes())} bytes arrived, {len(data)} sent"
    )


@pytest.mark.skipif(shutil.which("lp") is None, reason="no CUPS client")
def test_an_unknown_queue_is_a_clear_message() -> None:
    with pytest.raises(PrintError, match="tetap tercatat"):
        spool_raw(b"x", "Printer-Yang-Tidak-Ada")


def test_no_printer_chosen_is_a_clear_message() -> None:
    with pytest.raises(PrintError, match="Pilih printer"):
        spool_raw(b"x", "")
