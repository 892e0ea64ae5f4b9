"""The operator panel's citizen box: name, NIK and phone of the citizen at the counter.

Optional and kept apart from the queue: the office stores the NIK encrypted and shows
it masked; a role without the right to see it (or a hub that is away) shows the empty
form. Saving goes through the office client with the signed-in user.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from loket.app.citizens import CitizenView
from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.core.tickets import Ticket


class CitizenBox(QGroupBox):
    said = Signal(str)  # saved: a line for the window's message
    failed = Signal(str)  # refused: the office's reason

    def __init__(self, client: OfficeClient, user: UserInfo | None) -> None:
        super().__init__()
        self.setTitle(self.tr("Data warga (tidak wajib)"))
        self.client = client
        self.user = user
        self.ticket: Ticket | None = None
        self.view: CitizenView | None = None  # what is saved for the ticket, as shown
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Nama warga"))
        self.nik = QLineEdit()
        self.nik.setAccessibleName(self.tr("NIK warga"))
        self.nik.setPlaceholderText(self.tr("16 angka"))
        self.nik.setMaxLength(24)
        self.phone = QLineEdit()
        self.phone.setAccessibleName(self.tr("Telepon warga"))
        self.phone.setPlaceholderText("08xx-xxxx-xxxx")
        self.save_button = QPushButton(self.tr("Simpan data warga"))
        self.save_button.setAccessibleName(self.tr("Simpan data warga"))
        self.save_button.clicked.connect(self.save)
        self.saved = QLabel()
        row = QHBoxLayout()
        for label, field in (
            (self.tr("Nama"), self.name),
            (self.tr("NIK"), self.nik),
            (self.tr("Telepon"), self.phone),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(field, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.saved)

    def follow(self, ticket: Ticket | None) -> None:
        """The ticket at the counter: a new one reads its citizen, the same one keeps edits."""
        if ticket is None or self.ticket is None or ticket.id != self.ticket.id:
            self._show(self._read(ticket))
        self.ticket = ticket
        self.setEnabled(ticket is not None)

    def save(self) -> None:
        if self.ticket is None or not self._may_drop_saved():
            return
        try:
            view = self.client.save_citizen(
                self.ticket.id,
                self.name.text(),
                self.nik.text(),
                self.phone.text(),
                actor=self.user,
            )
        except LoketError as exc:
            self.failed.emit(exc.message)
            return
        self._show(view)
        self.said.emit(self.tr("Data warga {0} tersimpan.").format(self.ticket.label))

    def _read(self, ticket: Ticket | None) -> CitizenView | None:
        if ticket is None:
            return None
        try:
            return self.client.citizen_for(ticket.id, actor=self.user)
        except LoketError:
            return None  # no right to see it, or the hub is away: show the empty form

    def _may_drop_saved(self) -> bool:
        """An empty field saves as empty: say so before a saved NIK or phone is dropped.

        The NIK and phone are only shown masked, so they cannot be put back in the form;
        an operator adding the phone later would otherwise erase the NIK unseen.
        """
        view = self.view
        dropped = []
        if view is not None and view.nik_masked and not self.nik.text().strip():
            dropped.append(self.tr("NIK {0}").format(view.nik_masked))
        if view is not None and view.phone_masked and not self.phone.text().strip():
            dropped.append(self.tr("telepon {0}").format(view.phone_masked))
        if not dropped:
            return True
        text = self.tr("Kolom kosong menghapus data yang tersimpan: {0}. Hapus data itu?")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Data warga"),
                          text.format(", ".join(dropped)), parent=self)  # fmt: skip
        yes = box.addButton(self.tr("Ya, hapus"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton(self.tr("Batal"), QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is yes

    def _show(self, view: CitizenView | None) -> None:
        """The saved data: the name back in its field (shown in clear anyway), the
        masked NIK and phone beside the fields."""
        self.view = view
        for field in (self.name, self.nik, self.phone):
            field.clear()
        if view is None:
            self.saved.clear()
            return
        self.name.setText(view.name or "")
        parts = [p for p in (view.name, view.nik_masked, view.phone_masked) if p]
        self.saved.setText(self.tr("Tersimpan: {0}").format(" · ".join(parts)))
