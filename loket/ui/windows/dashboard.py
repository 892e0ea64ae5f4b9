"""The supervisor's dashboard: a day or a period at a glance, and today's report in print.

Every figure comes from ``stats_for_period`` through the same report tables the PDF and
the XLSX print, so the screen, the paper and the spreadsheet agree. The queries run on a
worker thread (a ``QThreadPool`` task with its own read session) and come back by
signal: a year of figures takes about a second, and the window stays responsive while
it loads. A view that includes today follows the queue live.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import (
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from loket.app.online.figures import online_table
from loket.app.reports.model import Report
from loket.app.reports.tables import (
    counter_table,
    follow_up_table,
    hour_chart,
    operator_table,
    service_chart,
    service_table,
    service_wait_chart,
    wait_chart,
)
from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.days import service_day, utc_now
from loket.core.errors import LoketError
from loket.core.periods import Period
from loket.ui.devices.report_print import build_chart, page_layout, render_report
from loket.ui.feed import ChangeFeed, LinkLabel, OfficeFeed
from loket.ui.report_text import report_tr
from loket.ui.tasks import error_text, run_task
from loket.ui.windows.dashboard_follow_ups import FollowUpsPanel
from loket.ui.windows.dashboard_parts import (
    LIVE_REFRESH_MS,
    STYLE,
    TILES,
    ChartsPage,
    DashboardData,
    FiguresModel,
    PrintDialog,
    Tile,
    load_dashboard,
    pydate,
    qdate,
    qt_print_dialog,
    tile_texts,
)


class DashboardWindow(QMainWindow):
    """Dasbor Pelayanan for the Kasi Pelayanan or the lurah."""

    loaded = Signal(object)  # DashboardData, after the window shows it
    failed = Signal(str)
    printed = Signal(int)  # pages sent to the printer

    def __init__(
        self,
        client: OfficeClient,
        *,
        actor: UserInfo | None = None,
        clock: Callable[[], datetime] = utc_now,
        feed: OfficeFeed | None = None,
        print_dialog: PrintDialog = qt_print_dialog,
        live_ms: int = LIVE_REFRESH_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.actor = actor
        self.clock = clock
        self.print_dialog = print_dialog
        self.data: DashboardData | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._generation = 0
        self._print_generation = -1
        office = client.office()
        self.office = office
        self.setWindowTitle(self.tr("Dasbor Pelayanan · {0}").format(office.name))
        self.setStyleSheet(STYLE)

        top, reports = self._period_rows(actor)
        tiles, charts_page = self._tiles(), ChartsPage()
        self.charts = charts_page.views
        self._tabs(charts_page)

        self.status = QLabel(objectName="status")
        self.follow_ups.said.connect(self.status.setText)
        self.follow_ups.failed.connect(self.status.setText)
        self.follow_ups.failed.connect(self.failed)
        self.follow_ups.closed.connect(self.refresh)
        root = QVBoxLayout()
        root.addLayout(top)
        root.addLayout(reports)
        root.addLayout(tiles)
        root.addWidget(self.tabs, 1)
        root.addWidget(self.status)
        central = QWidget()
        central.setLayout(root)
        self.setCentralWidget(central)
        self.link_label = LinkLabel(feed)  # shown only on a PC paired to an office hub
        self.link_label.set_zone(office.tz)
        self.statusBar().addPermanentWidget(self.link_label)
        if self.link_label.isHidden():
            self.statusBar().hide()

        self._follow_live(feed, live_ms)
        self.refresh()

    def _follow_live(self, feed: OfficeFeed | None, live_ms: int) -> None:
        """Live: this process's commits at once, others' through the office feed (the
        file's data version, or the hub's push), and a slow tick so "overdue" follows
        the calendar."""
        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(live_ms)
        self._live.timeout.connect(self.refresh)
        self.feed = ChangeFeed(self, feed, self._changed)
        self._tick = QTimer(self)
        self._tick.setInterval(60_000)
        self._tick.timeout.connect(self._changed)
        self._tick.start()

    # -- building ----------------------------------------------------------------------

    def _period_rows(self, actor: UserInfo | None) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The period's dates and shortcuts; below them the report buttons."""
        today = self.today()
        self.date_from = QDateEdit(qdate(today))
        self.date_to = QDateEdit(qdate(today))
        for edit, name in ((self.date_from, self.tr("Tanggal awal")),
                           (self.date_to, self.tr("Tanggal akhir"))):  # fmt: skip
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.setAccessibleName(name)
        self.today_button = self._button(self.tr("Hari ini"), self.show_today)
        self.week_button = self._button(self.tr("7 hari"), self.show_week)
        self.month_button = self._button(self.tr("Bulan ini"), self.show_month)
        self.show_button = self._button(self.tr("Tampilkan"), self.refresh)
        self.print_button = self._button(self.tr("Cetak laporan hari ini"), self.print_today)
        self.print_button.setObjectName("primary")
        self.ikm_button = self._button(self.tr("Analisis IKM…"), self.edit_ikm_plan)
        # Through the office client: on the hub PC and on any LAN client alike.
        self.ikm_button.setEnabled(actor is not None)
        self.export_button = self._button(self.tr("Ekspor laporan…"), self.export_reports)
        self.export_button.setEnabled(actor is not None)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Dari")))
        top.addWidget(self.date_from)
        top.addWidget(QLabel(self.tr("sampai")))
        top.addWidget(self.date_to)
        for button in (self.show_button, self.today_button, self.week_button, self.month_button):
            top.addWidget(button)
        top.addStretch(1)
        # The reports go on a second row: one row of every button overflowed 1024 px.
        reports = QHBoxLayout()
        reports.addStretch(1)
        reports.addWidget(self.ikm_button)
        reports.addWidget(self.export_button)
        reports.addWidget(self.print_button)

        return top, reports

    def _tiles(self) -> QGridLayout:
        """The day's or period's key figures, one tile each."""
        self.tiles: dict[str, Tile] = {}
        tiles = QGridLayout()
        for index, (key, label) in enumerate(TILES):
            tile = Tile(self.tr(label))
            self.tiles[key] = tile
            tiles.addWidget(tile, index // 6, index % 6)

        return tiles

    def _tabs(self, charts_page: QWidget) -> None:
        """Charts, the breakdown tables, the follow-ups (with their action), online."""
        self.models: dict[str, FiguresModel] = {}
        self.tabs = QTabWidget()
        self.tabs.addTab(charts_page, self.tr("Grafik"))
        for key, title in (("services", self.tr("Per layanan")), ("counters", self.tr("Per loket")),
                           ("operators", self.tr("Per petugas")),
                           ("follow_ups", self.tr("Tindak lanjut"))):  # fmt: skip
            model = FiguresModel(self)
            self.models[key] = model
            view = self._table(model, title)
            if key == "follow_ups":  # the table with its actions on the selected row
                self.follow_ups = FollowUpsPanel(self.client, self.actor, view)
                self.tabs.addTab(self.follow_ups, title)
            else:
                self.tabs.addTab(view, title)
        online_model = FiguresModel(self)
        self.models["online"] = online_model
        online_title = self.tr("Booking online")
        self.tabs.addTab(self._table(online_model, online_title), online_title)

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text)
        button.clicked.connect(slot)
        return button

    def _table(self, model: FiguresModel, name: str) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setAccessibleName(self.tr("Tabel {0}").format(name.lower()))
        view.verticalHeader().hide()
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        view.setWordWrap(False)
        return view

    # -- the period --------------------------------------------------------------------

    def today(self) -> date:
        return service_day(self.clock(), self.office.tz)

    def period(self) -> Period:
        start, end = pydate(self.date_from.date()), pydate(self.date_to.date())
        return Period(min(start, end), max(start, end))

    def set_period(self, period: Period) -> None:
        self.date_from.setDate(qdate(period.start))
        self.date_to.setDate(qdate(period.end))
        self.refresh()

    def edit_ikm_plan(self) -> None:
        """The analysis and follow-up plan of the shown period, for its IKM report."""
        if self.actor is None:
            return
        from loket.ui.dialogs.ikm_plan import IkmPlanDialog

        try:
            dialog = IkmPlanDialog(self.client, self.actor, self.period(), self)
        except LoketError as exc:  # the hub went away, or the role was taken away
            self.status.setText(exc.message)
            self.failed.emit(exc.message)
            return
        self.ikm_dialog = dialog
        dialog.open()

    def export_reports(self) -> None:
        """The shown period's reports to PDF, XLSX or CSV, with a progress bar."""
        if self.actor is None:
            return
        from loket.ui.dialogs.export import ExportDialog

        dialog = ExportDialog(self.client, self.actor, self.period(), self)
        self.export_dialog = dialog
        dialog.open()

    def show_today(self) -> None:
        self.set_period(Period.day(self.today()))

    def show_week(self) -> None:
        today = self.today()
        self.set_period(Period(today - timedelta(days=6), today))

    def show_month(self) -> None:
        today = self.today()
        self.set_period(Period(today.replace(day=1), today))

    def is_live(self) -> bool:
        return self.today() in self.period()

    def _changed(self) -> None:
        if self.is_live() and not self._live.isActive():
            self._live.start()

    # -- loading -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the chosen period on the worker thread; the newest request wins."""
        try:
            period = self.period()
        except Exception as exc:  # an impossible range typed by hand
            self._on_failed(self._generation, str(getattr(exc, "message", exc)))
            return
        self._generation += 1
        now = self.clock()
        self.status.setText(self.tr("Memuat {0}…").format(period.label()))
        self._load(lambda: load_dashboard(self.client, self.actor, period, now))

    def _load(self, work: Callable[[], object]) -> None:
        """Run ``work`` on the pool; its answer comes back tagged with this generation."""
        generation = self._generation

        def done(result: object, error: Exception | None) -> None:
            if error is not None:  # shown in the status line, never a crash of the window
                self._on_failed(generation, error_text(error))
            else:
                self._on_done(generation, result)

        run_task(work, done, owner=self, pool=self.pool)

    def _on_done(self, generation: int, result: object) -> None:
        if generation == self._print_generation:
            self._print(result)  # type: ignore[arg-type]
            return
        if generation != self._generation or not isinstance(result, DashboardData):
            return  # an older request, overtaken
        self.data = result
        self._show(result)
        self.loaded.emit(result)

    def _on_failed(self, generation: int, message: str) -> None:
        self.status.setText(self.tr("Gagal memuat: {0}").format(message))
        self.failed.emit(message)

    def _show(self, data: DashboardData) -> None:
        st = data.stats
        for key, (text, alert) in tile_texts(st).items():
            self.tiles[key].set(text, alert=alert)
        for spec in (hour_chart(st), service_chart(st), service_wait_chart(st), wait_chart(st)):
            old = self.charts[spec.key].chart()
            self.charts[spec.key].setChart(build_chart(spec, text=report_tr))
            if old is not None:
                old.deleteLater()
        self.models["services"].set_table(service_table(st))
        self.models["counters"].set_table(counter_table(st))
        self.models["operators"].set_table(operator_table(st))
        items = data.backlog + data.follow_ups
        self.models["follow_ups"].set_table(follow_up_table(items, data.service_names, data.today))
        self.follow_ups.show_items(items)
        self.models["online"].set_table(online_table(data.online))
        live = self.tr(" · langsung") if data.today in data.period else ""
        self.status.setText(
            self.tr("{0} · diperbarui {1:%H:%M:%S}{2}").format(
                data.period.label(), self.clock().astimezone(self.office.tz), live
            )
        )

    # -- printing ----------------------------------------------------------------------

    def print_today(self) -> None:
        """Today's Laporan Harian Pelayanan: click, then Print in the dialog."""
        self._generation += 1
        self._print_generation = self._generation
        day = Period.day(self.today())
        self.status.setText(self.tr("Menyiapkan laporan hari ini…"))
        self._load(lambda: self.client.daily_report(day, actor=self.actor))

    def _print(self, report: Report) -> None:
        self._print_generation = -1
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(report.landscape))
        printer.setDocName(f"{report.title} {report.period.label()}")
        if not self.print_dialog(printer, self):
            self.status.setText(self.tr("Pencetakan dibatalkan."))
            return
        try:
            pages = render_report(report, printer)
        except OSError as exc:
            self.status.setText(str(exc))
            self.failed.emit(str(exc))
            return
        self.status.setText(self.tr("Laporan hari ini dicetak ({0} halaman).").format(pages))
        self.printed.emit(pages)
        self.refresh()

    # -- closing -----------------------------------------------------------------------

    def shutdown(self) -> None:
        self._tick.stop()
        self._live.stop()
        self.feed.stop()
        self.pool.waitForDone(10_000)

    def closeEvent(self, event):  # type: ignore[no-untyped-def]
        self.shutdown()
        super().closeEvent(event)
