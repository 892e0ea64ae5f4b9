"""The first-run set-up wizard: a working office in a few minutes of clicks.

It only collects a ``SetupPlan``; ``loket.app.setup.apply_plan`` checks and creates it
in one transaction, so a mistake is shown on the page where it was made and nothing
half-made is written. An office that exists but is incomplete (enrolled with the city
first, or left half-made by an older version) opens at its first missing step, with
every page pre-filled from what exists (or from the services the city publishes).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from loket.app.setup import (
    SetupPlan,
    SetupState,
    apply_plan,
    plan_from_state,
)
from loket.client.local import LocalDatabase as Database  # set-up creates the local office
from loket.core.errors import InvalidInput, LoketError
from loket.core.passwords import check_strength
from loket.ui.dialogs.wizard_connect import (
    ConnectPage,
    Finder,
    Pairer,
    default_finder,
    default_pairer,
)
from loket.ui.dialogs.wizard_pages import (
    CountersPage,
    DemoPage,
    OfficePage,
    ServicesPage,
)
from loket.ui.tasks import error_text, run_task
from loket.ui.widgets import error_label


class StartPage(QWizardPage):
    """The PC's role on a fresh PC: the office's only PC, its hub, a client of its hub."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Selamat datang di Loket"))
        self.setSubTitle(self.tr("Belum ada kantor di komputer ini. Apa peran PC ini?"))
        self.new_office = QRadioButton(self.tr("PC ini satu-satunya PC kantor"))
        self.hub_office = QRadioButton(self.tr("PC ini PC utama kantor"))
        self.join = QRadioButton(self.tr("Sambungkan ke PC utama"))
        self.demo = QRadioButton(self.tr("Coba dulu dengan kantor demo"))
        notes = (
            self.tr("Atur kantor baru; semua layar (loket, kios, layar TV) di PC ini."),
            self.tr(
                "Atur kantor baru di PC ini; PC loket, kios dan layar lain tersambung ke "
                "sini lewat jaringan kantor. Pilih PC yang selalu menyala (dengan UPS)."
            ),
            self.tr(
                "Kantor sudah diatur di PC utama: PC ini menjadi loket, kios atau layar "
                "yang memakai antrian PC utama."
            ),
            self.tr(
                "Kantor demo tersimpan di folder tersendiri dan tidak mengganggu data "
                "kantor sebenarnya."
            ),
        )
        self.demo.setChecked(True)
        layout = QVBoxLayout(self)
        for button, text in zip(
            (self.new_office, self.hub_office, self.join, self.demo), notes, strict=True
        ):
            button.setAccessibleName(button.text())
            note = QLabel(text)
            note.setWordWrap(True)
            note.setContentsMargins(24, 0, 0, 6)
            layout.addWidget(button)
            layout.addWidget(note)
        layout.addStretch(1)

    def role(self) -> str | None:
        """standalone, hub or client; None for the demo."""
        if self.new_office.isChecked():
            return "standalone"
        if self.hub_office.isChecked():
            return "hub"
        if self.join.isChecked():
            return "client"
        return None

    def nextId(self) -> int:
        # Every choice goes on with "Lanjut": QWizard lays its buttons out when a page is
        # shown, so a start page that turned itself into the last page at a click kept
        # only "Selesai", and "Atur kantor baru" had no way forward.
        if self.demo.isChecked():
            return SetupWizard.PAGE_DEMO
        if self.join.isChecked():
            return SetupWizard.PAGE_CONNECT
        return SetupWizard.PAGE_OFFICE


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
        self.existing = QLabel()
        self.existing.setWordWrap(True)
        self.existing.hide()
        form = QFormLayout(self)
        form.addRow(self.existing)
        form.addRow(self.tr("Nama"), self.name)
        form.addRow(self.tr("Kata sandi"), self.password)
        form.addRow(self.tr("Ulangi kata sandi"), self.repeat)
        form.addRow(self.error)
        self.has_admin = False
        # Once the office is written there is no going back to change it here.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Buat kantor"))

    def prefill(self, admins: tuple[str, ...]) -> None:
        """An office that has an admin already needs none here."""
        self.has_admin = bool(admins)
        if self.has_admin:
            self.setSubTitle(self.tr("Kantor ini sudah punya admin."))
            self.existing.setText(
                self.tr("Admin yang sudah ada: {0}. Tekan Buat kantor untuk menyimpan.").format(
                    ", ".join(admins)
                )
            )
            self.existing.show()
            for field in (self.name, self.password, self.repeat):
                field.setEnabled(False)

    def validatePage(self) -> bool:
        if self.has_admin:
            return self._apply()
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
        return self._apply()

    def _apply(self) -> bool:
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        try:
            apply_plan(wizard.db, wizard.plan())
            if wizard.start.role() == "hub":
                from loket.client.connect import HUB, PcConfig, write_pc

                write_pc(wizard.data_dir, PcConfig(role=HUB, office=wizard.plan().office_name))
        except LoketError as exc:
            self.error.setText(exc.message)
            return False
        except OSError as exc:  # pc.json could not be written: the office itself is made
            self.error.setText(self.tr("Peran PC tidak dapat disimpan: {0}").format(exc))
            return False
        wizard.created = True
        return True


