"""The supervisor's dashboard: a day or a period at a glance, and today's report in print.

Every figure comes from ``stats_for_period`` through the same report tables the PDF and
the XLSX print, so the screen, the paper and the spreadsheet agree. The queries run on a
worker thread (a ``QThreadPool`` task with its own read session) and come back by
signal: a year of figures takes about a second, and the window stays responsive while
it loads. A view that includes today follows the queue live.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCharts import QChartView
from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFrame,
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

from loket.app.online.figures import OnlineDay, online_table
from loket.app.reports.model import Kind, Report, Table, display
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
from loket.app.reports.writers import NUMBER_FORMATS
from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.days import service_day, utc_now
from loket.core.errors import LoketError
from loket.core.periods import FollowUp, Period, PeriodStats
from loket.ui.devices.report_print import build_chart, page_layout, render_report
from loket.ui.feed import ChangeFeed, LinkLabel, OfficeFeed
from loket.ui.tasks import error_text, run_task

Index = QModelIndex | QPersistentModelIndex
PrintDialog = Callable[[QPrinter, QWidget], bool]
#: Live views refresh at most this often, however busy the counters are.
LIVE_REFRESH_MS = 2000

STYLE = """
QFrame#tile { background: #13315c; border-radius: 10px; }
QFrame#tile QLabel { color: white; }
QFrame#tile[alert="true"] { background: #a4161a; }
QLabel#tileValue { font-size: 26px; font-weight: bold; }
QLabel#tileLabel { font-size: 12px; color: #c9d6ea; }
QLabel#status { color: #555555; }
"""


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def qt_print_dialog(printer: QPrinter, parent: QWidget) -> bool:
    """The system print dialog: the second click is its Print button."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("Cetak laporan hari ini"))
    return dialog.exec() == QDialog.DialogCode.Accepted


@dataclass(frozen=True)
class DashboardData:
    """What one load hands the window."""

    period: Period
    today: date
    stats: PeriodStats
    follow_ups: list[FollowUp]
    backlog: list[FollowUp]
    service_names: dict[int, str]
    online: list[OnlineDay] = field(default_factory=list)


def load_dashboard(
    client: OfficeClient, actor: UserInfo | None, period: Period, now: datetime
) -> DashboardData:
    """Every query of a dashboard view (runs on the worker thread)."""
    office = client.office()
    names = {sv.id: sv.name for sv in client.services()}
    today = service_day(now, office.tz)
    stats = client.period_stats(period, actor=actor)
    items, backlog = client.follow_ups(period, actor=actor)
    online = client.online_figures(period, actor=actor)
    return DashboardData(period, today, stats, items, backlog, names, online)


