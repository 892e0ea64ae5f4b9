"""The admin's "Perangkat PC ini" tab: how this PC prints tickets (kept on this PC only).

The settings live in this PC's ``LocalSettings`` (per ``local_scope``), never in the
office database: each PC has its own printer.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QWidget

from loket.client.api import OfficeClient
from loket.core.days import utc_now
from loket.ui.admin.parts import Report, button
from loket.ui.devices.printing import PrintError, TicketSlip, printer_names, slip_printer
from loket.ui.localsettings import LocalSettings


class DevicesTab(QWidget):
    def __init__(self, client: OfficeClient, local_scope: str, ok: Report, error: Report,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client, self.local_scope, self._ok, self._error = client, local_scope, ok, error
        local = LocalSettings.load(local_scope)
        self.print_mode = QComboBox()
        self.print_mode.setAccessibleName(self.tr("Cara mencetak tiket"))
        for value, text in (
            ("none", self.tr("Tidak mencetak")),
            ("system", self.tr("Printer Windows/Linux PC ini")),
            ("escpos", self.tr("Printer thermal ESC/POS (jaringan/USB)")),
            ("spooler", self.tr("Printer thermal USB terpasang (ESC/POS langsung)")),
        ):
            self.print_mode.addItem(text, value)
        self.print_mode.setCurrentIndex(self.print_mode.findData(local.print_mode))
        self.printer_name = self._printer_choice(local.printer_name)
        self.roll = QComboBox()
        self.roll.setAccessibleName(self.tr("Lebar kertas"))
        self.roll.addItem("80 mm", 80)
        self.roll.addItem("58 mm", 58)
        self.roll.setCurrentIndex(self.roll.findData(local.roll_width))
        self.escpos = QLineEdit(local.escpos_target)
        self.escpos.setAccessibleName(self.tr("Alamat printer thermal"))
        self.escpos.setPlaceholderText("192.168.1.50:9100")
        self.native_qr = QCheckBox(self.tr("Printer mencetak kode QR sendiri (GS ( k)"))
        self.native_qr.setToolTip(
            self.tr("Matikan bila kode QR tidak tercetak: QR lalu dikirim sebagai gambar.")
        )
        self.native_qr.setChecked(local.native_qr)
        form = QFormLayout(self)
        form.addRow(self.tr("Tiket"), self.print_mode)
        form.addRow(self.tr("Printer"), self.printer_name)
        form.addRow(self.tr("Lebar kertas"), self.roll)
        form.addRow(self.tr("Printer thermal"), self.escpos)
        form.addRow("", self.native_qr)
        row = QHBoxLayout()
        row.addWidget(button(self.tr("Simpan perangkat"), self.save_devices))
        self.test_print_button = button(self.tr("Cetak tiket uji"), self.print_test)
        row.addWidget(self.test_print_button)
        form.addRow(row)

    def _printer_choice(self, saved: str) -> QComboBox:
        """This PC's printers, the saved one kept even when it is not plugged in now."""
        combo = QComboBox()
        combo.setAccessibleName(self.tr("Printer"))
        combo.addItem(self.tr("Printer bawaan"), "")
        for name in printer_names():
            combo.addItem(name, name)
        if saved and combo.findData(saved) < 0:
            combo.addItem(saved, saved)
        combo.setCurrentIndex(max(0, combo.findData(saved)))
        return combo

    def _devices_from_form(self) -> LocalSettings:
        local = LocalSettings.load(self.local_scope)
        local.print_mode = self.print_mode.currentData()
        local.printer_name = self.printer_name.currentData() or ""
        local.roll_width = int(self.roll.currentData())
        local.escpos_target = self.escpos.text().strip()
        local.native_qr = self.native_qr.isChecked()
        return local

    def save_devices(self) -> None:
        self._devices_from_form().save(self.local_scope)
        self._ok(self.tr("Pengaturan perangkat PC ini tersimpan."))

    def print_test(self) -> None:
        """A test ticket with the settings as they are on screen (saved or not)."""
        local = self._devices_from_form()
        send = slip_printer(local)
        if send is None:
            self._error(self.tr("Pilih cara mencetak tiket dulu."))
            return
        office = self.client.office()
        slip = TicketSlip(office.name, self.tr("Tiket uji"), "A-001", utc_now(), office.timezone,
                          0, 0, qr="LOKET-TES")  # fmt: skip
        try:
            send(slip)
        except PrintError as exc:
            self._error(str(exc))
            return
        self._ok(self.tr("Tiket uji dikirim ke printer ({0} mm).").format(local.roll_width))
