"""The wizard's "Sambungkan ke PC utama" page: pair this fresh PC with the office hub.

The hubs announced on the office LAN (mDNS, ``loket.hub.discovery.find_hubs``) are listed
once found, by ``run_task`` off the GUI thread; a typed address works as well (a network that
blocks multicast). The pairing itself (``loket.client.connect.pair``: pin the hub's
certificate, trade the one-time code for this PC's token, write ``pc.json``) also runs
off the GUI thread, so the window never freezes on a slow or absent hub. Each way it can
fail gets its own Indonesian message: a wrong or used code, a hub that does not answer,
a certificate that is not the hub's, too many attempts.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
    QWizardPage,
)

from loket.ui.tasks import error_text, run_task
from loket.ui.widgets import error_label

# Seconds the page listens for hubs on the LAN before it shows what it found.
SEARCH_S = 3.0

Finder = Callable[[], list[Any]]  # -> list[FoundHub]
Pairer = Callable[[str, str, Path, str], Any]  # (address, code, data dir, pc name) -> PcConfig


def default_finder() -> list[Any]:
    from loket.hub.discovery import find_hubs

    return find_hubs(SEARCH_S)


def default_pairer(address: str, code: str, data_dir: Path, pc_name: str) -> Any:
    from loket.client.connect import pair

    return pair(address, code, data_dir, pc_name=pc_name or None)


class ConnectPage(QWizardPage):
    """Pick or type the hub, type the code from the hub PC, Sambungkan, then Selesai."""

    def __init__(
        self,
        data_dir: Path,
        finder: Finder = default_finder,
        pairer: Pairer = default_pairer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.finder = finder
        self.pairer = pairer
        self.config: Any = None  # the PcConfig once paired
        self.busy = False
        self.searching = False
        self.pool = QThreadPool(self)
        self.setTitle(self.tr("Sambungkan ke PC utama"))
        self.setSubTitle(
            self.tr(
                "Pilih PC utama kantor ini atau ketik alamatnya, lalu ketik kode "
                "pemasangan yang tampil di PC utama (Pengaturan kantor → PC kantor, "
                "atau `loket hub pair`)."
            )
        )
        self.hubs = QListWidget()
        self.hubs.setAccessibleName(self.tr("PC utama yang ditemukan"))
        self.hubs.setMaximumHeight(110)
        self.hubs.currentItemChanged.connect(self._picked)
        self.search_button = QPushButton(self.tr("Cari lagi"))
        self.search_button.setAccessibleName(self.tr("Cari PC utama lagi"))
        self.search_button.clicked.connect(self.search)
        self.search_status = QLabel()
        self.search_status.setWordWrap(True)
        self.address = QLineEdit()
        self.address.setAccessibleName(self.tr("Alamat PC utama"))
        self.address.setPlaceholderText("192.168.1.10:8765")
        self.code = QLineEdit()
        self.code.setAccessibleName(self.tr("Kode pemasangan"))
        self.code.setPlaceholderText("ABCDE-FGHJK")
        self.pc_name = QLineEdit(socket.gethostname())
        self.pc_name.setAccessibleName(self.tr("Nama PC ini"))
        self.pc_name.setMaxLength(100)
        self.connect_button = QPushButton(self.tr("Sambungkan"))
        self.connect_button.setAccessibleName(self.tr("Sambungkan"))
        self.connect_button.clicked.connect(self.start_pairing)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = error_label()
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_status, 1)
        search_row.addWidget(self.search_button)
        form = QFormLayout(self)
        form.addRow(self.tr("PC utama di jaringan"), self.hubs)
        form.addRow(search_row)
        form.addRow(self.tr("Alamat PC utama"), self.address)
        form.addRow(self.tr("Kode pemasangan"), self.code)
        form.addRow(self.tr("Nama PC ini"), self.pc_name)
        form.addRow(self.connect_button)
        form.addRow(self.status)
        form.addRow(self.error)

    # -- finding hubs ------------------------------------------------------------------

    def initializePage(self) -> None:
        if self.hubs.count() == 0 and not self.searching:
            self.search()

    def search(self) -> None:
        if self.searching:
            return
        self.searching = True
        self.search_button.setEnabled(False)
        self.search_status.setText(self.tr("Mencari PC utama di jaringan kantor…"))
        run_task(self.finder, self._found, owner=self, pool=self.pool)

    def _found(self, hubs: list[Any] | None, error: Exception | None) -> None:
        self.searching = False
        hubs = hubs or []  # no multicast here (an error): the typed address still works
        self.search_button.setEnabled(True)
        self.hubs.clear()
        for hub in hubs:
            item = QListWidgetItem(f"{hub.office} — {hub.name} ({hub.url})")
            item.setData(Qt.ItemDataRole.UserRole, hub.url)
            self.hubs.addItem(item)
        if hubs:
            self.search_status.setText(
                self.tr("{0} PC utama ditemukan; pilih salah satu.").format(len(hubs))
            )
            if len(hubs) == 1:
                self.hubs.setCurrentRow(0)
        else:
            self.search_status.setText(
                self.tr(
                    "Tidak ada PC utama yang ditemukan. Ketik alamatnya (lihat layar "
                    "`loket hub run` di PC utama)."
                )
            )

    def _picked(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.address.setText(str(item.data(Qt.ItemDataRole.UserRole)))

    # -- pairing -----------------------------------------------------------------------

    def start_pairing(self) -> None:
        if self.busy or self.config is not None:
            return
        address, code = self.address.text().strip(), self.code.text().strip()
        if not address:
            self.error.setText(self.tr("Pilih PC utama dari daftar atau ketik alamatnya."))
            return
        if not code:
            self.error.setText(self.tr("Ketik kode pemasangan dari PC utama."))
            return
        self.busy = True
        self.connect_button.setEnabled(False)
        self.error.clear()
        self.status.setText(self.tr("Menghubungi PC utama…"))
        pairer, data_dir, name = self.pairer, self.data_dir, self.pc_name.text().strip()
        run_task(lambda: pairer(address, code, data_dir, name), self._paired, owner=self,
                 pool=self.pool)  # fmt: skip

    def _paired(self, config: Any, error: Exception | None) -> None:
        if error is not None:
            self._failed(str(getattr(error, "code", "error")), error_text(error))
            return
        self.busy = False
        self.config = config
        for field in (self.address, self.code, self.pc_name, self.hubs):
            field.setEnabled(False)
        self.status.setText(
            self.tr("Tersambung ke PC utama {0} sebagai {1}. Tekan Selesai.").format(
                config.office or config.hub_url, config.pc_name
            )
        )
        self.completeChanged.emit()

    def _failed(self, code: str, message: str) -> None:
        self.busy = False
        self.connect_button.setEnabled(True)
        self.status.clear()
        self.error.setText(self.explain(code, message))

    def explain(self, code: str, message: str) -> str:
        """Each failure in words a person at the new PC can act on."""
        if code == "pairing_refused":
            return self.tr(
                "Kode pemasangan salah, sudah dipakai, atau kedaluwarsa. Buat kode baru di "
                "PC utama lalu ketik lagi."
            )
        if code == "hub_unreachable":
            return self.tr(
                "PC utama tidak terjangkau di alamat itu. Periksa alamat dan port, bahwa PC "
                "utama menyala dan `loket hub run` berjalan, dan bahwa firewall PC utama "
                "mengizinkan port itu."
            )
        if code == "hub_certificate_mismatch":
            return self.tr(
                "Sertifikat di alamat itu bukan milik PC utama yang membuat kode ini: "
                "mungkin ada yang menyamar. Jangan lanjutkan; periksa alamat PC utama."
            )
        if code == "rate_limited":
            return self.tr("Terlalu banyak percobaan kode. Tunggu satu menit lalu coba lagi.")
        return message  # the office's own Indonesian refusal (address form, short code)

    def isComplete(self) -> bool:
        return self.config is not None

    def nextId(self) -> int:
        return -1

    def cleanupPage(self) -> None:
        self.pool.waitForDone(0)
