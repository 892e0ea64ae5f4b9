"""*Ekspor laporan…*: a period's daily report, register or IKM report to PDF, XLSX or CSV.

The report's figures are read on a worker thread through the office client (this PC's
database, or the hub over the LAN: the file is written on this PC); a PDF is then drawn
on the GUI thread (its charts are Qt widgets, which live there) with a progress bar that
moves as rows are drawn and keeps the window responsive. A month's register (~5,000
rows) takes seconds. Files are written all-or-nothing (``loket.app.output``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.app.reports.model import Report
from loket.app.reports.writers import report_file_name, write_csv, write_xlsx
from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.core.periods import Period
from loket.ui.tasks import error_text, run_task


class ExportDialog(QDialog):
    finished_export = Signal(str)  # the path written
    failed = Signal(str)

    def __init__(
        self,
        client: OfficeClient,
        actor: UserInfo,
        period: Period,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.actor = actor
        self.period = period
        self.pool = QThreadPool(self)
        self.setWindowTitle(self.tr("Ekspor laporan · {0}").format(period.label()))
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Laporan"))
        for key, label in (
            ("daily", self.tr("Laporan Harian Pelayanan")),
            ("register", self.tr("Buku Register")),
            ("ikm", self.tr("Laporan IKM")),
        ):
            self.kind.addItem(label, key)
        self.format = QComboBox()
        self.format.setAccessibleName(self.tr("Format"))
        for key in ("pdf", "xlsx", "csv"):
            self.format.addItem(key.upper(), key)
        self.csv_style = QComboBox()
        self.csv_style.setAccessibleName(self.tr("Gaya CSV"))
        self.csv_style.addItem(self.tr("Indonesia (; dan koma desimal)"), "id")
        self.csv_style.addItem(self.tr("Inggris (, dan titik desimal)"), "en")
        self.csv_style.setCurrentIndex(self.csv_style.findData(self._saved_style()))
        self.format.currentIndexChanged.connect(self._csv_style_shown)
        self.target = QLineEdit()
        self.target.setAccessibleName(self.tr("Berkas tujuan"))
        self.target.setPlaceholderText(self.tr("(nama kantor, laporan dan periode)"))
        browse = QPushButton(self.tr("Pilih…"))
        browse.clicked.connect(self.choose_target)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Kemajuan"))
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Ekspor"))
        self.export_button.setAccessibleName(self.tr("Ekspor"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        form = QFormLayout()
        form.addRow(self.tr("Laporan"), self.kind)
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Gaya CSV"), self.csv_style)
        form.addRow(self.tr("Simpan ke"), row)
        self._csv_style_shown()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.export_button)

    def _saved_style(self) -> str:
        """The office's saved CSV style; without one, this PC's language decides."""
        from loket.ui.language import saved_language

        try:
            saved = self.client.csv_style()
        except LoketError:
            saved = None
        return saved or ("id" if saved_language() == "id" else "en")

    def _csv_style_shown(self) -> None:
        self.csv_style.setEnabled(self.format.currentData() == "csv")

    def choose_target(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan laporan"), self.target.text())
        if name:
            self.target.setText(name)

    def start(self) -> None:
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.status.setText(self.tr("Membaca data…"))
        kind, client, actor, period = self.kind.currentData(), self.client, self.actor, self.period
        run_task(lambda: client.report(kind, period, actor=actor), self._built, owner=self,
                 pool=self.pool)  # fmt: skip

    def _built(self, report: Report | None, error: Exception | None) -> None:
        if error is not None:  # never let a worker's error vanish silently
            self._fail(error_text(error))
        elif report is not None:
            self._write(report)

    def _target(self, report: Report) -> Path:
        fmt = self.format.currentData()
        text = self.target.text().strip()
        return Path(text) if text else Path.home() / report_file_name(report, fmt)

    def _write(self, report: Report) -> None:
        fmt = self.format.currentData()
        target = self._target(report)
        self.status.setText(self.tr("Menyusun {0}…").format(fmt.upper()))
        try:
            if fmt == "pdf":
                from loket.ui.devices.report_print import write_pdf

                written = write_pdf(report, target, self._progress)
            elif fmt == "xlsx":
                written = write_xlsx(report, target)
            else:
                style = self.csv_style.currentData()
                written = write_csv(report, target, style)
                # The office's choice, for the next export and the CLI too.
                self.client.save_csv_style(style, actor=self.actor)
        except LoketError as exc:
            self._fail(exc.message)
            return
        self.progress.setValue(100)
        self.export_button.setEnabled(True)
        self.status.setText(self.tr("Tersimpan: {0}").format(str(written)))
        self.finished_export.emit(str(written))

    def _progress(self, done: int, total: int) -> None:
        self.progress.setValue(min(99, 100 * done // max(1, total)))
        QApplication.processEvents()  # the bar moves and the window repaints while drawing

    def _fail(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.status.setText(message)
        self.failed.emit(message)

    def closeEvent(self, event):  # type: ignore[no-untyped-def]
        self.pool.waitForDone(10_000)
        super().closeEvent(event)
