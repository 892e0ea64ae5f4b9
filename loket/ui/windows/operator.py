"""The operator panel: one counter's work, all of it from the keyboard.

F1 call next · F2 recall · F3 start · F4 finish · F5 skip · F6 transfer · F7 call a
number · F8 return a skipped number · F9 quick serve · F10 issue a number. The keys are
printed on the buttons, so nobody has to learn them from a manual.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.app.counters import CounterState, CounterStatus
from loket.app.office import CounterInfo, OfficeInfo, ServiceInfo
from loket.core.days import utc_now
from loket.core.errors import LoketError
from loket.core.tickets import EventKind, Ticket, allowed
from loket.ui.controller import DeskController
from loket.ui.devices.printing import TicketSlip
from loket.ui.dialogs.counter import ChangePasswordDialog, FinishDialog, TransferDialog
from loket.ui.dialogs.reprint import KioskReprintDialog
from loket.ui.feed import ChangeFeed, LinkLabel, OfficeFeed
from loket.ui.signals import app_signals
from loket.ui.widgets import add_shortcut
from loket.ui.windows.operator_card import TicketCard
from loket.ui.windows.operator_citizen import CitizenBox
from loket.ui.windows.operator_issue import IssueRow
from loket.ui.windows.operator_lists import QueueLists
from loket.ui.windows.operator_menus import OperatorMenuBar

STYLE = """
QFrame#ticketCard { background: #13315c; border-radius: 12px; }
QFrame#ticketCard QLabel { color: white; }
QLabel#bigNumber { font-size: 88px; font-weight: bold; }
QLabel#ticketService { font-size: 20px; }
QLabel#ticketMeta { font-size: 16px; color: #c9d6ea; }
QLabel#ticketPriority { font-size: 18px; color: #f2a541; font-weight: bold; }
QPushButton { font-size: 15px; padding: 8px 4px; min-height: 34px; }
QPushButton#primary { background: #134074; color: white; font-weight: bold; }
QPushButton#primary:disabled { background: #c5ccd6; color: #6b7280; }
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

        self._panels(counter)
        self._menus()
        self._status_bar(feed, office)

        self._follow(feed)
        self.refresh()

    def _panels(self, counter: CounterInfo) -> None:
        """Left: the ticket card, the moves, the issue row, the citizen, the last message;
        right: the lists."""
        self.card = TicketCard(counter.number)
        self.card.statusChosen.connect(self.change_status)
        grid = self._action_grid()
        self.issue_row = IssueRow(self.controller, self.office, self.services,
                                  lambda: self.print_slip, lambda: self.ticket)  # fmt: skip
        self.citizen_box = CitizenBox(self.client, self.controller.user)
        self.message = QLabel(objectName="message")
        self.message.setWordWrap(True)
        for part in (self.issue_row, self.citizen_box):
            part.said.connect(self.show_message)
            part.failed.connect(self.show_error)
        left = QVBoxLayout()
        left.addWidget(self.card)
        left.addLayout(grid)
        left.addWidget(self.issue_row)
        left.addWidget(self.citizen_box)
        left.addWidget(self.message)
        left.addStretch(1)
        self.lists = QueueLists(self.services, self.counters, counter, self.clock)
        self.lists.filter.currentIndexChanged.connect(self.refresh)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(self.lists, 2)
        central = QWidget()
        central.setLayout(body)
        self.setCentralWidget(central)

    def _follow(self, feed: OfficeFeed | None) -> None:
        """The controller's answers, app-wide messages, the office's changes, a 15 s tick."""
        self.controller.ticketChanged.connect(self.show_ticket)
        self.controller.ticketChanged.connect(self._clear_stale_error)
        self.controller.failed.connect(self.show_error)
        app_signals().message.connect(self.show_message)
        self._hears_messages = True
        self._refresh_pending = False
        self.feed = ChangeFeed(self, feed, self.schedule_refresh)
        self._tick = QTimer(self)
        self._tick.setInterval(15_000)
        self._tick.timeout.connect(self.refresh)
        self._tick.start()

    def _action_grid(self) -> QGridLayout:
        """F1…F9: one button a move, each with its shortcut."""
        grid = QGridLayout()
        for index, (attr, text, key) in enumerate(ACTIONS):
            # The key on a second line: three buttons a row fit beside a readable queue
            # on a 1024 px screen (one line made the left half 740 px wide).
            button = QPushButton(f"{self.tr(text)}\n[{key}]")
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
        self.quick_serve_button.clicked.connect(lambda: self.issue_row.quick_serve())
        return grid

    def _status_bar(self, feed: OfficeFeed | None, office: OfficeInfo) -> None:
        """City sync, the hub link and the ticket printer, at the window's foot."""
        self.sync_label = QLabel(self.tr("Server kota: belum diperiksa"))
        self.sync_label.setAccessibleName(self.tr("Status sinkronisasi"))
        self.statusBar().addPermanentWidget(self.sync_label)
        if feed is not None and feed.remote:  # city sync runs from the hub only
            self.sync_label.setText(self.tr("Server kota: disinkronkan oleh PC utama"))
            self.menus.sync_action.setEnabled(False)
        self.link_label = LinkLabel(feed)
        self.link_label.set_zone(office.tz)
        self.statusBar().addPermanentWidget(self.link_label)
        self.printer_label = QLabel()
        self.printer_label.setAccessibleName(self.tr("Status printer tiket"))
        self.statusBar().addPermanentWidget(self.printer_label)

    def _shortcut(self, key: str, button: QPushButton) -> None:
        add_shortcut(self, key, button)

    def _menus(self) -> None:
        role = self.controller.user.role if self.controller.user else "operator"
        self.menus = menus = OperatorMenuBar(role, self)
        self.setMenuBar(menus)
        for action, slot in (
            (menus.change_password, self.change_password),
            (menus.admin_action, self.open_admin),
            (menus.reprint_kiosk_action, self.reprint_kiosk),
            (menus.sync_action, self.syncNow.emit),
            (menus.kiosk_action, self.openKiosk.emit),
            (menus.display_action, self.openDisplay.emit),
            (menus.rating_action, self.openRating.emit),
            (menus.dashboard_action, self.openDashboard.emit),
            (menus.skm_action, self.openSkm.emit),
            (menus.follow_up_action, self.hand_over_follow_up),
        ):
            action.triggered.connect(slot)

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

    def change_status(self, status: CounterStatus, reason: str | None) -> None:
        state = self.controller.set_status(status, reason)
        if state is None:
            self.show_status(self.controller.status())  # refused: show what holds
            return
        self.show_status(state)
        if state.is_open:
            self.show_message(self.tr("Loket dibuka kembali."))
        else:
            text = self.card.status_box.currentText()
            self.show_message(self.tr("Status loket: {0}.").format(text))

    def show_status(self, state: CounterState | None) -> None:
        self.card.show_status(state)

    def change_password(self) -> None:
        user = self.controller.user
        if user is None:
            return
        change = lambda old, new: self.client.change_password(old, new, actor=user)  # noqa: E731
        if ChangePasswordDialog(self, change).exec():  # a refusal is said in the dialog
            self.show_message(self.tr("Kata sandi diganti."))

    def open_admin(self) -> None:
        from loket.ui.admin.dialog import AdminDialog

        user = self.controller.user
        if user is None or not self.menus.admin_action.isEnabled():
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
        service_id = self.lists.filter.currentData()
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
        self.lists.show_lists(waiting, served)
        self.show_ticket(self.controller.current())
        self.show_status(self.controller.status())

    def show_ticket(self, ticket: Ticket | None) -> None:
        self.citizen_box.follow(ticket)
        self.ticket = ticket
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
        service = (
            ""
            if ticket is None
            else next((s.name for s in self.services if s.id == ticket.service_id), "")
        )
        self.card.show_ticket(ticket, service)

    def show_sync(self, text: str, healthy: bool) -> None:
        """The city link, always visible: online/offline, last good sync, events waiting."""
        self.sync_label.setText(self.tr("Server kota: {0}").format(text))
        self.sync_label.setStyleSheet("" if healthy else "color: #9a031e")

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #a4161a")
        self.message.setText(text)
        self.message.setProperty("error", True)

    def show_message(self, text: str) -> None:
        self.message.setStyleSheet("color: #1b4332")
        self.message.setText(text)
        self.message.setProperty("error", False)

    def _clear_stale_error(self) -> None:
        """A move went through: the red refusal of an earlier try no longer holds."""
        if self.message.property("error"):
            self.show_message("")

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
