"""The admin's "Kop surat" tab: the letterhead and signatories printed on every report.

It reads and saves through the office client (``letterhead`` / ``save_letterhead``), so
it works on the hub PC and on any LAN client alike; the office (``loket.app.letterhead``
behind it) checks the role, the e-mail, the NIPs and the logo, and writes the audit trail.
The logo is picked from a file on this PC and sent with the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.core.letterhead import Letterhead, check_logo


class LetterheadTab(QWidget):
    def __init__(
        self,
        client: OfficeClient,
        user: UserInfo,
        ok: Callable[[str], None],
        error: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.user = user
        self._ok = ok
        self._error = error
        current = client.letterhead()
        self.logo: bytes | None = current.logo
        labels = {
            "government": self.tr("Pemerintah Kota/Kabupaten"),
            "district": self.tr("Kecamatan"),
            "office": self.tr("Kelurahan/Desa"),
            "address": self.tr("Alamat"),
            "phone": self.tr("Telepon"),
            "email": self.tr("Email"),
            "place": self.tr("Tempat tanda tangan"),
            "head_title": self.tr("Jabatan pimpinan"),
            "head_name": self.tr("Nama lurah"),
            "head_nip": self.tr("NIP lurah"),
            "officer_title": self.tr("Jabatan penyusun"),
            "officer_name": self.tr("Nama Kasi Pelayanan"),
            "officer_nip": self.tr("NIP Kasi Pelayanan"),
        }
        hints = {
            "government": self.tr("mis. Pemerintah Kota Bandung"),
            "district": self.tr("mis. Kecamatan Sukajadi"),
            "office": self.tr("mis. Kelurahan Sukamaju"),
            "head_nip": self.tr("18 angka"),
            "officer_nip": self.tr("18 angka"),
        }
        form = QFormLayout(self)
        self.fields: dict[str, QLineEdit] = {}
        for key, label in labels.items():
            edit = QLineEdit(str(getattr(current, key)))
            edit.setAccessibleName(label)
            edit.setPlaceholderText(hints.get(key, ""))
            edit.setMaxLength(200)
            self.fields[key] = edit
            form.addRow(label, edit)
        form.addRow(self.tr("Logo (PNG/JPEG)"), self._logo_row())
        self.save_button = QPushButton(self.tr("Simpan kop surat"))
        self.save_button.setAccessibleName(self.tr("Simpan kop surat"))
        self.save_button.clicked.connect(self.save)
        form.addRow(self.save_button)
        self._show_logo()

    def _logo_row(self) -> QHBoxLayout:
        """The logo's preview, and choosing or removing it."""
        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(64, 64)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setAccessibleName(self.tr("Logo"))
        choose = QPushButton(self.tr("Pilih logo…"))
        choose.setAccessibleName(self.tr("Pilih logo"))
        choose.clicked.connect(self.choose_logo)
        remove = QPushButton(self.tr("Hapus logo"))
        remove.setAccessibleName(self.tr("Hapus logo"))
        remove.clicked.connect(self.remove_logo)
        row = QHBoxLayout()
        row.addWidget(self.logo_preview)
        row.addWidget(choose)
        row.addWidget(remove)
        row.addStretch(1)
        return row

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self.logo and pixmap.loadFromData(self.logo):
            self.logo_preview.setPixmap(
                pixmap.scaled(
                    64,
                    64,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.logo_preview.setText(self.tr("(tanpa logo)"))

    def choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Pilih logo"), "", self.tr("Gambar (*.png *.jpg *.jpeg)")
        )
        if name:
            self.set_logo_file(Path(name))

    def set_logo_file(self, path: Path) -> None:
        try:
            data = path.read_bytes()
            check_logo(data)
        except OSError as exc:
            self._error(self.tr("Logo tidak dapat dibaca: {0}").format(exc.strerror or exc))
            return
        except LoketError as exc:
            self._error(exc.message)
            return
        self.logo = data
        self._show_logo()

    def remove_logo(self) -> None:
        self.logo = None
        self.logo_preview.clear()
        self._show_logo()

    def letterhead(self) -> Letterhead:
        values = {key: edit.text() for key, edit in self.fields.items()}
        return replace(Letterhead(), **values, logo=self.logo)

    def save(self) -> None:
        try:
            self.client.save_letterhead(self.letterhead(), actor=self.user)
        except LoketError as exc:
            self._error(exc.message)
            return
        self._ok(self.tr("Kop surat tersimpan: tampil di setiap laporan PDF."))
