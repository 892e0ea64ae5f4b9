"""The operator panel: one counter's work, all of it from the keyboard.

F1 call next · F2 recall · F3 start · F4 finish · F5 skip · F6 transfer · F7 call a
number · F8 return a skipped number · F9 quick serve · F10 issue a number. The keys are
printed on the buttons, so nobody has to learn them from a manual.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from loket.app.citizens import CitizenView
from loket.app.counters import CounterState, CounterStatus
from loket.app.office import CounterInfo, OfficeInfo, ServiceInfo
from loket.core.days import utc_now
from loket.core.errors import LoketError
from loket.core.roles import Permission, can
from loket.core.tickets import EventKind, Ticket, allowed
from loket.ui.controller import DeskController
from loket.ui.devices.printing import PrintError, TicketSlip
from loket.ui.dialogs.counter import ChangePasswordDialog, FinishDialog, TransferDialog
from loket.ui.dialogs.reprint import KioskReprintDialog, link_base, reprint_one
from loket.ui.feed import ChangeFeed, LinkLabel, OfficeFeed
from loket.ui.language import LanguageMenu
from loket.ui.models.tickets import ServedModel, WaitingModel, minutes, priority_text, state_text
from loket.ui.signals import app_signals
from loket.ui.widgets import shrink_to_fit
from loket.ui.windows.kiosk import PRIORITY_REASONS

STYLE = """
QFrame#ticketCard { background: #13315c; border-radius: 12px; }
QFrame#ticketCard QLabel { color: white; }
QLabel#bigNumber { font-size: 88px; font-weight: bold; }
QLabel#ticketService { font-size: 20px; }
QLabel#ticketMeta { font-size: 16px; color: #c9d6ea; }
QLabel#ticketPriority { font-size: 18px; color: #f2a541; font-weight: bold; }
QPushButton { font-size: 15px; padding: 8px; min-height: 34px; }
QPushButton#primary { background: #134074; color: white; font-weight: bold; }
QLabel#message { font-size: 15px; }
"""

# (attribute, label, key); the labels are translated by self.tr() where the buttons
# are made, QT_TRANSLATE_NOOP only lets lupdate find them.
ACTIONS = [
    ("call_next_button", QT_TRANSLATE_NOOP("OperatorWindow", "Panggil berikutnya"), "F1"),
    ("recall_button", QT_TRANSLATE_NOOP("OperatorWindow", "Panggil ulang"), "F2"),
    ("start_button", QT_TRANSLATE_NOOP("OperatorWindow", "Mulai layani"), "F3"),
    ("finish_button", QT_TRANSLATE_NOOP("OperatorWindow", "Selesai…"), "F4"),
    ("skip_button", QT_TRANSLATE_NOOP("OperatorWindow", "Lewati (tidak hadir)"), "F5"),
    ("transfer_button", QT_TRANSLATE_NOOP("OperatorWindow", "Alihkan…"), "F6"),
    ("call_number_button", QT_TRANSLATE_NOOP("OperatorWindow", "Panggil nomor…"), "F7"),
    ("return_button", QT_TRANSLATE_NOOP("OperatorWindow", "Kembalikan ke antrian…"), "F8"),
    ("quick_serve_button", QT_TRANSLATE_NOOP("OperatorWindow", "Layani langsung"), "F9"),
]


# The break reasons as stored and shown on the display (loket.app.counters.BREAK_REASONS);
# the menu translates them, QT_TRANSLATE_NOOP only lets lupdate find them.
BREAK_MENU = [
    QT_TRANSLATE_NOOP("OperatorWindow", "istirahat"),
    QT_TRANSLATE_NOOP("OperatorWindow", "sholat"),
    QT_TRANSLATE_NOOP("OperatorWindow", "sholat Jumat"),
    QT_TRANSLATE_NOOP("OperatorWindow", "rapat"),
    QT_TRANSLATE_NOOP("OperatorWindow", "tugas luar"),
]


def _status_key(status: CounterStatus, reason: str | None) -> str:
    """The status box's item data: "open", "break|sholat Jumat", "closed"."""
    return f"{status.value}|{reason}" if status is CounterStatus.BREAK else status.value


