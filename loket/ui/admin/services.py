"""The admin's "Layanan" tab: each service's name, standard minutes, fee, quota, open."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem, QVBoxLayout, QWidget

from loket.app.office import ServiceInfo, ServiceSpec, check_service_spec
from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import InvalidInput, LoketError
from loket.ui.admin.parts import Report, button, table
from loket.ui.widgets import whole_number


class ServicesTab(QWidget):
    def __init__(self, client: OfficeClient, user: UserInfo, ok: Report, error: Report,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client, self.user, self._ok, self._error = client, user, ok, error
        self.services = table(
            [
                self.tr("Kode"),
                self.tr("Nama"),
                self.tr("Menit standar"),
                self.tr("Biaya (Rp)"),
                self.tr("Kuota/hari"),
                self.tr("Buka"),
            ],
            self.tr("Daftar layanan"),
        )
        self._load_services()
        layout = QVBoxLayout(self)
        layout.addWidget(self.services)
        layout.addWidget(button(self.tr("Simpan perubahan layanan"), self.save_services))

    def _load_services(self) -> None:
        self._service_rows = self.client.services()
        self.services.setRowCount(len(self._service_rows))
        for row, sv in enumerate(self._service_rows):
            values = [
                sv.prefix,
                sv.name,
                str(sv.standard_minutes),
                str(sv.fee),
                "" if sv.daily_quota is None else str(sv.daily_quota),
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 0:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.services.setItem(row, col, item)
            active = QTableWidgetItem()
            active.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            active.setCheckState(Qt.CheckState.Checked if sv.active else Qt.CheckState.Unchecked)
            self.services.setItem(row, 5, active)

    def save_services(self) -> None:
        """Every row is checked before any is saved: a slip in row C left A and B
        saved under a message that read as if nothing was."""
        try:
            changes = [self._row_change(row, sv) for row, sv in enumerate(self._service_rows)]
            for change in changes:
                self.client.update_service(*change, actor=self.user)
        except LoketError as exc:
            self._error(exc.message)
            return
        self._load_services()
        self._ok(self.tr("Perubahan layanan tersimpan."))

    def _row_change(self, row: int, sv: ServiceInfo) -> tuple[Any, ...]:
        """The arguments of ``update_service`` for one row, or the row's refusal."""
        cell = lambda c: self.services.item(row, c).text().strip()  # noqa: E731
        minutes, fee, quota = (whole_number(cell(c)) for c in (2, 3, 4))
        if minutes is None or fee is None or (cell(4) and quota is None):
            raise LoketError(self.tr("Menit, biaya dan kuota harus angka ({0}).").format(sv.prefix))
        quota = quota if cell(4) else None
        spec = ServiceSpec(sv.prefix, cell(1), minutes, sv.requirements, fee, quota)
        try:
            check_service_spec(spec)
        except InvalidInput as exc:
            raise LoketError(self.tr("Layanan {0}: {1}").format(sv.prefix, exc.message)) from exc
        active = self.services.item(row, 5).checkState() == Qt.CheckState.Checked
        return (sv.id, cell(1), minutes, fee, quota, sv.requirements, active)
