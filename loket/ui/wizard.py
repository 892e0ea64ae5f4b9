"""The first-run set-up wizard: a working office in a few minutes of clicks.

It only collects a ``SetupPlan``; ``loket.app.setup.apply_plan`` checks and creates it,
so a mistake is shown on the page where it was made and nothing half-made is written.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from loket.app.office import ServiceSpec
from loket.app.setup import STARTER_SERVICES, SetupPlan, apply_plan
from loket.client.local import LocalDatabase as Database  # set-up creates the local office
from loket.core.errors import InvalidInput, LoketError
from loket.core.nik import normalize_kode_wilayah
from loket.core.passwords import check_strength
from loket.ui.widgets import error_label

ZONES = [
    ("Asia/Jakarta", "WIB (Jawa, Sumatra, Kalimantan Barat/Tengah)"),
    ("Asia/Pontianak", "WIB (Pontianak)"),
    ("Asia/Makassar", "WITA (Bali, NTB, NTT, Sulawesi, Kalimantan Selatan/Timur/Utara)"),
    ("Asia/Jayapura", "WIT (Maluku, Papua)"),
]


class StartPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Selamat datang di Loket"))
        self.setSubTitle(self.tr("Belum ada kantor di komputer ini."))
        self.new_office = QRadioButton(self.tr("Atur kantor baru (kelurahan ini)"))
        self.demo = QRadioButton(self.tr("Coba dulu dengan kantor demo"))
        for b in (self.new_office, self.demo):
            b.setAccessibleName(b.text())
        self.demo.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.new_office)
        layout.addWidget(self.demo)
        note = QLabel(
            self.tr(
                "Kantor demo tersimpan di folder tersendiri dan tidak "
                "mengganggu data kantor sebenarnya."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)

    def nextId(self) -> int:
        return -1 if self.demo.isChecked() else SetupWizard.PAGE_OFFICE

    def isFinalPage(self) -> bool:
        return self.demo.isChecked()


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
        form.addRow(self.error)

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
    COLUMNS = ("Kode", "Nama layanan", "Waktu standar (menit)")

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Layanan"))
        self.setSubTitle(
            self.tr(
                "Centang layanan kantor ini; nama dan waktu standar dapat diubah langsung di tabel."
            )
        )
        self.table = QTableWidget(len(STARTER_SERVICES), 3)
        self.table.setAccessibleName(self.tr("Daftar layanan"))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        for row, spec in enumerate(STARTER_SERVICES):
            code = QTableWidgetItem(spec.prefix)
            code.setFlags(code.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            code.setCheckState(Qt.CheckState.Checked if row < 5 else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, code)
            self.table.setItem(row, 1, QTableWidgetItem(spec.name))
            self.table.setItem(row, 2, QTableWidgetItem(str(spec.standard_minutes)))
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.error)

    def chosen(self) -> list[ServiceSpec]:
        out = []
        for row, starter in enumerate(STARTER_SERVICES):
            code = self.table.item(row, 0)
            if code.checkState() != Qt.CheckState.Checked:
                continue
            minutes_text = self.table.item(row, 2).text().strip()
            minutes = int(minutes_text) if minutes_text.isdigit() else 0
            out.append(
                ServiceSpec(
                    code.text().strip().upper(),
                    self.table.item(row, 1).text(),
                    minutes,
                    starter.requirements,
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
            for col in range(len(prefixes)):
                if self.table.item(row, col) is None:
                    item = QTableWidgetItem()
                    item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                    item.setCheckState(Qt.CheckState.Checked)  # every counter serves all
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


class AdminPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Akun admin pertama"))
        self.setSubTitle(self.tr("Admin mengatur kantor, layanan, loket dan pengguna."))
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Nama admin"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Kata sandi admin"))
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(self.tr("Ulangi kata sandi admin"))
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow(self.tr("Nama"), self.name)
        form.addRow(self.tr("Kata sandi"), self.password)
        form.addRow(self.tr("Ulangi kata sandi"), self.repeat)
        form.addRow(self.error)

    def validatePage(self) -> bool:
        if not self.name.text().strip():
            self.error.setText(self.tr("Nama admin wajib diisi."))
            return False
        if self.password.text() != self.repeat.text():
            self.error.setText(self.tr("Kata sandi tidak sama."))
            return False
        try:
            check_strength(self.password.text())
        except InvalidInput as exc:
            self.error.setText(exc.message)
            return False
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        try:
            apply_plan(wizard.db, wizard.plan())
        except LoketError as exc:
            self.error.setText(exc.message)
            return False
        wizard.created = True
        return True


class _EnrollSignals(QObject):
    done = Signal(str, bool)  # message, success


class _EnrollTask(QRunnable):
    """Trades the code for a token on the thread pool: HTTP never blocks the window."""

    def __init__(self, db: Database, server: str, code: str, signals: _EnrollSignals) -> None:
        super().__init__()
        self.db, self.server, self.code, self.signals = db, server, code, signals

    def run(self) -> None:
        from loket.sync.client import SyncClient
        from loket.sync.engine import enroll_database

        try:
            result = enroll_database(self.db, SyncClient(self.server), self.code, desk_name="Loket")
        except Exception as exc:  # any refusal or network error is shown, never raised
            message = getattr(exc, "message", None) or str(exc)
            self.signals.done.emit(message, False)
            return
        self.signals.done.emit(str(result), True)


class EnrollPage(QWizardPage):
    """Optional: enroll this desk with the city server now (or later: `loket enroll`)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Server kota (tidak wajib)"))
        self.setSubTitle(
            self.tr(
                "Isi alamat server dan kode pendaftaran dari Diskominfo, "
                "atau lewati dan daftarkan nanti."
            )
        )
        self.server = QLineEdit()
        self.server.setAccessibleName(self.tr("Alamat server kota"))
        self.server.setPlaceholderText("https://loket.kota.go.id")
        self.code = QLineEdit()
        self.code.setAccessibleName(self.tr("Kode pendaftaran"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = error_label()
        self.enrolled = False
        self.busy = False
        self.signals = _EnrollSignals(self)
        self.signals.done.connect(self._done)
        form = QFormLayout(self)
        form.addRow(self.tr("Alamat server"), self.server)
        form.addRow(self.tr("Kode pendaftaran"), self.code)
        form.addRow(self.status)
        form.addRow(self.error)

    def validatePage(self) -> bool:
        if self.enrolled or not (self.server.text().strip() or self.code.text().strip()):
            return True  # done, or skipped
        if self.busy:
            return False
        if not (self.server.text().strip() and self.code.text().strip()):
            self.error.setText(self.tr("Isi alamat server dan kode, atau kosongkan keduanya."))
            return False
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        self.busy = True
        self.error.clear()
        self.status.setText(self.tr("Menghubungi server kota…"))
        QThreadPool.globalInstance().start(
            _EnrollTask(
                wizard.db, self.server.text().strip(), self.code.text().strip(), self.signals
            )
        )
        return False  # the wizard finishes when the answer comes

    def _done(self, message: str, ok: bool) -> None:
        self.busy = False
        if ok:
            self.enrolled = True
            self.status.setText(self.tr("Terdaftar ke server kota."))
            self.wizard().accept()
        else:
            self.status.clear()
            self.error.setText(self.tr("Pendaftaran gagal: {0}").format(message))


class SetupWizard(QWizard):
    PAGE_START, PAGE_OFFICE, PAGE_SERVICES, PAGE_COUNTERS, PAGE_ADMIN, PAGE_ENROLL = range(6)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.created = False
        self.setWindowTitle(self.tr("Penyiapan Loket"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.start = StartPage()
        self.office = OfficePage()
        self.services = ServicesPage()
        self.counters = CountersPage(self.services)
        self.admin = AdminPage()
        self.enroll = EnrollPage()
        for page_id, page in enumerate(
            (self.start, self.office, self.services, self.counters, self.admin, self.enroll)
        ):
            self.setPage(page_id, page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Lanjut"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Selesai"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Batal"))

    def wants_demo(self) -> bool:
        return self.start.demo.isChecked()

    def plan(self) -> SetupPlan:
        return SetupPlan(
            office_name=self.office.name.text(),
            kode_wilayah=self.office.kode.text(),
            timezone=self.office.zone.currentData(),
            services=self.services.chosen(),
            counters=self.counters.counters(),
            admin_name=self.admin.name.text(),
            admin_password=self.admin.password.text(),
        )