class OperatorWindow(QMainWindow):
    openKiosk = Signal()
    openDisplay = Signal()
    openDashboard = Signal()
    openRating = Signal()
    openSkm = Signal()
    syncNow = Signal()

    def __init__(
        self,
        controller: DeskController,
        office: OfficeInfo,
        services: list[ServiceInfo],
        counters: list[CounterInfo],
        print_slip: Callable[[TicketSlip], None] | None = None,
        clock: Callable[[], datetime] = utc_now,
        feed: OfficeFeed | None = None,
    ) -> None:
        super().__init__()
        self.client = controller.client
        self.controller = controller
        self.office = office
        self.services = services
        self.counters = counters
        self.print_slip = print_slip
        self.clock = clock
        self.ticket: Ticket | None = None
        self.local_scope = ""  # QSettings scope of this PC's devices ("-demo" in the demo)
        counter = controller.counter
        who = controller.user.name if controller.user else self.tr("tanpa login")
        self.setWindowTitle(
            self.tr("Loket {0} · {1} · {2}").format(counter.number, who, office.name)
        )
        self.setStyleSheet(STYLE)

        card = self._ticket_card(counter)
        grid = self._action_grid()
        issue_row = self._issue_row(services)
        self.message = QLabel(objectName="message")
        self.message.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(card)
        left.addLayout(grid)
        left.addLayout(issue_row)
        left.addWidget(self._citizen_box())
        left.addWidget(self.message)
        left.addStretch(1)

        self._lists(services, counters, counter)

        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(self.tabs, 2)
        central = QWidget()
        central.setLayout(body)
        self.setCentralWidget(central)
        self._menus()
        self._status_bar(feed, office)

        self._follow(feed)
        self.refresh()

    def _follow(self, feed: OfficeFeed | None) -> None:
        """The controller's answers, app-wide messages, the office's changes, a 15 s tick."""
        self.controller.ticketChanged.connect(self.show_ticket)
        self.controller.failed.connect(self.show_error)
        app_signals().message.connect(self.show_message)
        self._hears_messages = True
        self._refresh_pending = False
        self.feed = ChangeFeed(self, feed, self.schedule_refresh)
        self._tick = QTimer(self)
        self._tick.setInterval(15_000)
        self._tick.timeout.connect(self.refresh)
        self._tick.start()

    def _ticket_card(self, counter: CounterInfo) -> QFrame:
        """The current ticket in large type, with the counter's open/break/closed box."""
        card = QFrame(objectName="ticketCard")
        card_layout = QVBoxLayout(card)
        self.number = QLabel("–", objectName="bigNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setAccessibleName(self.tr("Nomor antrian sekarang"))
        self.service_label = QLabel(objectName="ticketService")
        self.priority_label = QLabel(objectName="ticketPriority")
        self.meta = QLabel(objectName="ticketMeta")
        for label in (self.service_label, self.priority_label, self.meta):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        header = QHBoxLayout()
        header.addWidget(QLabel(self.tr("LOKET {0}").format(counter.number)))
        header.addStretch(1)
        self.status_box = QComboBox()
        self.status_box.setAccessibleName(self.tr("Status loket"))
        self.status_box.setToolTip(
            self.tr("Istirahat atau tutup: layar antrian menampilkannya dan loket ini tidak "
                    "dapat memanggil antrian sampai dibuka lagi.")
        )  # fmt: skip
        self.status_box.addItem(self.tr("Buka"), _status_key(CounterStatus.OPEN, None))
        for reason in BREAK_MENU:
            pause = _status_key(CounterStatus.BREAK, reason)
            self.status_box.addItem(self.tr("Istirahat: {0}").format(self.tr(reason)), pause)
        self.status_box.addItem(self.tr("Tutup"), _status_key(CounterStatus.CLOSED, None))
        self.status_box.activated.connect(self.change_status)
        header.addWidget(self.status_box)
        card_layout.addLayout(header)
        card_layout.addWidget(self.number)
        card_layout.addWidget(self.service_label)
        card_layout.addWidget(self.priority_label)
        card_layout.addWidget(self.meta)
        return card

    def _action_grid(self) -> QGridLayout:
        """F1…F9: one button a move, each with its shortcut."""
        grid = QGridLayout()
        for index, (attr, text, key) in enumerate(ACTIONS):
            button = QPushButton(f"{self.tr(text)}  [{key}]")
            button.setAccessibleName(self.tr(text))
            button.setToolTip(self.tr("Tombol pintas: {0}").format(key))
            self._shortcut(key, button)
            setattr(self, attr, button)
            grid.addWidget(button, index // 3, index % 3)
        self.call_next_button.setObjectName("primary")
        self.call_next_button.clicked.connect(self.controller.call_next)
        self.recall_button.clicked.connect(self.controller.recall)
        self.start_button.clicked.connect(self.controller.start)
        self.finish_button.clicked.connect(self.finish)
        self.skip_button.clicked.connect(self.controller.skip)
        self.transfer_button.clicked.connect(self.transfer)
        self.call_number_button.clicked.connect(self.call_number)
        self.return_button.clicked.connect(self.return_number)
        self.quick_serve_button.clicked.connect(self.quick_serve)
        return grid

    def _issue_row(self, services: list[ServiceInfo]) -> QHBoxLayout:
        """A number for a citizen at the counter (F10), and reprinting one (Ctrl+P)."""
        self.issue_service = QComboBox()
        self.issue_service.setAccessibleName(self.tr("Layanan untuk nomor baru"))
        for s in services:
            if s.active:
                self.issue_service.addItem(f"{s.prefix} – {s.name}", s.id)
        self.issue_priority = QComboBox()
        self.issue_priority.setAccessibleName(self.tr("Prioritas nomor baru"))
        self.issue_priority.addItem(self.tr("Bukan prioritas"), None)
        for code, text in PRIORITY_REASONS:
            self.issue_priority.addItem(QCoreApplication.translate("KioskWindow", text), code)
        for combo in (self.issue_service, self.issue_priority):
            shrink_to_fit(combo, 10)  # long service names must not widen it past 1024
        self.issue_button = QPushButton(self.tr("Ambil nomor") + "  [F10]")
        self._shortcut("F10", self.issue_button)
        self.issue_button.setAccessibleName(self.tr("Ambil nomor"))
        self.issue_button.clicked.connect(self.issue)
        issue_row = QHBoxLayout()
        issue_row.addWidget(QLabel(self.tr("Nomor baru:")))
        issue_row.addWidget(self.issue_service, 2)
        issue_row.addWidget(self.issue_priority, 1)
        issue_row.addWidget(self.issue_button)
        self.reprint_button = QPushButton(self.tr("Cetak ulang tiket") + "  [Ctrl+P]")
        self.reprint_button.setAccessibleName(self.tr("Cetak ulang tiket"))
        self._shortcut("Ctrl+P", self.reprint_button)
        self.reprint_button.clicked.connect(self.reprint_ticket)
        issue_row.addWidget(self.reprint_button)
        self._last_issued = ""
        return issue_row

    def _lists(
        self, services: list[ServiceInfo], counters: list[CounterInfo], counter: CounterInfo
    ) -> None:
        """The waiting list (filtered by service) and today's finished tickets, as tabs."""
        self.waiting_model = WaitingModel(self)
        self.waiting_model.now = self.clock
        self.served_model = ServedModel(self)
        names = {s.id: s.name for s in services}
        self.waiting_model.service_names = self.served_model.service_names = names
        self.served_model.counter_numbers = {c.id: c.number for c in counters}
        self.filter = QComboBox()
        self.filter.setAccessibleName(self.tr("Saring layanan"))
        self.filter.addItem(self.tr("Semua layanan loket ini"), None)
        for s in services:
            if s.id in counter.service_ids:
                self.filter.addItem(f"{s.prefix} – {s.name}", s.id)
        shrink_to_fit(self.filter)
        self.filter.currentIndexChanged.connect(self.refresh)
        self.waiting_view = self._table(self.waiting_model, self.tr("Daftar antrian menunggu"))
        self.served_view = self._table(self.served_model, self.tr("Daftar selesai hari ini"))
        waiting_tab = QWidget()
        wl = QVBoxLayout(waiting_tab)
        wl.addWidget(self.filter)
        wl.addWidget(self.waiting_view)
        self.tabs = QTabWidget()
        self.tabs.addTab(waiting_tab, self.tr("Menunggu"))
        self.tabs.addTab(self.served_view, self.tr("Selesai hari ini"))

    def _status_bar(self, feed: OfficeFeed | None, office: OfficeInfo) -> None:
        """City sync, the hub link and the ticket printer, at the window's foot."""
        self.sync_label = QLabel(self.tr("Server kota: belum diperiksa"))
        self.sync_label.setAccessibleName(self.tr("Status sinkronisasi"))
        self.statusBar().addPermanentWidget(self.sync_label)
        if feed is not None and feed.remote:  # city sync runs from the hub only
            self.sync_label.setText(self.tr("Server kota: disinkronkan oleh PC utama"))
            self.sync_action.setEnabled(False)
        self.link_label = LinkLabel(feed)
        self.link_label.set_zone(office.tz)
        self.statusBar().addPermanentWidget(self.link_label)
        self.printer_label = QLabel()
        self.printer_label.setAccessibleName(self.tr("Status printer tiket"))
        self.statusBar().addPermanentWidget(self.printer_label)

    def _citizen_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Data warga (tidak wajib)"))
        self.citizen_name = QLineEdit()
        self.citizen_name.setAccessibleName(self.tr("Nama warga"))
        self.citizen_nik = QLineEdit()
        self.citizen_nik.setAccessibleName(self.tr("NIK warga"))
        self.citizen_nik.setPlaceholderText(self.tr("16 angka"))
        self.citizen_nik.setMaxLength(24)
        self.citizen_phone = QLineEdit()
        self.citizen_phone.setAccessibleName(self.tr("Telepon warga"))
        self.citizen_phone.setPlaceholderText("08xx-xxxx-xxxx")
        self.citizen_save = QPushButton(self.tr("Simpan data warga"))
        self.citizen_save.setAccessibleName(self.tr("Simpan data warga"))
        self.citizen_save.clicked.connect(self.save_citizen)
        self.citizen_saved = QLabel()
        row = QHBoxLayout()
        for label, field in (
            (self.tr("Nama"), self.citizen_name),
            (self.tr("NIK"), self.citizen_nik),
            (self.tr("Telepon"), self.citizen_phone),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(field, 1)
        row.addWidget(self.citizen_save)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.citizen_saved)
        self.citizen_box = box
        return box

    def save_citizen(self) -> None:
        if self.ticket is None:
            return
        try:
            view = self.client.save_citizen(
                self.ticket.id,
                self.citizen_name.text(),
                self.citizen_nik.text(),
                self.citizen_phone.text(),
                actor=self.controller.user,
            )
        except LoketError as exc:
            self.show_error(exc.message)
            return
        self._show_citizen(view)
        self.show_message(self.tr("Data warga {0} tersimpan.").format(self.ticket.label))

    def _citizen(self, ticket: Ticket | None) -> CitizenView | None:
        if ticket is None:
            return None
        try:
            return self.client.citizen_for(ticket.id, actor=self.controller.user)
        except LoketError:
            return None  # no right to see it, or the hub is away: show the empty form

    def _show_citizen(self, view: CitizenView | None) -> None:
        for field in (self.citizen_name, self.citizen_nik, self.citizen_phone):
            field.clear()
        if view is None:
            self.citizen_saved.clear()
            return
        parts = [p for p in (view.name, view.nik_masked, view.phone_masked) if p]
        self.citizen_saved.setText(self.tr("Tersimpan: {0}").format(" · ".join(parts)))

    def _shortcut(self, key: str, button: QPushButton) -> None:
        """A window-wide key that presses ``button`` (only while the button is enabled)."""
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda: button.isEnabled() and button.click())
        self.addAction(action)
        button.setProperty("shortcutKey", key)

    def _table(self, model: WaitingModel | ServedModel, name: str) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setAccessibleName(name)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.verticalHeader().hide()
        # Fixed widths: sizing to contents would read every row on every refresh.
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the service name
        for column, width in enumerate((70, 0, 80, 80, 90)):
            if width and column < model.columnCount():
                view.setColumnWidth(column, width)
        return view

    def _menus(self) -> None:
        account = self.menuBar().addMenu(self.tr("&Akun"))
        change = QAction(self.tr("&Ganti kata sandi…"), self)
        change.triggered.connect(self.change_password)
        account.addAction(change)
        role = self.controller.user.role if self.controller.user else "operator"
        self.admin_action = QAction(self.tr("&Pengaturan kantor…"), self)
        self.admin_action.triggered.connect(self.open_admin)
        self.admin_action.setEnabled(
            any(
                can(role, p)
                for p in (
                    Permission.ADMIN_OFFICE,
                    Permission.MANAGE_USERS,
                    Permission.VIEW_PERSONAL_DATA,
                )
            )
        )
        account.addAction(self.admin_action)
        self.reprint_kiosk_action = QAction(self.tr("Cetak ulang tiket &kios…"), self)
        self.reprint_kiosk_action.triggered.connect(self.reprint_kiosk)
        self.reprint_kiosk_action.setEnabled(can(role, Permission.ADMIN_OFFICE))
        account.addAction(self.reprint_kiosk_action)
        sync = QAction(self.tr("&Sinkronkan sekarang"), self)
        sync.triggered.connect(self.syncNow.emit)
        self.sync_action = sync
        account.addAction(sync)
        windows = self.menuBar().addMenu(self.tr("&Jendela"))
        kiosk = QAction(self.tr("Buka &kios antrian"), self)
        kiosk.triggered.connect(self.openKiosk.emit)
        display = QAction(self.tr("Buka &layar antrian"), self)
        display.triggered.connect(self.openDisplay.emit)
        windows.addAction(kiosk)
        windows.addAction(display)
        rating = QAction(self.tr("Layar &penilaian warga"), self)
        rating.triggered.connect(self.openRating.emit)
        windows.addAction(rating)
        figures = self.menuBar().addMenu(self.tr("&Laporan"))
        self.dashboard_action = QAction(self.tr("&Dasbor pelayanan"), self)
        self.dashboard_action.triggered.connect(self.openDashboard.emit)
        self.dashboard_action.setEnabled(can(role, Permission.VIEW_FIGURES))
        skm = QAction(self.tr("Kuesioner &SKM…"), self)
        skm.triggered.connect(self.openSkm.emit)
        self.follow_up_action = QAction(self.tr("Serahkan dokumen &tindak lanjut…"), self)
        self.follow_up_action.triggered.connect(self.hand_over_follow_up)
        self.follow_up_action.setEnabled(can(role, Permission.SERVE))
        figures.addAction(self.dashboard_action)
        figures.addAction(skm)
        figures.addAction(self.follow_up_action)
        self.language_menu = LanguageMenu(self)
        self.menuBar().addMenu(self.language_menu)

    def hand_over_follow_up(self) -> None:
        """A citizen collects a document that was due later: mark its follow-up closed."""
        from loket.core.days import service_day
        from loket.ui.dialogs.follow_up import FollowUpDialog

        today = service_day(self.clock(), self.office.tz)
        self.follow_up_dialog = FollowUpDialog(self.client, self.controller.user, today, self)
        self.follow_up_dialog.open()

    # -- showing -------------------------------------------------------------------

    def schedule_refresh(self) -> None:
        """Refresh the lists once the current event is done.

        The display (and the number on this panel) update first; several commits in a
        row cost one refresh of the lists.
        """
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self, self.refresh)

    def change_status(self, index: int) -> None:
        status, _, reason = str(self.status_box.itemData(index)).partition("|")
        state = self.controller.set_status(CounterStatus(status), reason or None)
        if state is None:
            self.show_status(self.controller.status())  # refused: show what holds
            return
        self.show_status(state)
        if state.is_open:
            self.show_message(self.tr("Loket dibuka kembali."))
        else:
            self.show_message(self.tr("Status loket: {0}.").format(self.status_box.currentText()))

    def show_status(self, state: CounterState | None) -> None:
        """Put the status box on the counter's status without acting on it."""
        if state is None:
            return
        wanted = _status_key(state.status, state.reason)
        index = self.status_box.findData(wanted)
        if index < 0 and state.status is CounterStatus.BREAK:  # a reason typed elsewhere
            self.status_box.addItem(self.tr("Istirahat: {0}").format(state.reason or ""), wanted)
            index = self.status_box.count() - 1
        self.status_box.blockSignals(True)
        self.status_box.setCurrentIndex(max(0, index))
        self.status_box.blockSignals(False)
        self.status_box.setProperty("paused", not state.is_open)

    def change_password(self) -> None:
        user = self.controller.user
        if user is None:
            return
        dialog = ChangePasswordDialog(self)
        if dialog.exec():
            try:
                self.client.change_password(dialog.old.text(), dialog.new.text(), actor=user)
            except LoketError as exc:
                self.show_error(exc.message)
                return
            self.show_message(self.tr("Kata sandi diganti."))

    def open_admin(self) -> None:
        from loket.ui.admin.dialog import AdminDialog

        user = self.controller.user
        if user is None or not self.admin_action.isEnabled():
            self.show_error(self.tr("Anda tidak berhak membuka pengaturan kantor."))
            return
        try:
            dialog = AdminDialog(self.client, user, self.local_scope, self)
        except LoketError as exc:  # e.g. the hub went away while the tabs were read
            self.show_error(exc.message)
            return
        dialog.exec()

    def refresh(self) -> None:
        self._refresh_pending = False
        service_id = self.filter.currentData()
        try:
            queue = self.client.waiting(service_id)
            served = self.client.served_today()
        except LoketError as exc:  # the hub is unreachable: keep the last lists, say so
            self.show_error(exc.message)
            return
        waiting = [
            t
            for t in queue
            if t.service_id in self.controller.counter.service_ids
            and t.target_counter_id in (None, self.controller.counter.id)
        ]
        self.waiting_model.set_tickets(waiting)
        self.served_model.set_tickets(served)
        self.show_ticket(self.controller.current())
        self.show_status(self.controller.status())
        self.tabs.setTabText(0, self.tr("Menunggu ({0})").format(len(waiting)))

    def show_ticket(self, ticket: Ticket | None) -> None:
        if ticket is None or self.ticket is None or ticket.id != self.ticket.id:
            self._show_citizen(self._citizen(ticket))
        self.ticket = ticket
        self.citizen_box.setEnabled(ticket is not None)
        # The core's one rule of which move each state allows (the same apply enforces).
        moves = allowed(ticket) if ticket is not None else frozenset()
        self.recall_button.setEnabled(EventKind.RECALLED in moves)
        self.start_button.setEnabled(EventKind.STARTED in moves)
        self.skip_button.setEnabled(EventKind.SKIPPED in moves)
        self.finish_button.setEnabled(EventKind.FINISHED in moves)
        self.transfer_button.setEnabled(EventKind.TRANSFERRED in moves)
        self.call_next_button.setEnabled(ticket is None)
        self.call_number_button.setEnabled(ticket is None)
        self.quick_serve_button.setEnabled(ticket is None)
        if ticket is None:
            self.number.setText("–")
            self.service_label.setText(self.tr("Tidak ada antrian di loket ini"))
            self.priority_label.clear()
            self.meta.setText(self.tr("Tekan F1 untuk memanggil antrian berikutnya"))
            return
        service = next((s.name for s in self.services if s.id == ticket.service_id), "")
        self.number.setText(ticket.label)
        self.service_label.setText(service)
        prio = priority_text(ticket)
        self.priority_label.setText(self.tr("Prioritas: {0}").format(prio) if prio else "")
        self.meta.setText(
            self.tr("{0} · menunggu {1} · dipanggil {2}×").format(
                state_text(ticket.state), minutes(ticket.wait_seconds), ticket.call_count
            )
        )

    def show_sync(self, text: str, healthy: bool) -> None:
        """The city link, always visible: online/offline, last good sync, events waiting."""
        self.sync_label.setText(self.tr("Server kota: {0}").format(text))
        self.sync_label.setStyleSheet("" if healthy else "color: #9a031e")

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #a4161a")
        self.message.setText(text)

    def show_message(self, text: str) -> None:
        self.message.setStyleSheet("color: #1b4332")
        self.message.setText(text)

    def show_printer(self, text: str, ready: bool) -> None:
        """The ticket printer's state (paper out, offline…), told before the next ticket."""
        self.printer_label.setText(text)
        self.printer_label.setStyleSheet("" if ready else "color: #a4161a; font-weight: bold")
        if not ready:
            self.show_error(text)

    # -- actions with dialogs ------------------------------------------------------

    def finish(self) -> None:
        if self.ticket is None:
            return
        dialog = FinishDialog(self.ticket, self)
        if dialog.exec():
            done = self.controller.finish(
                dialog.outcome(), dialog.reason.text(), dialog.notes.toPlainText()
            )
            if done is not None:
                self.show_message(self.tr("{0} selesai dilayani.").format(done.label))

    def transfer(self) -> None:
        if self.ticket is None:
            return
        dialog = TransferDialog(
            self.ticket, self.services, self.counters, self.controller.counter.id, self
        )
        if dialog.exec():
            service_id, counter_id, notes = dialog.choice()
            if counter_id is None and service_id == self.ticket.service_id:
                self.show_error(self.tr("Pilih layanan lain atau loket tujuan."))
                return
            moved = self.controller.transfer(service_id, counter_id, notes)
            if moved is not None:
                self.show_message(self.tr("{0} dialihkan.").format(moved.label))

    def call_number(self) -> None:
        label, ok = QInputDialog.getText(
            self, self.tr("Panggil nomor"), self.tr("Nomor antrian (mis. A-012):")
        )
        if ok and label.strip():
            self.controller.call_number(label)

    def return_number(self) -> None:
        label, ok = QInputDialog.getText(
            self, self.tr("Kembalikan ke antrian"), self.tr("Nomor yang dilewati (mis. A-012):")
        )
        if ok and label.strip():
            back = self.controller.return_to_queue(label)
            if back is not None:
                self.show_message(self.tr("{0} kembali ke antrian.").format(back.label))

    def quick_serve(self) -> None:
        service_id = self.issue_service.currentData()
        if service_id is not None:
            self.controller.quick_serve(service_id, self.issue_priority.currentData())

    def issue(self) -> None:
        service_id = self.issue_service.currentData()
        if service_id is None:
            return
        result = self.controller.issue(service_id, self.issue_priority.currentData())
        if result is None:
            return
        self.issue_priority.setCurrentIndex(0)
        self._last_issued = result.ticket.label
        self.show_message(
            self.tr("Nomor {0} · {1} orang di depan · perkiraan tunggu ± {2} menit").format(
                result.ticket.label, result.ahead, round(result.estimated_wait_seconds / 60)
            )
        )
        if self.print_slip is not None:
            try:
                self.print_slip(
                    TicketSlip.from_issue(
                        self.office.name, self.office.timezone, result, link_base(self.client)
                    )
                )
            except PrintError as exc:
                self.show_error(str(exc))

    def reprint_ticket(self) -> None:
        """Reprint the ticket of the citizen at the counter (or a number typed in)."""
        if self.print_slip is None:
            self.show_error(self.tr("PC ini tidak diatur untuk mencetak tiket."))
            return
        ref = self.ticket.id if self.ticket is not None else ""
        if not ref:
            label, ok = QInputDialog.getText(
                self, self.tr("Cetak ulang tiket"), self.tr("Nomor antrian hari ini (mis. A-012):"),
                text=self._last_issued,
            )  # fmt: skip
            if not ok or not label.strip():
                return
            ref = label
        try:
            done = reprint_one(self.client, self.office, ref, self.controller.user,
                               self.print_slip)  # fmt: skip
        except LoketError as exc:
            self.show_error(exc.message)
            return
        except PrintError as exc:
            self.show_error(str(exc))
            return
        self.show_message(
            self.tr("Tiket {0} dicetak ulang (nomor tetap).").format(done.ticket.label)
        )

    def reprint_kiosk(self) -> None:
        """An admin reprints the kiosk's last tickets (after the roll ran out)."""
        dialog = KioskReprintDialog(self.client, self.office, self.print_slip, self)
        if self.controller.user is not None:
            dialog.name.setText(self.controller.user.name)
        dialog.exec()

    def closeEvent(self, event):  # type: ignore[no-untyped-def]
        self.feed.stop()
        if self._hears_messages:
            self._hears_messages = False
            app_signals().message.disconnect(self.show_message)
        super().closeEvent(event)