class FiguresModel(QAbstractTableModel):
    """A report table on screen: same values, same formatting as on paper."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table: Table | None = None

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            self.table is not None
            and role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
        ):
            return self.table.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        column = self.table.columns[index.column()]
        value = self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(value, column.kind)
        if role == Qt.ItemDataRole.UserRole:
            return value
        numeric = column.kind in NUMBER_FORMATS and column.kind not in (Kind.DATE, Kind.DATETIME)
        if role == Qt.ItemDataRole.TextAlignmentRole and numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        marked = index.row() in self.table.marked
        if role == Qt.ItemDataRole.BackgroundRole and marked:
            return QColor("#f8d7da")
        if role == Qt.ItemDataRole.FontRole and marked:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def is_marked(self, row: int) -> bool:
        return self.table is not None and row in self.table.marked


class Tile(QFrame):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        layout = QVBoxLayout(self)
        self.value = QLabel("–", objectName="tileValue")
        self.label = QLabel(label, objectName="tileLabel")
        self.label.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.label)
        self.setAccessibleName(label)

    def set(self, text: str, *, alert: bool = False) -> None:
        self.value.setText(text)
        self.setAccessibleDescription(text)
        if self.property("alert") != alert:
            self.setProperty("alert", alert)
            self.style().unpolish(self)
            self.style().polish(self)


# (key, label)
TILES = [
    ("issued", "Antrian"),
    ("served", "Selesai dilayani"),
    ("no_show", "Tidak hadir"),
    ("cancelled", "Batal"),
    ("transferred", "Dialihkan"),
    ("wait", "Tunggu median (menit)"),
    ("service", "Layanan median (menit)"),
    ("standard", "Selesai dalam waktu standar"),
    ("overdue", "Tindak lanjut terlambat"),
    ("rating", "Penilaian warga (1–4)"),
    ("ikm", "IKM"),
]


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
        tiles, charts_page = self._tiles(), self._charts()
        self._tabs(charts_page)

        self.status = QLabel(objectName="status")
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

        # Live: this process's commits at once, others' through the office feed (the
        # file's data version, or the hub's push), and a slow tick so "overdue" follows
        # the calendar.
        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(live_ms)
        self._live.timeout.connect(self.refresh)
        self.feed = ChangeFeed(self, feed, self._changed)
        self._tick = QTimer(self)
        self._tick.setInterval(60_000)
        self._tick.timeout.connect(self._changed)
        self._tick.start()
        self.refresh()

    # -- building ----------------------------------------------------------------------

    def _period_rows(self, actor: UserInfo | None) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The period's dates and shortcuts; below them the report buttons."""
        today = self.today()
        self.date_from = QDateEdit(_qdate(today))
        self.date_to = QDateEdit(_qdate(today))
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

    def _charts(self) -> QWidget:
        """The four charts of the daily report, two by two."""
        self.charts: dict[str, QChartView] = {}
        charts_page = QWidget()
        grid = QGridLayout(charts_page)
        for index, (key, name) in enumerate(
            (("per-jam", self.tr("Grafik kedatangan dan selesai per jam")),
             ("per-layanan", self.tr("Grafik volume per layanan")),
             ("tunggu-layanan", self.tr("Grafik waktu tunggu per layanan")),
             ("sebaran-tunggu", self.tr("Grafik sebaran waktu tunggu")))
        ):  # fmt: skip
            view = QChartView()
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setAccessibleName(name)
            view.setMinimumHeight(180)  # two rows fit a 768-px screen
            self.charts[key] = view
            grid.addWidget(view, index // 2, index % 2)

        return charts_page

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
            self.tabs.addTab(self._follow_up_page(view) if key == "follow_ups" else view, title)
        online_model = FiguresModel(self)
        self.models["online"] = online_model
        online_title = self.tr("Booking online")
        self.tabs.addTab(self._table(online_model, online_title), online_title)

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text)
        button.clicked.connect(slot)
        return button

    def _follow_up_page(self, view: QTableView) -> QWidget:
        """The follow-ups table with its one action: the selected document handed over."""
        self.follow_up_view = view
        self.follow_up_items: list[FollowUp] = []
        self.hand_over_button = QPushButton(self.tr("Tandai diserahkan"))
        self.hand_over_button.setAccessibleName(self.tr("Tandai diserahkan"))
        self.hand_over_button.setEnabled(False)
        self.hand_over_button.clicked.connect(self.hand_over_selected)
        # The document is ready: the citizen is told when they agreed (booked online with
        # consent); the hand-over comes later, when they collect it.
        self.ready_button = QPushButton(self.tr("Dokumen siap (kabari warga)"))
        self.ready_button.setAccessibleName(self.tr("Dokumen siap, kabari warga"))
        self.ready_button.setEnabled(False)
        self.ready_button.clicked.connect(self.ready_selected)
        view.selectionModel().selectionChanged.connect(lambda *_: self._hand_over_shown())
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.ready_button)
        row.addWidget(self.hand_over_button)
        layout.addLayout(row)
        return page

    def _selected_follow_up(self) -> FollowUp | None:
        rows = self.follow_up_view.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.follow_up_items):
            return None
        return self.follow_up_items[rows[0].row()]

    def _hand_over_shown(self) -> None:
        chosen = self._selected_follow_up()
        self.hand_over_button.setEnabled(chosen is not None and chosen.closed_on is None)
        self.ready_button.setEnabled(chosen is not None and chosen.closed_on is None)

    def ready_selected(self) -> None:
        """The selected follow-up's document is ready: queue the citizen's message."""
        chosen = self._selected_follow_up()
        if chosen is None or chosen.closed_on is not None:
            return
        try:
            told = self.client.document_ready(chosen.ticket_id, actor=self.actor)
        except LoketError as exc:
            self.status.setText(exc.message)
            self.failed.emit(exc.message)
            return
        if told:
            self.status.setText(self.tr("Dokumen {0} siap: warga dikabari.").format(chosen.label))
        else:
            self.status.setText(
                self.tr("Dokumen {0} siap (warga tidak meminta pesan).").format(chosen.label)
            )

    def hand_over_selected(self) -> None:
        """Close the selected follow-up (its document was handed over), then reload."""
        chosen = self._selected_follow_up()
        if chosen is None or chosen.closed_on is not None:
            return
        try:
            self.client.close_follow_up(chosen.ticket_id, actor=self.actor)
        except LoketError as exc:
            self.status.setText(exc.message)
            self.failed.emit(exc.message)
            return
        self.status.setText(self.tr("Dokumen {0} diserahkan.").format(chosen.label))
        self.refresh()

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
        start, end = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        return Period(min(start, end), max(start, end))

    def set_period(self, period: Period) -> None:
        self.date_from.setDate(_qdate(period.start))
        self.date_to.setDate(_qdate(period.end))
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
        c = st.counts
        t = self.tiles
        t["issued"].set(display(c.issued, Kind.INT))
        t["served"].set(display(c.served, Kind.INT))
        t["no_show"].set(display(c.no_show, Kind.INT))
        t["cancelled"].set(display(c.cancelled, Kind.INT))
        t["transferred"].set(display(c.transferred, Kind.INT))
        median_wait = st.waiting_time.median
        t["wait"].set(display(None if median_wait is None else round(median_wait / 60, 1),
                              Kind.MINUTES))  # fmt: skip
        median_service = st.service_time.median
        t["service"].set(display(None if median_service is None else
                                 round(median_service / 60, 1), Kind.MINUTES))  # fmt: skip
        t["standard"].set(display(st.within_standard.ratio, Kind.SHARE))
        overdue = st.follow_ups.overdue_total  # the rows marked "Terlambat" below
        t["overdue"].set(display(overdue, Kind.INT), alert=overdue > 0)
        t["rating"].set(display(st.ratings.mean, Kind.NUMBER))
        skm = st.skm
        if skm is not None and skm.ikm is not None and skm.band is not None:
            t["ikm"].set(f"{display(float(skm.ikm), Kind.NUMBER)} {skm.band.letter}")
        else:
            t["ikm"].set("–")
        for spec in (hour_chart(st), service_chart(st), service_wait_chart(st), wait_chart(st)):
            old = self.charts[spec.key].chart()
            self.charts[spec.key].setChart(build_chart(spec))
            if old is not None:
                old.deleteLater()
        self.models["services"].set_table(service_table(st))
        self.models["counters"].set_table(counter_table(st))
        self.models["operators"].set_table(operator_table(st))
        items = data.backlog + data.follow_ups
        self.models["follow_ups"].set_table(follow_up_table(items, data.service_names, data.today))
        self.follow_up_items = items  # the table's rows, in order
        self.models["online"].set_table(online_table(data.online))
        self._hand_over_shown()
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


