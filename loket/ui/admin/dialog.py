"""Office settings for the admin: services, users, policies, display, data, devices, audit.

Each tab only shows what the signed-in role may change; every change goes through the
office client (this PC's database, or the hub), which checks the role again and writes
the audit trail.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.days import utc_now
from loket.core.errors import LoketError
from loket.core.queue import PriorityMode, PriorityPolicy
from loket.core.roles import Permission, Role, can
from loket.ui.devices.printing import PrintError, TicketSlip, printer_names, slip_printer
from loket.ui.localsettings import LocalSettings
from loket.ui.tasks import error_text, run_task

ROLE_NAMES = {"operator": "Petugas", "supervisor": "Supervisor", "admin": "Admin"}


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


def _button(text: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
    button = QPushButton(text)
    button.setAccessibleName(text)
    button.clicked.connect(slot)
    return button


class AdminDialog(QDialog):
    def __init__(
        self,
        client: OfficeClient,
        user: UserInfo,
        local_scope: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.user = user
        self.local_scope = local_scope
        self.setWindowTitle(self.tr("Pengaturan kantor"))
        self.resize(900, 560)
        self.tabs = QTabWidget()
        self.message = QLabel()
        self.message.setWordWrap(True)
        if can(user.role, Permission.ADMIN_OFFICE):
            self.tabs.addTab(self._office_tab(), self.tr("Kantor"))
            self.tabs.addTab(self._services_tab(), self.tr("Layanan"))
            self.tabs.addTab(self._counters_tab(), self.tr("Loket"))
            self.tabs.addTab(self._policy_tab(), self.tr("Kebijakan antrian"))
            self.tabs.addTab(self._data_tab(), self.tr("Data && cadangan"))
            self.tabs.addTab(self._devices_tab(), self.tr("Perangkat PC ini"))
            from loket.ui.admin.pc_role import PcRoleTab

            self.pc_role_tab = PcRoleTab(self.client, self.user, self._ok, self._error)
            self.tabs.addTab(self.pc_role_tab, self.tr("PC kantor"))
            self.tabs.addTab(self._voice_tab(), self.tr("Suara panggilan"))
            from loket.ui.admin.letterhead import LetterheadTab

            # Through the office client: the hub PC and every LAN client show it alike.
            self.letterhead_tab = LetterheadTab(self.client, self.user, self._ok, self._error)
            self.tabs.addTab(self.letterhead_tab, self.tr("Kop surat"))
            from loket.ui.admin.online import OnlineTab

            self.online_tab = OnlineTab(self.client, self.user, self._ok, self._error)
            self.tabs.addTab(self.online_tab, self.tr("Layanan online"))
        if can(user.role, Permission.MANAGE_USERS):
            self.tabs.addTab(self._users_tab(), self.tr("Pengguna"))
        if can(user.role, Permission.VIEW_PERSONAL_DATA):
            self.tabs.addTab(self._audit_tab(), self.tr("Jejak audit"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)

    def _ok(self, text: str) -> None:
        self.message.setStyleSheet("color: #1b4332")
        self.message.setText(text)

    def _error(self, text: str) -> None:
        self.message.setStyleSheet("color: #a4161a")
        self.message.setText(text)

    # -- office and counters ------------------------------------------------------

    def _office_tab(self) -> QWidget:
        from loket.ui.dialogs.wizard import ZONES

        page = QWidget()
        office = self.client.office()
        self.office_name = QLineEdit(office.name)
        self.office_name.setAccessibleName(self.tr("Nama kantor"))
        self.office_zone = QComboBox()
        self.office_zone.setAccessibleName(self.tr("Zona waktu"))
        for tz, text in ZONES:
            self.office_zone.addItem(text, tz)
        self.office_zone.setCurrentIndex(self.office_zone.findData(office.timezone))
        form = QFormLayout(page)
        form.addRow(self.tr("Nama kantor"), self.office_name)
        form.addRow(self.tr("Kode wilayah"), QLabel(office.code))
        form.addRow(self.tr("Zona waktu"), self.office_zone)
        form.addRow(_button(self.tr("Simpan kantor"), self.save_office))
        return page

    def save_office(self) -> None:
        try:
            self.client.update_office(
                self.office_name.text(), self.office_zone.currentData(), actor=self.user
            )
        except LoketError as exc:
            self._error(exc.message)
            return
        self._ok(self.tr("Data kantor tersimpan."))

    def _counters_tab(self) -> QWidget:
        page = QWidget()
        self._counter_services = self.client.services()
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
        row.addWidget(_button(self.tr("Simpan loket"), self.save_counters))
        row.addWidget(QLabel(self.tr("Loket baru nomor")))
        row.addWidget(self.new_counter)
        row.addWidget(_button(self.tr("Tambah loket"), self.add_counter))
        layout = QVBoxLayout(page)
        layout.addWidget(self.counters)
        layout.addLayout(row)
        return page

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

    # -- services ----------------------------------------------------------------

    def _services_tab(self) -> QWidget:
        page = QWidget()
        self.services = _table(
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
        layout = QVBoxLayout(page)
        layout.addWidget(self.services)
        layout.addWidget(_button(self.tr("Simpan perubahan layanan"), self.save_services))
        return page

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
        try:
            for row, sv in enumerate(self._service_rows):
                cell = lambda c, r=row: self.services.item(r, c).text().strip()  # noqa: E731
                if (
                    not cell(2).isdigit()
                    or not cell(3).isdigit()
                    or (cell(4) and not cell(4).isdigit())
                ):
                    raise LoketError(
                        self.tr("Menit, biaya dan kuota harus angka ({0}).").format(sv.prefix)
                    )
                self.client.update_service(
                    sv.id,
                    cell(1),
                    int(cell(2)),
                    int(cell(3)),
                    int(cell(4)) if cell(4) else None,
                    sv.requirements,
                    self.services.item(row, 5).checkState() == Qt.CheckState.Checked,
                    actor=self.user,
                )
        except LoketError as exc:
            self._error(exc.message)
            return
        self._load_services()
        self._ok(self.tr("Perubahan layanan tersimpan."))

    # -- policies and display ----------------------------------------------------

    def _policy_tab(self) -> QWidget:
        page = QWidget()
        settings = self.client.settings()
        self.mode = QComboBox()
        self.mode.setAccessibleName(self.tr("Kebijakan prioritas"))
        self.mode.addItem(self.tr("Prioritas selalu didahulukan"), PriorityMode.STRICT.value)
        self.mode.addItem(
            self.tr("Satu prioritas setiap N antrian biasa"), PriorityMode.ONE_IN_N.value
        )
        self.mode.setCurrentIndex(self.mode.findData(settings.priority_policy.mode.value))
        self.every_n = QSpinBox()
        self.every_n.setRange(1, 50)
        self.every_n.setValue(settings.priority_policy.n)
        self.every_n.setAccessibleName(self.tr("N antrian biasa"))
        self.overnight = QCheckBox(self.tr("Antrian tetap buka melewati tengah malam"))
        self.overnight.setAccessibleName(self.overnight.text())
        self.overnight.setChecked(settings.overnight_queue)
        board = self.client.board()
        self.running_text = QLineEdit(board.running_text)
        self.running_text.setAccessibleName(self.tr("Teks berjalan layar antrian"))
        form = QFormLayout(page)
        form.addRow(self.tr("Prioritas"), self.mode)
        form.addRow(self.tr("N"), self.every_n)
        form.addRow(self.overnight)
        form.addRow(self.tr("Teks berjalan"), self.running_text)
        form.addRow(_button(self.tr("Simpan kebijakan"), self.save_policy))
        return page

    def save_policy(self) -> None:
        try:
            policy = PriorityPolicy(PriorityMode(self.mode.currentData()), self.every_n.value())
            self.client.save_policies(
                policy, self.overnight.isChecked(), self.running_text.text(), actor=self.user
            )
        except LoketError as exc:
            self._error(exc.message)
            return
        self._ok(self.tr("Kebijakan tersimpan."))

    # -- data and backups ---------------------------------------------------------

    def _data_tab(self) -> QWidget:
        page = QWidget()
        self.retention = QSpinBox()
        self.retention.setRange(30, 3650)
        retention, folder, last = self.client.data_settings(actor=self.user)
        self.retention.setValue(retention)
        self.retention.setSuffix(self.tr(" hari"))
        self.retention.setAccessibleName(self.tr("Masa simpan data pribadi"))
        self.folder = QLineEdit(folder)
        self.folder.setAccessibleName(self.tr("Folder cadangan"))
        self.last_backup = QLabel(
            self.tr("Cadangan terakhir: {0}").format(f"{last:%d-%m-%Y %H:%M} UTC" if last else "–")
        )
        form = QFormLayout(page)
        form.addRow(self.tr("Masa simpan data pribadi"), self.retention)
        form.addRow(self.tr("Folder cadangan (boleh diska USB)"), self.folder)
        form.addRow(self.last_backup)
        row = QHBoxLayout()
        row.addWidget(_button(self.tr("Simpan"), self.save_data))
        self.backup_button = _button(self.tr("Cadangkan sekarang"), self.backup_now)
        self.purge_button = _button(
            self.tr("Hapus data pribadi yang lewat masa simpan"), self.purge
        )
        row.addWidget(self.backup_button)
        row.addWidget(self.purge_button)
        form.addRow(row)
        note = QLabel(
            self.tr(
                "Memulihkan dari cadangan: tutup Loket lalu jalankan "
                "`loket db restore BERKAS`, atau pilih cadangan di layar yang "
                "muncul saat basis data rusak."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)
        return page

    def save_data(self) -> None:
        try:
            self.client.save_data_settings(
                self.retention.value(), self.folder.text(), actor=self.user
            )
        except LoketError as exc:
            self._error(exc.message)
            return
        self._ok(self.tr("Pengaturan data tersimpan."))

    def backup_now(self) -> None:
        """Copy and verify the file on the thread pool: a large register takes seconds."""
        self._busy(True)
        client, user = self.client, self.user
        run_task(lambda: client.backup_now(actor=user), self._backed_up, owner=self)

    def _backed_up(self, path: object, error: Exception | None) -> None:
        self._busy(False)
        if isinstance(error, LoketError | OSError):
            self._error(error_text(error))
        elif error is not None:
            raise error  # a bug: the slot guard logs it and says so
        else:
            self._ok(self.tr("Cadangan dibuat dan diperiksa: {0}").format(path))

    def purge(self) -> None:
        """Delete expired personal data on the thread pool (a year of rows, VACUUM)."""
        self._busy(True)
        client, user = self.client, self.user
        run_task(lambda: client.purge_personal_data(actor=user), self._purged, owner=self)

    def _purged(self, count: object, error: Exception | None) -> None:
        self._busy(False)
        if isinstance(error, LoketError):
            self._error(error.message)
        elif error is not None:
            raise error  # a bug: the slot guard logs it and says so
        else:
            self._ok(self.tr("{0} data pribadi lama dihapus; angka layanan tetap.").format(count))

    def _busy(self, busy: bool) -> None:
        """One data job at a time: the buttons wait while a backup or purge runs."""
        self.backup_button.setEnabled(not busy)
        self.purge_button.setEnabled(not busy)

    # -- this PC's devices ----------------------------------------------------------

    def _voice_tab(self) -> QWidget:
        """The office's recorded voice (loket/ui/admin/voice_clips.py), in its data folder."""
        from loket.ui.admin.voice_clips import VoiceClipsPage
        from loket.voice.clips import clips_folder

        data_dir = getattr(self.client, "data_dir", None)  # LocalOffice: this PC's folder
        if not isinstance(data_dir, Path):
            return QLabel(self.tr("Rekaman suara kantor diatur di PC kantor utama."))
        prefixes = [sv.prefix for sv in self.client.services()]
        counters = [c.number for c in self.client.counters()]
        self.voice_clips = VoiceClipsPage(clips_folder(data_dir), prefixes, counters)
        return self.voice_clips

    def _devices_tab(self) -> QWidget:
        page = QWidget()
        local = LocalSettings.load(self.local_scope)
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
        self.printer_name = QComboBox()
        self.printer_name.setAccessibleName(self.tr("Printer"))
        self.printer_name.addItem(self.tr("Printer bawaan"), "")
        for name in printer_names():
            self.printer_name.addItem(name, name)
        if local.printer_name and self.printer_name.findData(local.printer_name) < 0:
            self.printer_name.addItem(local.printer_name, local.printer_name)
        self.printer_name.setCurrentIndex(max(0, self.printer_name.findData(local.printer_name)))
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
        form = QFormLayout(page)
        form.addRow(self.tr("Tiket"), self.print_mode)
        form.addRow(self.tr("Printer"), self.printer_name)
        form.addRow(self.tr("Lebar kertas"), self.roll)
        form.addRow(self.tr("Printer thermal"), self.escpos)
        form.addRow("", self.native_qr)
        row = QHBoxLayout()
        row.addWidget(_button(self.tr("Simpan perangkat"), self.save_devices))
        self.test_print_button = _button(self.tr("Cetak tiket uji"), self.print_test)
        row.addWidget(self.test_print_button)
        form.addRow(row)
        return page

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

    # -- users ------------------------------------------------------------------------

    def _users_tab(self) -> QWidget:
        page = QWidget()
        self.users = _table(
            [self.tr("Nama"), self.tr("Peran"), self.tr("Aktif")], self.tr("Daftar pengguna")
        )
        self.users.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._load_users()
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName(self.tr("Nama pengguna baru"))
        self.new_role = QComboBox()
        self.new_role.setAccessibleName(self.tr("Peran pengguna baru"))
        for value, text in ROLE_NAMES.items():
            self.new_role.addItem(self.tr(text), value)
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password.setAccessibleName(self.tr("Kata sandi pengguna"))
        form = QFormLayout()
        form.addRow(self.tr("Nama"), self.new_name)
        form.addRow(self.tr("Peran"), self.new_role)
        form.addRow(self.tr("Kata sandi / PIN"), self.new_password)
        row = QHBoxLayout()
        row.addWidget(_button(self.tr("Tambah pengguna"), self.add_user))
        row.addWidget(_button(self.tr("Atur ulang kata sandi terpilih"), self.reset_selected))
        row.addWidget(_button(self.tr("Aktif / nonaktifkan terpilih"), self.toggle_selected))
        layout = QVBoxLayout(page)
        layout.addWidget(self.users)
        layout.addLayout(form)
        layout.addLayout(row)
        return page

    def _load_users(self) -> None:
        try:
            self._user_rows = self.client.users(actor=self.user)
        except LoketError as exc:
            self._user_rows = []
            self._error(exc.message)
        self.users.setRowCount(len(self._user_rows))
        for row, u in enumerate(self._user_rows):
            for col, value in enumerate(
                (
                    u.name,
                    self.tr(ROLE_NAMES[u.role.value]),
                    self.tr("ya") if u.active else self.tr("tidak"),
                )
            ):
                self.users.setItem(row, col, QTableWidgetItem(value))

    def _selected_user(self) -> UserInfo | None:
        row = self.users.currentRow()
        return self._user_rows[row] if 0 <= row < len(self._user_rows) else None

    def add_user(self) -> None:
        try:
            info = self.client.add_user(
                self.new_name.text(),
                Role(self.new_role.currentData()),
                self.new_password.text(),
                actor=self.user,
            )
        except LoketError as exc:
            self._error(exc.message)
            return
        self.new_name.clear()
        self.new_password.clear()
        self._load_users()
        self._ok(self.tr("Pengguna {0} ditambahkan.").format(info.name))

    def reset_selected(self) -> None:
        target = self._selected_user()
        if target is None or not self.new_password.text():
            self._error(self.tr("Pilih pengguna dan isi kata sandi barunya."))
            return
        try:
            self.client.reset_password(target.id, self.new_password.text(), actor=self.user)
        except LoketError as exc:
            self._error(exc.message)
            return
        self.new_password.clear()
        self._ok(self.tr("Kata sandi {0} diatur ulang.").format(target.name))

    def toggle_selected(self) -> None:
        target = self._selected_user()
        if target is None:
            self._error(self.tr("Pilih pengguna."))
            return
        try:
            self.client.set_user_active(target.id, not target.active, actor=self.user)
        except LoketError as exc:
            self._error(exc.message)
            return
        self._load_users()
        self._ok(self.tr("Status {0} diubah.").format(target.name))

    # -- audit ----------------------------------------------------------------------

    def _audit_tab(self) -> QWidget:
        page = QWidget()
        table = _table(
            [self.tr("Waktu (UTC)"), self.tr("Pengguna"), self.tr("Tindakan"), self.tr("Sasaran")],
            self.tr("Jejak audit"),
        )
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        try:
            rows = self.client.audit_entries(actor=self.user)
        except LoketError as exc:
            rows = []
            self._error(exc.message)
        table.setRowCount(len(rows))
        for row, e in enumerate(rows):
            for col, value in enumerate(
                (f"{e.at:%Y-%m-%d %H:%M}", e.user_name, e.action, e.target)
            ):
                table.setItem(row, col, QTableWidgetItem(value))
        self.audit = table
        layout = QVBoxLayout(page)
        layout.addWidget(table)
        return page
