"""The supervisor's analysis and follow-up plan (rencana tindak lanjut) of a period's IKM.

Typed in the dashboard for the period it shows, saved through the office client (on the
hub PC or any LAN client alike; ``loket.app.ikm_plan`` behind it) and printed at the end
of that period's IKM report, as PermenPANRB 14/2017 asks.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.core.periods import Period


class IkmPlanDialog(QDialog):
    def __init__(
        self, client: OfficeClient, user: UserInfo, period: Period, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.user = user
        self.period = period
        self.setWindowTitle(self.tr("Analisis IKM · {0}").format(period.label()))
        saved = client.ikm_follow_up(period, actor=user)
        self.analysis = QPlainTextEdit(saved.analysis)
        self.analysis.setAccessibleName(self.tr("Analisis hasil survei"))
        self.plan = QPlainTextEdit(saved.plan)
        self.plan.setAccessibleName(self.tr("Rencana tindak lanjut"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Analisis hasil survei (unsur terlemah, penyebabnya)")))
        layout.addWidget(self.analysis)
        layout.addWidget(QLabel(self.tr("Rencana tindak lanjut (apa, siapa, kapan)")))
        layout.addWidget(self.plan)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(640, 480)

    def save(self) -> None:
        try:
            self.client.save_ikm_follow_up(
                self.period, self.analysis.toPlainText(), self.plan.toPlainText(),
                actor=self.user,
            )  # fmt: skip
        except LoketError as exc:
            self.message.setText(exc.message)
            return
        self.accept()
