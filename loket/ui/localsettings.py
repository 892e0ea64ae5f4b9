"""Choices that belong to this PC, not to the office: which counter sits here, which
printer and roll it uses. Kept with QSettings (the registry on Windows, an .ini file on
Linux) so a shared database never makes two PCs fight over them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

ORG, APP = "Loket", "loket"
#: none; system: Qt through the driver; escpos: raw to host:port or a device file;
#: spooler: raw ESC/POS to an installed (USB) printer by name through the OS spooler.
PRINT_MODES = ("none", "system", "escpos", "spooler")


@dataclass
class LocalSettings:
    counter_id: int | None = None
    last_user: str = ""
    print_mode: str = "system"
    printer_name: str = ""
    roll_width: int = 80
    escpos_target: str = ""  # host:port or a device path
    native_qr: bool = True  # the printer draws the QR (GS ( k); else a raster image

    @classmethod
    def load(cls, scope: str = "") -> LocalSettings:
        s = QSettings(ORG, APP + scope)
        counter = s.value("counter_id")
        mode = str(s.value("print_mode", "system"))
        width = int(s.value("roll_width", 80) or 80)
        return cls(
            counter_id=int(counter) if counter not in (None, "") else None,
            last_user=str(s.value("last_user", "")),
            print_mode=mode if mode in PRINT_MODES else "system",
            printer_name=str(s.value("printer_name", "")),
            roll_width=width if width in (58, 80) else 80,
            escpos_target=str(s.value("escpos_target", "")),
            native_qr=str(s.value("native_qr", "true")).lower() not in ("false", "0"),
        )

    def save(self, scope: str = "") -> None:
        s = QSettings(ORG, APP + scope)
        s.setValue("counter_id", self.counter_id)
        s.setValue("last_user", self.last_user)
        s.setValue("print_mode", self.print_mode)
        s.setValue("printer_name", self.printer_name)
        s.setValue("roll_width", self.roll_width)
        s.setValue("escpos_target", self.escpos_target)
        s.setValue("native_qr", self.native_qr)
        s.sync()
