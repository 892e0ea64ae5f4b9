"""The admin's "Loket" tab: which services each counter serves, open or not, and new ones."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.ui.admin.parts import Report, button


class CountersTab(QWidget):
    def __init__(self, client: OfficeClient, user: UserInfo, ok: Report, error: Report,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client, self.user, self._ok, self._error = client, user, ok, error
        self._counter_services = client.services()
        headers = [self.tr("Loket"), self.tr("Buka")] + [sv.prefix for sv in self._counter_services]
        self.counters = QTableWidget(0, len(headers))
        self.counters.setHorizontalHeaderLabels(headers)
        self.counters.setAccessibleName(self.tr("Layanan per loket"))
        self.counters.verticalHeader().hide()
        self.new_counter = QSpinBox()
        self.new_counter.setRange(1, 99)
        self.new_counter.setAccessibleName(self.tr("Nomor loket baru"))
        self._load_counters()
        row = QHBoxLayout()
        row.addWidget(button(self.tr("Simpan loket"), self.save_counters))
        row.addWidget(QLabel(self.tr("Loket baru nomor")))
        row.addWidget(self.new_counter)
        row.addWidget(button(self.tr("Tambah loket"), self.add_counter))
        layout = QVBoxLayout(self)
        layout.addWidget(self.counters)
        layout.addLayout(row)

    def _load_counters(self) -> None:
        self._counter_rows = self.client.counters()
        self.counters.setRowCount(len(self._counter_rows))
        for row, c in enumerate(self._counter_rows):
            name = QTableWidgetItem(c.name)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.counters.setItem(row, 0, name)
            flags = [c.active] + [sv.id in c.service_ids for sv in self._counter_services]
            for col, on in enumerate(flags, start=1):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                self.counters.setItem(row, col, item)
        if self._counter_rows:
            self.new_counter.setValue(max(c.number for c in self._counter_rows) + 1)

    def _checked(self, row: int, col: int) -> bool:
        return self.counters.item(row, col).checkState() == Qt.CheckState.Checked

    def save_counters(self) -> None:
        try:
            for row, c in enumerate(self._counter_rows):
                services = [
                    sv.id
                    for col, sv in enumerate(self._counter_services, start=2)
                    if self._checked(row, col)
                ]
                self.client.update_counter(c.id, services, self._checked(row, 1), actor=self.user)
        except LoketError as exc:
            self._error(exc.message)
            return
        self._load_counters()
        self._ok(self.tr("Pengaturan loket tersimpan."))

    def add_counter(self) -> None:
        try:
            self.client.add_counter(
                self.new_counter.value(),
                [sv.id for sv in self._counter_services if sv.active],
                actor=self.user,
            )
        except LoketError as exc:
            self._error(exc.message)
            return
        self._load_counters()
        self._ok(self.tr("Loket baru ditambahkan; atur layanannya lalu simpan."))
