"""Where the bytes go: a network printer, a device file, or an installed printer by name.

An installed USB thermal printer is reached through the OS spooler in its raw mode, so
the printer gets our ESC/POS as is (large number, cut) instead of the driver's page
graphics: on Windows the spooler's ``RAW`` datatype (pywin32, imported only there), on
Linux and macOS CUPS (``lp -d NAME -o raw``; the queue may be a raw queue or a driver
queue, ``-o raw`` passes the job through either way).

Network printers also answer DLE EOT (real-time status) on the same socket, so paper-out
or an open cover is known before the next ticket is sent.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass

from loket.printing.errors import PrintError

DLE_EOT = b"\x10\x04"
SPOOL_TIMEOUT = 15.0


def is_network(target: str) -> bool:
    return ":" in target and not target.startswith(("/", "\\\\")) and "\\" not in target


def _address(target: str) -> tuple[str, int]:
    host, port = target.rsplit(":", 1)
    return host.strip("[]"), int(port)


def send_escpos(data: bytes, target: str, timeout: float = 5.0) -> None:
    """Send to ``host:port`` over TCP, or write to a device path (e.g. /dev/usb/lp0)."""
    try:
        if is_network(target):
            with socket.create_connection(_address(target), timeout=timeout) as conn:
                conn.sendall(data)
        else:
            with open(target, "wb") as device:
                device.write(data)
    except (OSError, ValueError) as exc:
        raise PrintError(
            f"Printer thermal {target} tidak dapat dihubungi ({exc}). Nomor antrian tetap tercatat."
        ) from exc


# -- status (DLE EOT) -----------------------------------------------------------------


@dataclass(frozen=True)
class PrinterStatus:
    """A network printer's state from DLE EOT 1, 2 and 4 (None: it did not answer)."""

    reachable: bool
    answered: bool = False
    offline: bool = False
    cover_open: bool = False
    paper_out: bool = False
    paper_low: bool = False
    error: bool = False

    @classmethod
    def from_replies(cls, printer: int, offline_cause: int, paper: int) -> PrinterStatus:
        """Bits as the command reference gives them (n=1 bit 3; n=2 bits 2, 5, 6; n=4)."""
        return cls(
            reachable=True,
            answered=True,
            offline=bool(printer & 0x08),
            cover_open=bool(offline_cause & 0x04),
            paper_out=bool(offline_cause & 0x20) or bool(paper & 0x60),
            paper_low=bool(paper & 0x0C),
            error=bool(offline_cause & 0x40),
        )

    @property
    def ready(self) -> bool:
        """Fit to print: reachable, and not reporting a stop (a silent printer is trusted)."""
        return self.reachable and not (self.offline or self.paper_out or self.cover_open)

    def message(self) -> str:
        """What the operator reads; empty when all is well."""
        if not self.reachable:
            return "Printer tiket tidak terhubung. Nomor antrian tetap bisa diambil."
        if self.paper_out:
            return "Kertas printer tiket habis: ganti gulungan kertas."
        if self.cover_open:
            return "Tutup printer tiket terbuka."
        if self.offline or self.error:
            return "Printer tiket sedang tidak siap (offline)."
        if self.paper_low:
            return "Kertas printer tiket hampir habis."
        return ""


def _reply(conn: socket.socket, n: int, deadline: float) -> int | None:
    conn.sendall(DLE_EOT + bytes([n]))
    conn.settimeout(max(0.05, deadline - time.monotonic()))
    try:
        data = conn.recv(1)
    except TimeoutError:
        return None
    return data[0] if data else None


def query_status(target: str, timeout: float = 2.0) -> PrinterStatus:
    """Ask a network printer (``host:port``) for its status; device files are not asked."""
    if not is_network(target):
        return PrinterStatus(reachable=True)
    deadline = time.monotonic() + timeout
    try:
        with socket.create_connection(_address(target), timeout=timeout) as conn:
            replies = []
            for n in (1, 2, 4):
                value = _reply(conn, n, deadline)
                if value is None:  # many printers never answer: not a fault
                    return PrinterStatus(reachable=True)
                replies.append(value)
    except (OSError, ValueError):
        return PrinterStatus(reachable=False)
    return PrinterStatus.from_replies(*replies)


def print_escpos(
    data: bytes, target: str, timeout: float = 5.0, status_timeout: float = 2.0
) -> PrinterStatus:
    """Check a network printer's status, then send; refuse (PrintError) when it cannot print.

    A printer out of paper would keep the ticket and print it whenever the roll is
    changed, to whoever stands there then; so it is not sent, the operator is told, and
    the ticket can be reprinted.
    """
    status = query_status(target, timeout=min(timeout, status_timeout))
    if not status.ready:
        raise PrintError(status.message() + " Tiket tidak dicetak; nomor antrian tetap tercatat.")
    send_escpos(data, target, timeout)
    return status


# -- the OS spooler -------------------------------------------------------------------


def installed_printers() -> list[str]:
    """Printers installed on this PC, by the names the spooler knows."""
    if sys.platform == "win32":
        import win32print  # type: ignore[import-untyped,import-not-found,unused-ignore]

        flags = win32print.PRINTER_ENUM_LOCAL | win32print.PRINTER_ENUM_CONNECTIONS
        return sorted(str(p[2]) for p in win32print.EnumPrinters(flags, None, 1))
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return []
    try:
        done = subprocess.run([lpstat, "-e"], capture_output=True, text=True, timeout=5,
                              check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return []
    return sorted({line.strip() for line in done.stdout.splitlines() if line.strip()})


def spool_raw(data: bytes, printer: str, job: str = "Loket tiket") -> None:
    """Give ``data`` to the spooler for ``printer`` unchanged (no driver rendering)."""
    if not printer:
        raise PrintError("Pilih printer tiket di Pengaturan. Nomor antrian tetap tercatat.")
    if sys.platform == "win32":
        _spool_windows(data, printer, job)
        return
    lp = shutil.which("lp")
    if lp is None:
        raise PrintError(
            "Sistem cetak CUPS (perintah lp) tidak terpasang. Nomor antrian tetap tercatat."
        )
    try:
        done = subprocess.run(
            [lp, "-d", printer, "-o", "raw", "-t", job, "-"],
            input=data,
            capture_output=True,
            timeout=SPOOL_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrintError(
            f"Printer {printer} tidak menjawab ({exc}). Nomor antrian tetap tercatat."
        ) from exc
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip() or f"kode {done.returncode}"
        raise PrintError(
            f"Printer {printer} menolak tiket ({reason}). Nomor antrian tetap tercatat."
        )


def _spool_windows(data: bytes, printer: str, job: str) -> None:  # pragma: no cover - Windows
    import win32print  # type: ignore[import-untyped,import-not-found,unused-ignore]

    try:
        handle = win32print.OpenPrinter(printer)
    except Exception as exc:  # pywintypes.error
        raise PrintError(
            f"Printer {printer} tidak ditemukan ({exc}). Nomor antrian tetap tercatat."
        ) from exc
    try:
        win32print.StartDocPrinter(handle, 1, (job, None, "RAW"))
        try:
            win32print.StartPagePrinter(handle)
            win32print.WritePrinter(handle, data)
            win32print.EndPagePrinter(handle)
        finally:
            win32print.EndDocPrinter(handle)
    except Exception as exc:
        raise PrintError(
            f"Printer {printer} menolak tiket ({exc}). Nomor antrian tetap tercatat."
        ) from exc
    finally:
        win32print.ClosePrinter(handle)