def _enroll(db: Database, server: str, code: str) -> object:
    """Trade the code for a token (on the thread pool: HTTP never blocks the window)."""
    from loket.sync.client import SyncClient
    from loket.sync.engine import enroll_database

    return enroll_database(db, SyncClient(server), code, desk_name="Loket")


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
        self.already = QLabel(
            self.tr("Perangkat ini sudah terdaftar ke server kota. Tekan Selesai.")
        )
        self.already.setWordWrap(True)
        self.already.hide()
        self.hub_note = QLabel()
        self.hub_note.setWordWrap(True)
        self.hub_note.hide()
        form = QFormLayout(self)
        form.addRow(self.hub_note)
        form.addRow(self.already)
        form.addRow(self.tr("Alamat server"), self.server)
        form.addRow(self.tr("Kode pendaftaran"), self.code)
        form.addRow(self.status)
        form.addRow(self.error)

    def initializePage(self) -> None:
        wizard = self.wizard()
        if isinstance(wizard, SetupWizard) and wizard.start.role() == "hub":
            self.hub_note.setText(
                self.tr(
                    "PC ini PC utama kantor: jalankan `loket hub run` di PC ini, lalu "
                    "pasangkan PC lain dengan kode dari Pengaturan kantor → PC kantor."
                )
            )
            self.hub_note.show()

    def prefill(self, enrolled: bool) -> None:
        """A desk enrolled before its set-up has nothing to ask here."""
        self.enrolled = enrolled
        self.already.setVisible(enrolled)
        for field in (self.server, self.code):
            field.setEnabled(not enrolled)

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
        db, server, code = wizard.db, self.server.text().strip(), self.code.text().strip()
        run_task(lambda: _enroll(db, server, code), self._answered, owner=self)
        return False  # the wizard finishes when the answer comes

    def nextId(self) -> int:
        return -1  # the last page of a real office (the demo's page comes after in order)

    def _answered(self, result: object, error: Exception | None) -> None:
        # any refusal or network error is shown, never raised
        self._done(error_text(error) if error is not None else str(result), error is None)

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
    PAGE_START, PAGE_OFFICE, PAGE_SERVICES, PAGE_COUNTERS, PAGE_ADMIN, PAGE_ENROLL, PAGE_DEMO = (
        range(7)
    )
    PAGE_CONNECT = 7

    def __init__(
        self,
        db: Database,
        state: SetupState | None = None,
        parent: QWidget | None = None,
        *,
        finder: Finder = default_finder,
        pairer: Pairer = default_pairer,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.data_dir = db.path.parent
        self.created = False
        self.setWindowTitle(self.tr("Penyiapan Loket"))
        self.start = StartPage()
        self.office = OfficePage()
        self.services = ServicesPage()
        self.counters = CountersPage(self.services)
        self.admin = AdminPage()
        self.enroll = EnrollPage()
        self.demo = DemoPage()
        for page_id, page in enumerate(
            (self.start, self.office, self.services, self.counters, self.admin, self.enroll,
             self.demo)
        ):  # fmt: skip
            self.setPage(page_id, page)
        self.connect_page = ConnectPage(self.data_dir, finder, pairer)
        self.setPage(self.PAGE_CONNECT, self.connect_page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Lanjut"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Selesai"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Batal"))
        if state is not None and state.office is not None:
            self.resume(state)

    def resume(self, state: SetupState) -> None:
        """Pre-fill every page from a half-made office and start at its first gap."""
        plan = plan_from_state(state)
        self.office.prefill(plan, code_fixed=True)
        self.services.prefill(plan.services)
        self.counters.prefill(plan.counters)
        self.admin.prefill(state.admins)
        self.enroll.prefill(state.enrolled)
        first = {
            "services": self.PAGE_SERVICES,
            "counters": self.PAGE_COUNTERS,
            "admin": self.PAGE_ADMIN,
        }
        self.start.new_office.setChecked(True)
        self.setStartId(next((first[m] for m in state.missing if m in first), self.PAGE_ADMIN))

    def wants_demo(self) -> bool:
        return self.start.demo.isChecked()

    @property
    def paired(self) -> bool:
        """This PC was paired with a hub (pc.json written): open the LAN session next."""
        return self.connect_page.config is not None

    def plan(self) -> SetupPlan:
        return SetupPlan(
            office_name=self.office.name.text(),
            kode_wilayah=self.office.kode.text(),
            timezone=self.office.zone.currentData(),
            services=self.services.chosen(),
            counters=self.counters.counters(),
            admin_name="" if self.admin.has_admin else self.admin.name.text(),
            admin_password="" if self.admin.has_admin else self.admin.password.text(),
        )
