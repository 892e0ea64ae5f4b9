"""Office settings for the admin: services, users, policies, display, data, devices, audit.

Each tab only shows what the signed-in role may change; every change goes through the
office client (this PC's database, or the hub), which checks the role again and writes
the audit trail. Each tab is its own class in its own module here (Qt's translation
context is the class name); the dialog only assembles them and shows their messages.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.roles import Permission, can
from loket.ui.admin.audit import AuditTab
from loket.ui.admin.counters import CountersTab
from loket.ui.admin.data import DataTab
from loket.ui.admin.devices import DevicesTab
from loket.ui.admin.office import OfficeTab
from loket.ui.admin.policy import PolicyTab
from loket.ui.admin.services import ServicesTab
from loket.ui.admin.users import UsersTab


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
            self._office_tabs()
        if can(user.role, Permission.MANAGE_USERS):
            self.users_tab = UsersTab(client, user, self._ok, self._error)
            self.tabs.addTab(self.users_tab, self.tr("Pengguna"))
        if can(user.role, Permission.VIEW_PERSONAL_DATA):
            self.audit_tab = AuditTab(client, user, self._error)
            self.tabs.addTab(self.audit_tab, self.tr("Jejak audit"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)

    def _office_tabs(self) -> None:
        """The office administrator's tabs, in the order an office is set up."""
        from loket.ui.admin.letterhead import LetterheadTab
        from loket.ui.admin.online import OnlineTab
        from loket.ui.admin.pc_role import PcRoleTab

        client, user, ok, error = self.client, self.user, self._ok, self._error
        self.office_tab = OfficeTab(client, user, ok, error)
        self.tabs.addTab(self.office_tab, self.tr("Kantor"))
        self.services_tab = ServicesTab(client, user, ok, error)
        self.tabs.addTab(self.services_tab, self.tr("Layanan"))
        self.counters_tab = CountersTab(client, user, ok, error)
        self.tabs.addTab(self.counters_tab, self.tr("Loket"))
        self.policy_tab = PolicyTab(client, user, ok, error)
        self.tabs.addTab(self.policy_tab, self.tr("Kebijakan antrian"))
        self.data_tab = DataTab(client, user, ok, error)
        self.tabs.addTab(self.data_tab, self.tr("Data && cadangan"))
        self.devices_tab = DevicesTab(client, self.local_scope, ok, error)
        self.tabs.addTab(self.devices_tab, self.tr("Perangkat PC ini"))
        self.pc_role_tab = PcRoleTab(client, user, ok, error)
        self.tabs.addTab(self.pc_role_tab, self.tr("PC kantor"))
        self.tabs.addTab(self._voice_tab(), self.tr("Suara panggilan"))
        # Through the office client: the hub PC and every LAN client show it alike.
        self.letterhead_tab = LetterheadTab(client, user, ok, error)
        self.tabs.addTab(self.letterhead_tab, self.tr("Kop surat"))
        self.online_tab = OnlineTab(client, user, ok, error)
        self.tabs.addTab(self.online_tab, self.tr("Layanan online"))

    def _ok(self, text: str) -> None:
        self.message.setStyleSheet("color: #1b4332")
        self.message.setText(text)

    def _error(self, text: str) -> None:
        self.message.setStyleSheet("color: #a4161a")
        self.message.setText(text)

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
