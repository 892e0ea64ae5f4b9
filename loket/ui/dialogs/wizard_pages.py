"""The set-up wizard's pages that need nothing of the wizard itself.

The office's name, code and time zone, its services, its counters (each page checks
its own fields), and the demo's last page. The pages that act on the wizard (the start
page choosing the way on, the admin page that writes the office, enrolment) live with
``SetupWizard`` in wizard.py.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from loket.app.office import ServiceSpec, check_service_spec
from loket.app.setup import (
    STARTER_SERVICES,
    SetupPlan,
)
from loket.core.errors import InvalidInput
from loket.core.nik import normalize_kode_wilayah
from loket.ui.widgets import error_label, whole_number

ZONES = [
    ("Asia/Jakarta", "WIB (Jawa, Sumatra, Kalimantan Barat/Tengah)"),
    ("Asia/Pontianak", "WIB (Pontianak)"),
    ("Asia/Makassar", "WITA (Bali, NTB, NTT, Sulawesi, Kalimantan Selatan/Timur/Utara)"),
    ("Asia/Jayapura", "WIT (Maluku, Papua)"),
]


class DemoPage(QWizardPage):
    """The demo's last page: where it lives and how to log in, then Selesai."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Kantor demo"))
        self.setSubTitle(self.tr("Kelurahan Sukamaju (demo), dengan layanan dan loket contoh."))
        text = QLabel(
            self.tr(
                "Tekan Selesai untuk membuka kantor demo. Masuk sebagai petugas1 dengan "
                "PIN 1234 (admin / demo1234 untuk pengaturan). Untuk kantor sebenarnya, "
                "jalankan Loket lagi dan pilih “PC ini satu-satunya PC kantor” "
                "atau “PC ini PC utama kantor”."
            )
        )
        text.setWordWrap(True)
        QVBoxLayout(self).addWidget(text)

    def nextId(self) -> int:
        return -1


class OfficePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Kantor"))
        self.setSubTitle(self.tr("Nama, kode wilayah Kemendagri (10 angka) dan zona waktu."))
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Nama kantor"))
        self.name.setPlaceholderText(self.tr("mis. Kelurahan Cihapit"))
        self.kode = QLineEdit()
        self.kode.setAccessibleName(self.tr("Kode wilayah"))
        self.kode.setPlaceholderText("32.73.01.1001")
        self.zone = QComboBox()
        self.zone.setAccessibleName(self.tr("Zona waktu"))
        for tz, text in ZONES:
            self.zone.addItem(text, tz)
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow(self.tr("Nama kantor"), self.name)
        form.addRow(self.tr("Kode wilayah"), self.kode)
        form.addRow(self.tr("Zona waktu"), self.zone)
        self.fixed = QLabel()
        self.fixed.setWordWrap(True)
        form.addRow(self.fixed)
        form.addRow(self.error)

    def prefill(self, plan: SetupPlan, code_fixed: bool) -> None:
        """What exists already; a kode wilayah the office already has cannot change."""
        self.name.setText(plan.office_name)
        self.kode.setText(plan.kode_wilayah)
        if (index := self.zone.findData(plan.timezone)) >= 0:
            self.zone.setCurrentIndex(index)
        self.kode.setReadOnly(code_fixed)
        if code_fixed:
            self.fixed.setText(
                self.tr("Kantor ini sudah terdaftar dengan kode wilayah ini; kodenya tetap.")
            )

    def validatePage(self) -> bool:
        if not self.name.text().strip():
            self.error.setText(self.tr("Nama kantor wajib diisi."))
            return False
        try:
            self.kode.setText(normalize_kode_wilayah(self.kode.text()))
        except InvalidInput as exc:
            self.error.setText(exc.message)
            return False
        self.error.clear()
        return True


