"""The admin's "Layanan online" tab: the ticket's live-position link, booking sessions,
their placement, and messages to citizens (channel, gateway, when to send).

It reads and saves through the office client (``online_setup`` / ``save_online_setup``),
so the hub PC and any LAN client show it alike; the office checks the role, the
sessions against its services, and writes the audit trail. The gateway token is never
shown: typing a new one replaces it, leaving the field empty keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from loket.app.online.admin import OnlineSetup, SessionSpec
from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError

SESSION_COLUMNS = 5  # service, days, start, end, quota


class OnlineTab(QWidget):
    def __init__(
        self,
        client: OfficeClient,
        user: UserInfo,
        ok: Callable[[str], None],
        error: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.user = user
        self._ok = ok
        self._error = error
        self.prefixes = [sv.prefix for sv in client.services(active_only=True)]
        setup = client.online_setup(actor=user)
        self.setup = setup
        self._booking_fields(setup)
        self._message_fields(setup)
        self._sessions_table(setup)
        add = QPushButton(self.tr("Tambah sesi"))
        add.clicked.connect(lambda: self.add_session())
        remove = QPushButton(self.tr("Hapus sesi"))
        remove.clicked.connect(self.remove_session)
        self.save_button = QPushButton(self.tr("Simpan layanan online"))
        self.save_button.clicked.connect(self.save)
        form = QFormLayout()
        form.addRow(self.live)
        form.addRow(self.tr("Alamat server kota"), self.link_base)
        form.addRow(self.tr("Booking"), self.placement)
        form.addRow(self.tr("Menit sebelum sesi"), self.early)
        form.addRow(self.tr("Pesan ke warga"), self.channel)
        form.addRow(self.tr("Gateway"), self.gateway_url)
        form.addRow(self.tr("Token"), self.gateway_token)
        form.addRow(self.tr("Hampir giliran (orang)"), self.ahead)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.sessions, 1)
        layout.addLayout(buttons)

    def _booking_fields(self, setup: OnlineSetup) -> None:
        """The QR link on tickets, the city's public address, how bookings are placed."""
        self.live = QCheckBox(self.tr("Tiket membawa tautan posisi antrian (QR) ke server kota"))
        self.live.setAccessibleName(self.live.text())
        self.live.setChecked(setup.live)
        self.link_base = QLineEdit(setup.link_base)
        self.link_base.setAccessibleName(self.tr("Alamat publik server kota"))
        self.link_base.setPlaceholderText(setup.enrolled_url or "https://loket.kota.go.id")
        self.placement = QComboBox()
        self.placement.setAccessibleName(self.tr("Penempatan booking"))
        self.placement.addItem(self.tr("Urut kedatangan, seperti warga lain"), "arrival")
        self.placement.addItem(self.tr("Didahulukan bila datang dekat jam sesinya"), "session")
        self.placement.setCurrentIndex(max(0, self.placement.findData(setup.placement)))
        self.early = QSpinBox()
        self.early.setRange(0, 240)
        self.early.setValue(setup.early_minutes)
        self.early.setAccessibleName(self.tr("Menit sebelum sesi"))

    def _message_fields(self, setup: OnlineSetup) -> None:
        """Messages to citizens: the channel, its gateway, when "almost your turn" goes."""
        self.channel = QComboBox()
        self.channel.setAccessibleName(self.tr("Saluran pesan ke warga"))
        self.channel.addItem(self.tr("Tidak ada"), "")
        self.channel.addItem("WhatsApp", "whatsapp")
        self.channel.addItem("SMS", "sms")
        self.channel.setCurrentIndex(max(0, self.channel.findData(setup.notify_channel)))
        self.gateway_url = QLineEdit(setup.gateway_url)
        self.gateway_url.setAccessibleName(self.tr("Alamat gateway pesan"))
        self.gateway_token = QLineEdit()
        self.gateway_token.setEchoMode(QLineEdit.EchoMode.Password)
        self.gateway_token.setAccessibleName(self.tr("Token gateway pesan"))
        if setup.gateway_token_set:
            self.gateway_token.setPlaceholderText(self.tr("(tersimpan; isi untuk mengganti)"))
        self.ahead = QSpinBox()
        self.ahead.setRange(1, 50)
        self.ahead.setValue(setup.notify_ahead)
        self.ahead.setAccessibleName(self.tr("Pesan hampir giliran saat N orang di depan"))

    def _sessions_table(self, setup: OnlineSetup) -> None:
        """The booking sessions: service, weekdays, hours and quota per row."""
        self.sessions = QTableWidget(0, SESSION_COLUMNS)
        self.sessions.setAccessibleName(self.tr("Sesi booking"))
        self.sessions.setHorizontalHeaderLabels(
            [self.tr("Layanan"), self.tr("Hari (1=Senin)"), self.tr("Mulai"), self.tr("Selesai"),
             self.tr("Kuota")]
        )  # fmt: skip
        self.sessions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.sessions.verticalHeader().hide()
        for spec in setup.sessions:
            self.add_session(spec)

    def add_session(self, spec: SessionSpec | None = None) -> None:
        spec = spec or SessionSpec(self.prefixes[0] if self.prefixes else "", "12345",
                                   "08:00", "10:00", 10)  # fmt: skip
        row = self.sessions.rowCount()
        self.sessions.insertRow(row)
        service = QComboBox()
        service.addItems(self.prefixes)
        service.setCurrentIndex(max(0, service.findText(spec.service_prefix)))
        self.sessions.setCellWidget(row, 0, service)
        for column, value in ((1, spec.weekdays), (2, spec.start), (3, spec.end),
                              (4, str(spec.quota))):  # fmt: skip
            self.sessions.setItem(row, column, QTableWidgetItem(value))

    def remove_session(self) -> None:
        row = self.sessions.currentRow()
        if row >= 0:
            self.sessions.removeRow(row)

    def specs(self) -> list[SessionSpec]:
        out = []
        for row in range(self.sessions.rowCount()):
            widget = self.sessions.cellWidget(row, 0)
            prefix = widget.currentText() if isinstance(widget, QComboBox) else ""

            def text(column: int, r: int = row) -> str:
                item = self.sessions.item(r, column)
                return item.text().strip() if item is not None else ""

            quota = text(4)
            out.append(SessionSpec(prefix, text(1), text(2), text(3),
                                   int(quota) if quota.isdigit() else 0))  # fmt: skip
        return out

    def save(self) -> None:
        setup = replace(
            self.setup,
            live=self.live.isChecked(),
            link_base=self.link_base.text().strip(),
            placement=str(self.placement.currentData()),
            early_minutes=self.early.value(),
            notify_ahead=self.ahead.value(),
            notify_channel=str(self.channel.currentData()),
            gateway_url=self.gateway_url.text().strip(),
            sessions=self.specs(),
        )
        try:
            self.setup = self.client.save_online_setup(
                setup, self.gateway_token.text().strip(), actor=self.user
            )
        except LoketError as exc:
            self._error(exc.message)
            return
        self.gateway_token.clear()
        if self.setup.gateway_token_set:
            self.gateway_token.setPlaceholderText(self.tr("(tersimpan; isi untuk mengganti)"))
        self.link_base.setText(self.setup.link_base)
        self._ok(self.tr("Layanan online tersimpan; PC utama mengirim sesinya ke server kota."))