def screenshot(
    path: Path, data_dir: Path | None = None, *, days: int = 7, tickets: int = 110
) -> Path:
    """Save the dashboard on a demo office (a simulated week up to a busy today) as PNG.

        QT_QPA_PLATFORM=offscreen python -c \\
            "from pathlib import Path; from loket.ui.windows.dashboard import screenshot; \\
             screenshot(Path('resources/screenshots/dashboard.png'))"
    """
    import tempfile

    from PySide6.QtCore import QCoreApplication, QEventLoop

    from loket.app.demo import DEMO_STAFF_PASSWORD
    from loket.app.simulate import simulate_day
    from loket.client.local import open_local
    from loket.ui.qapp import application

    application()
    data = data_dir or Path(tempfile.mkdtemp(prefix="loket-dashboard-"))
    local = open_local(data)
    try:
        local.prepare_demo()
        now = utc_now()
        today = service_day(now, local.office().tz)
        for offset in range(days - 1, -1, -1):
            simulate_day(local.db, today - timedelta(days=offset), tickets, 3, seed=offset)
        kasi = local.login("kasi", DEMO_STAFF_PASSWORD)
        window = DashboardWindow(local, actor=kasi)
        loop = QEventLoop()
        window.loaded.connect(loop.quit)
        window.failed.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        window.show_week()
        loop.exec()
        window.resize(1400, 860)
        window.show()
        for _ in range(5):
            QCoreApplication.processEvents()
        path.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(path)):
            raise OSError(f"could not save {path}")
        window.close()
    finally:
        local.close()
    return path