class ServicesPage(QWizardPage):
    COLUMNS = (
        QT_TRANSLATE_NOOP("ServicesPage", "Kode"),
        QT_TRANSLATE_NOOP("ServicesPage", "Nama layanan"),
        QT_TRANSLATE_NOOP("ServicesPage", "Waktu standar (menit)"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Layanan"))
        self.setSubTitle(
            self.tr(
                "Centang layanan kantor ini; nama dan waktu standar dapat diubah langsung di tabel."
            )
        )
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(self.tr("Daftar layanan"))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.rows: list[ServiceSpec] = []
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        self.fill(STARTER_SERVICES, {s.prefix for s in STARTER_SERVICES[:5]})

    def fill(self, specs: list[ServiceSpec], ticked: set[str]) -> None:
        """One row per service; ``ticked`` prefixes start checked."""
        self.rows = list(specs)
        self.table.setRowCount(len(self.rows))
        for row, spec in enumerate(self.rows):
            code = QTableWidgetItem(spec.prefix)
            code.setFlags(code.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = spec.prefix in ticked
            code.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, code)
            self.table.setItem(row, 1, QTableWidgetItem(spec.name))
            self.table.setItem(row, 2, QTableWidgetItem(str(spec.standard_minutes)))

    def prefill(self, planned: list[ServiceSpec]) -> None:
        """The office's (or the city's) services ticked, then the other starter ones."""
        if not planned:
            return
        taken = {s.prefix for s in planned}
        extra = [s for s in STARTER_SERVICES if s.prefix not in taken]
        self.fill(planned + extra, taken)

    def chosen(self) -> list[ServiceSpec]:
        out = []
        for row, base in enumerate(self.rows):
            code = self.table.item(row, 0)
            if code.checkState() != Qt.CheckState.Checked:
                continue
            minutes = whole_number(self.table.item(row, 2).text()) or 0
            out.append(
                ServiceSpec(
                    code.text().strip().upper(),
                    self.table.item(row, 1).text(),
                    minutes,
                    base.requirements,
                    base.fee,
                    base.daily_quota,
                )
            )
        return out

    def validatePage(self) -> bool:
        chosen = self.chosen()
        if not chosen:
            self.error.setText(self.tr("Pilih paling sedikit satu layanan."))
            return False
        if any(s.standard_minutes <= 0 for s in chosen):
            self.error.setText(self.tr("Waktu standar harus angka menit lebih dari 0."))
            return False
        for spec in chosen:  # the office's own rules, said here rather than pages later
            try:
                check_service_spec(spec)
            except InvalidInput as exc:
                self.error.setText(self.tr("Layanan {0}: {1}").format(spec.prefix, exc.message))
                return False
        self.error.clear()
        return True


class CountersPage(QWizardPage):
    def __init__(self, services_page: ServicesPage) -> None:
        super().__init__()
        self.services_page = services_page
        self.setTitle(self.tr("Loket"))
        self.setSubTitle(self.tr("Berapa loket, dan layanan apa saja yang dilayani tiap loket."))
        self.count = QSpinBox()
        self.count.setRange(1, 30)
        self.count.setValue(2)
        self.count.setAccessibleName(self.tr("Jumlah loket"))
        self.table = QTableWidget()
        self.table.setAccessibleName(self.tr("Layanan per loket"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Jumlah loket"), self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        self.count.valueChanged.connect(self._rebuild)
        self.existing: dict[int, list[str]] = {}  # counter number -> prefixes it serves

    def prefill(self, counters: dict[int, list[str]]) -> None:
        self.existing = dict(counters)
        if counters:
            self.count.setValue(max(counters))

    def initializePage(self) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        prefixes = [s.prefix for s in self.services_page.chosen()]
        self.table.setRowCount(self.count.value())
        self.table.setColumnCount(len(prefixes))
        self.table.setHorizontalHeaderLabels(prefixes)
        self.table.setVerticalHeaderLabels(
            [self.tr("Loket {0}").format(n + 1) for n in range(self.count.value())]
        )
        for row in range(self.count.value()):
            served = self.existing.get(row + 1)
            for col, prefix in enumerate(prefixes):
                if self.table.item(row, col) is None:
                    item = QTableWidgetItem()
                    item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                    on = served is None or prefix in served  # a new counter serves all
                    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                    self.table.setItem(row, col, item)

    def counters(self) -> dict[int, list[str]]:
        prefixes = [s.prefix for s in self.services_page.chosen()]
        return {
            row + 1: [
                p
                for col, p in enumerate(prefixes)
                if self.table.item(row, col).checkState() == Qt.CheckState.Checked
            ]
            for row in range(self.table.rowCount())
        }

    def validatePage(self) -> bool:
        empty = [n for n, served in self.counters().items() if not served]
        if empty:
            self.error.setText(
                self.tr("Loket {0} belum melayani layanan apa pun.").format(empty[0])
            )
            return False
        self.error.clear()
        return True
