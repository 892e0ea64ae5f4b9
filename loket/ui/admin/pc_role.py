"""The admin's "PC kantor" tab: this PC's role, pairing other PCs, revoking them.

The role lives in this PC's ``pc.json`` (``loket.client.connect``), never in the office
database: the office's only PC can become its hub (then ``loket hub run`` serves it), a
hub can go back to being the only PC, and a client can leave its hub (its token is
forgotten; Loket then starts with the set-up wizard). On the hub PC the admin also makes
one-time pairing codes here and revokes a lost or retired PC, through the LocalOffice
(the office's admin rule and audit apply); none of that is offered over the LAN.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.app.users import UserInfo
from loket.client.connect import CLIENT, HUB, STANDALONE, PcConfig, read_pc, write_pc
from loket.core.errors import LoketError


def _button(text: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(text)
    button.clicked.connect(slot)
    return button


class PcRoleTab(QWidget):
    def __init__(
        self,
        client: Any,
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
        # A LocalOffice knows its folder; a LAN client knows this PC's own folder.
        folder = getattr(client, "data_dir", None) or getattr(client, "pc_dir", None)
        self.data_dir: Path | None = folder if isinstance(folder, Path) else None
        self.role_label = QLabel()
        self.role_label.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.make_hub = _button(self.tr("Jadikan PC utama"), self.to_hub)
        self.make_standalone = _button(
            self.tr("Jadikan satu-satunya PC kantor"), self.to_standalone
        )
        self.leave = _button(self.tr("Lepaskan dari PC utama"), self.leave_hub)
        # Take-over (issue 13): a client whose hub died serves the office from its replica.
        self.take_over = _button(self.tr("Jadikan PC ini PC utama"), self.promote_here)
        self.pair_button = _button(self.tr("Buat kode pemasangan"), self.new_code)
        self.code_label = QLabel()
        self.code_label.setObjectName("pairCode")
        self.code_label.setStyleSheet("font-size: 20pt; font-weight: bold")
        self.pcs = QListWidget()
        self.pcs.setAccessibleName(self.tr("PC yang dipasangkan"))
        self.revoke_button = _button(self.tr("Cabut pemasangan"), self.revoke)
        roles = QHBoxLayout()
        for button in (self.make_hub, self.make_standalone, self.leave, self.take_over):
            roles.addWidget(button)
        roles.addStretch(1)
        pairing = QHBoxLayout()
        pairing.addWidget(self.pair_button)
        pairing.addWidget(self.code_label, 1)
        self.hub_box = QWidget()
        hub_layout = QVBoxLayout(self.hub_box)
        hub_layout.setContentsMargins(0, 0, 0, 0)
        hub_layout.addLayout(pairing)
        hub_layout.addWidget(QLabel(self.tr("PC yang dipasangkan")))
        hub_layout.addWidget(self.pcs)
        hub_layout.addWidget(self.revoke_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.role_label)
        layout.addLayout(roles)
        layout.addWidget(self.note)
        layout.addWidget(self.hub_box, 1)
        self.refresh()

    def role(self) -> str:
        if self.data_dir is None:
            return CLIENT
        try:
            return read_pc(self.data_dir).role
        except LoketError:
            return CLIENT

    def refresh(self) -> None:
        role = self.role()
        config = read_pc(self.data_dir) if self.data_dir is not None and role == CLIENT else None
        if role == HUB:
            self.role_label.setText(self.tr("Peran PC ini: PC utama kantor."))
            self.note.setText(
                self.tr(
                    "PC loket, kios dan layar lain tersambung ke PC ini. `loket hub run` harus "
                    "berjalan di PC ini (mis. dari folder Startup Windows), dan firewall "
                    "mengizinkan port 8765."
                )
            )
        elif role == CLIENT:
            where = config.office or config.hub_url if config is not None else ""
            self.role_label.setText(
                self.tr("Peran PC ini: PC klien, memakai antrian PC utama {0}.").format(where)
            )
            self.note.setText(
                self.tr(
                    "Melepas PC ini menghapus tandanya di PC ini; setelah Loket dimulai ulang, "
                    "PC ini dapat diatur sebagai kantor sendiri atau dipasangkan lagi."
                )
            )
        else:
            self.role_label.setText(self.tr("Peran PC ini: satu-satunya PC kantor."))
            self.note.setText(
                self.tr(
                    "Jadikan PC utama bila kantor memakai beberapa PC (loket, kios, layar) "
                    "dengan satu antrian."
                )
            )
        self.make_hub.setVisible(role == STANDALONE)
        self.make_standalone.setVisible(role == HUB)
        self.leave.setVisible(role == CLIENT and self.data_dir is not None)
        self.take_over.setVisible(role == CLIENT and self.data_dir is not None)
        self.hub_box.setVisible(role == HUB and hasattr(self.client, "pair_code"))
        if self.hub_box.isVisible() or role == HUB:
            self._list_pcs()

    def _list_pcs(self) -> None:
        if not hasattr(self.client, "paired_pcs"):
            return
        try:
            pcs = self.client.paired_pcs(actor=self.user)
        except LoketError as exc:
            self._error(exc.message)
            return
        self.pcs.clear()
        for name, active, seen in pcs:
            state = self.tr("aktif") if active else self.tr("dicabut")
            when = seen.strftime("%d-%m-%Y %H:%M") if seen is not None else "-"
            item = QListWidgetItem(
                self.tr("{0} — {1}, terakhir terlihat {2}").format(name, state, when)
            )
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.pcs.addItem(item)

    def _write(self, config: PcConfig) -> bool:
        assert self.data_dir is not None
        try:
            write_pc(self.data_dir, config)
        except OSError as exc:
            self._error(self.tr("Peran PC tidak dapat disimpan: {0}").format(exc))
            return False
        return True

    def to_hub(self) -> None:
        if self.data_dir is None or not self._write(
            PcConfig(role=HUB, office=self.client.office().name)
        ):
            return
        self.refresh()
        self._ok(self.tr("PC ini sekarang PC utama kantor. Jalankan `loket hub run` di PC ini."))

    def to_standalone(self) -> None:
        if self.data_dir is None or not self._write(PcConfig(role=STANDALONE)):
            return
        self.refresh()
        self._ok(
            self.tr(
                "PC ini sekarang satu-satunya PC kantor. Hentikan `loket hub run`: PC lain "
                "tidak lagi dapat memakai antrian ini."
            )
        )

    def leave_hub(self) -> None:
        if self.data_dir is None or not self._write(PcConfig(role=STANDALONE)):
            return
        self.refresh()
        self._ok(self.tr("PC ini dilepas dari PC utama. Mulai ulang Loket."))

    def freshness_text(self) -> str:
        """How fresh this PC's copy of the office is, for the confirmation."""
        from loket.app.takeover import replica_freshness

        assert self.data_dir is not None
        fresh = replica_freshness(self.data_dir)

        def at(value: Any) -> str:
            return value.astimezone().strftime("%H.%M.%S") if value is not None else "-"

        text = self.tr("Salinan data kantor di PC ini: kejadian terakhir #{0} pukul {1}.").format(
            fresh.last_seq, at(fresh.last_at)
        )
        if fresh.hub_seq is None:
            return text + "\n" + self.tr("PC ini belum pernah menerima kabar dari PC utama.")
        return (
            text
            + "\n"
            + self.tr(
                "PC utama terakhir mengumumkan #{0} pukul {1} (terakhir tersambung pukul {2}): "
                "salinan ini tertinggal {3} kejadian."
            ).format(fresh.hub_seq, at(fresh.hub_at), at(fresh.checked_at), fresh.behind)
        )

    def promote_here(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from loket.app.takeover import hub_still_answers, promote_this_pc

        if self.data_dir is None:
            return
        try:
            if hub_still_answers(self.data_dir):
                self._error(
                    self.tr(
                        "PC utama masih menjawab: PC ini tidak dijadikan PC utama (dua PC "
                        "utama akan memecah antrian)."
                    )
                )
                return
            detail = self.freshness_text()
        except LoketError as exc:
            self._error(exc.message)
            return
        box = QMessageBox(self)
        box.setObjectName("promoteConfirm")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Jadikan PC ini PC utama"))
        box.setText(
            self.tr(
                "Jadikan PC ini PC utama kantor? Lakukan ini hanya bila PC utama lama mati: "
                "PC lain akan mengikuti PC ini."
            )
        )
        box.setInformativeText(detail)
        yes = box.addButton(self.tr("Ya, jadikan PC utama"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Batal"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not yes:
            return
        try:
            term = promote_this_pc(self.data_dir)
        except LoketError as exc:
            self._error(exc.message)
            return
        self.refresh()
        self._ok(
            self.tr(
                "PC ini kini PC utama kantor (epoch {0}). Jalankan `loket hub run` di PC ini, "
                "lalu mulai ulang Loket; PC lain mengikutinya sendiri."
            ).format(term.epoch)
        )

    def new_code(self) -> None:
        try:
            code, expires = self.client.pair_code(actor=self.user)
        except LoketError as exc:
            self._error(exc.message)
            return
        tz = self.client.office().tz
        self.code_label.setText(code)
        self._ok(
            self.tr(
                "Kode sekali pakai, berlaku sampai {0}. Ketik kode ini di PC baru: "
                "wizard → Sambungkan ke PC utama."
            ).format(expires.astimezone(tz).strftime("%H:%M"))
        )
        self._list_pcs()

    def revoke(self) -> None:
        item = self.pcs.currentItem()
        if item is None:
            self._error(self.tr("Pilih PC yang akan dicabut."))
            return
        name = str(item.data(Qt.ItemDataRole.UserRole))
        try:
            self.client.revoke_pc(name, actor=self.user)
        except LoketError as exc:
            self._error(exc.message)
            return
        self._list_pcs()
        self._ok(self.tr("Pemasangan {0} dicabut: PC itu harus dipasangkan ulang.").format(name))
