"""Reprinting tickets from the windows: the operator's and the admin's.

The use cases (same number, audit entry) are in ``loket.app.reprint``; here are the
dialogs and the printing. Nothing is audited when this PC prints no tickets at all.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from loket.app.office import OfficeInfo
from loket.app.reprint import MAX_REPRINT_BATCH, Reprint
from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.printing.errors import PrintError
from loket.printing.slip import TicketSlip

PrintSlip = Callable[[TicketSlip], None]


def link_base(client: OfficeClient) -> str:
    """The city's address for the ticket's QR link; "" (the ticket id) when unknown.

    A ticket is never held back for it: a hub that cannot say prints the plain QR.
    """
    try:
        return client.ticket_link_base()
    except LoketError:
        return ""


def print_reprints(
    reprints: list[Reprint], office: OfficeInfo, print_slip: PrintSlip, base: str = ""
) -> tuple[int, str]:
    """Print each reprint; (how many printed, the first printer error or "")."""
    done = 0
    for item in reprints:
        try:
            print_slip(TicketSlip.from_reprint(office.name, office.timezone, item, base))
        except PrintError as exc:
            return done, str(exc)
        done += 1
    return done, ""


def reprint_one(
    client: OfficeClient, office: OfficeInfo, ref: str, user: UserInfo | None,
    print_slip: PrintSlip,
) -> Reprint:  # fmt: skip
    """Reprint today's ticket ``ref`` (id or label); raises LoketError or PrintError."""
    result = client.reprint(ref, actor=user)
    print_slip(TicketSlip.from_reprint(office.name, office.timezone, result, link_base(client)))
    return result


class KioskReprintDialog(QDialog):
    """An admin reprints the kiosk's last N tickets (after the roll ran out).

    Opened at the kiosk with Ctrl+Shift+P: the kiosk has nobody logged in, so the
    admin's name and password are asked here, every time.
    """

    def __init__(self, client: OfficeClient, office: OfficeInfo, print_slip: PrintSlip | None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client = client
        self.office = office
        self.print_slip = print_slip
        self.printed: list[Reprint] = []
        self.setWindowTitle(self.tr("Cetak ulang tiket kios"))
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Nama admin"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Kata sandi admin"))
        self.count = QSpinBox()
        self.count.setRange(1, MAX_REPRINT_BATCH)
        self.count.setValue(1)
        self.count.setAccessibleName(self.tr("Jumlah tiket terakhir"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Nama admin"), self.name)
        form.addRow(self.tr("Kata sandi"), self.password)
        form.addRow(self.tr("Jumlah tiket terakhir"), self.count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = buttons.addButton(
            self.tr("Cetak ulang"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.clicked.connect(self.reprint)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(buttons)

    def reprint(self) -> None:
        if self.print_slip is None:
            self.result.setText(self.tr("PC ini tidak diatur untuk mencetak tiket."))
            return
        try:
            user = self.client.login(self.name.text(), self.password.text())
            reprints = self.client.reprint_kiosk(self.count.value(), actor=user)
        except LoketError as exc:
            self.result.setText(exc.message)
            return
        finally:
            self.password.clear()
        done, error = print_reprints(reprints, self.office, self.print_slip, link_base(self.client))
        self.printed = reprints[:done]
        labels = ", ".join(r.ticket.label for r in self.printed) or "–"
        text = self.tr("Dicetak ulang: {0}").format(labels)
        self.result.setText(text + (" · " + error if error else ""))
