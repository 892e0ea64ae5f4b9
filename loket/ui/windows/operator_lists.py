"""The operator panel's lists: who waits for this counter (filtered by service), and
today's finished tickets, as two tabs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableView, QTabWidget, QVBoxLayout, QWidget

from loket.app.office import CounterInfo, ServiceInfo
from loket.core.tickets import Ticket
from loket.ui.models.tickets import ServedModel, WaitingModel
from loket.ui.widgets import shrink_to_fit


class QueueLists(QTabWidget):
    def __init__(self, services: list[ServiceInfo], counters: list[CounterInfo],
                 counter: CounterInfo, clock: Callable[[], datetime]) -> None:  # fmt: skip
        super().__init__()
        self.waiting_model = WaitingModel(self)
        self.waiting_model.now = clock
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
        self.waiting_view = self._table(self.waiting_model, self.tr("Daftar antrian menunggu"))
        self.served_view = self._table(self.served_model, self.tr("Daftar selesai hari ini"))
        waiting_tab = QWidget()
        wl = QVBoxLayout(waiting_tab)
        wl.setContentsMargins(4, 4, 4, 4)
        wl.addWidget(self.filter)
        wl.addWidget(self.waiting_view)
        self.addTab(waiting_tab, self.tr("Menunggu"))
        self.addTab(self.served_view, self.tr("Selesai hari ini"))
        self.setMinimumWidth(self._readable_width(list(names.values())))

    def show_lists(self, waiting: list[Ticket], served: list[Ticket]) -> None:
        self.waiting_model.set_tickets(waiting)
        self.served_model.set_tickets(served)
        self.setTabText(0, self.tr("Menunggu ({0})").format(len(waiting)))

    def _readable_width(self, names: list[str]) -> int:
        """Wide enough that the waiting list's longest service name reads in two lines.

        On a 1024 px screen the action buttons took the room and "Layanan" came out as
        "yan" over a column of "…". A name longer than two lines of 180 px still wraps.
        """
        view = self.waiting_view
        metrics = view.fontMetrics()
        longest = max((metrics.horizontalAdvance(n) for n in names), default=0)
        service = min(180, longest // 2 + metrics.averageCharWidth() * 4)
        others = sum(view.columnWidth(c) for c in range(self.waiting_model.columnCount()) if c != 1)
        title = str(self.waiting_model.headerData(1, Qt.Orientation.Horizontal))
        return others + max(service, metrics.horizontalAdvance(title) + 16) + 48

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
        for column, width in enumerate((64, 0, 72, 72, 90)):
            if width and column < model.columnCount():
                view.setColumnWidth(column, width)
        # Two lines a row: a long service name wraps instead of being cut to "…".
        view.setWordWrap(True)
        view.verticalHeader().setDefaultSectionSize(2 * view.fontMetrics().lineSpacing() + 8)
        return view
