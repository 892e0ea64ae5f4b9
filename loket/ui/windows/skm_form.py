"""The SKM questionnaire (PermenPANRB 14/2017): nine elements, each answered 1–4.

Used at a kiosk by the citizen or by staff typing in paper forms (then with the survey
date). The profile is optional and coarse (age band, sex, education, occupation): the
form never asks for a name, NIK or phone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from loket.app.feedback import SkmEntry
from loket.app.office import ServiceInfo
from loket.client.api import OfficeClient
from loket.core.days import utc_now
from loket.core.errors import LoketError
from loket.core.skm import ELEMENTS, PROFILE_FIELDS, Profile, SkmAnswers
from loket.ui.widgets import BoundedTextEdit

SUGGESTION_LIMIT = 1000  # the office's limit (save_skm_response in loket/app/feedback.py)


class SkmForm(QWidget):
    saved = Signal(int)  # the new response's id

    def __init__(self, client: OfficeClient, services: Sequence[ServiceInfo] = (), *,
                 source: str = "kiosk", clock: Callable[[], datetime] = utc_now,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client = client
        self.source = source
        self.clock = clock
        self.setWindowTitle(self.tr("Survei Kepuasan Masyarakat"))

        questions = self._questions()
        profile = self._profile(services, source)
        self.suggestion = BoundedTextEdit(SUGGESTION_LIMIT)  # a huge paste is cut, not laid out
        self.suggestion.truncated.connect(self._suggestion_cut)
        self.suggestion.setAccessibleName(self.tr("Saran dan masukan"))
        self.suggestion.setPlaceholderText(self.tr("Saran dan masukan (tidak wajib)"))
        self.suggestion.setMaximumHeight(80)

        self.save_button = QPushButton(self.tr("Kirim"))
        self.save_button.setAccessibleName(self.tr("Kirim kuesioner"))
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(questions)
        layout.addWidget(profile)
        layout.addWidget(self.suggestion)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        root = QVBoxLayout(self)
        root.addWidget(scroll, 1)
        root.addLayout(buttons)
        self.reset()

    def _questions(self) -> QGroupBox:
        """The nine elements, each a row of four answers (all required)."""
        questions = QGroupBox(self.tr("Penilaian (wajib, semua unsur)"))
        grid = QGridLayout(questions)
        self.groups: list[QButtonGroup] = []
        for row, element in enumerate(ELEMENTS):
            grid.addWidget(QLabel(f"{element.code}. {self.tr(element.name)}"), row, 0)
            group = QButtonGroup(self)
            for score, answer in enumerate(element.answers, start=1):
                radio = QRadioButton(f"{score} {self.tr(answer)}")
                radio.setAccessibleName(f"{element.code} {element.name}: {answer}")
                group.addButton(radio, score)
                grid.addWidget(radio, row, score)
            group.idClicked.connect(self._update)
            self.groups.append(group)
        return questions

    def _profile(self, services: Sequence[ServiceInfo], source: str) -> QGroupBox:
        """Who answered (optional), the service they received, and a paper form's date."""
        profile = QGroupBox(self.tr("Profil responden (tidak wajib)"))
        form = QFormLayout(profile)
        self.profile: dict[str, QComboBox] = {}
        for field_name, (label, options) in PROFILE_FIELDS.items():
            combo = QComboBox()
            combo.setAccessibleName(self.tr(label))
            combo.addItem(self.tr("— tidak diisi —"), None)
            for code, name in options.items():
                combo.addItem(self.tr(name), code)
            self.profile[field_name] = combo
            form.addRow(self.tr(label), combo)
        self.service = QComboBox()
        self.service.setAccessibleName(self.tr("Layanan yang diterima"))
        self.service.addItem(self.tr("— tidak diisi —"), None)
        for s in services:
            self.service.addItem(f"{s.prefix} – {s.name}", s.id)
        form.addRow(self.tr("Layanan"), self.service)
        self.survey_date = QDateEdit()
        self.survey_date.setCalendarPopup(True)
        self.survey_date.setDisplayFormat("dd-MM-yyyy")
        self.survey_date.setAccessibleName(self.tr("Tanggal survei"))
        self.survey_date.setVisible(source == "paper")
        if source == "paper":
            form.addRow(self.tr("Tanggal survei"), self.survey_date)
        return profile

    def answers(self) -> SkmAnswers | None:
        scores = [group.checkedId() for group in self.groups]
        if any(score < 1 for score in scores):
            return None
        return SkmAnswers(tuple(scores))

    def _update(self) -> None:
        missing = sum(1 for group in self.groups if group.checkedId() < 1)
        self.save_button.setEnabled(missing == 0)
        self.message.setText(self.tr("{0} unsur belum dijawab.").format(missing) if missing else "")

    def save(self) -> int | None:
        answers = self.answers()
        if answers is None:
            return None
        values = {name: combo.currentData() for name, combo in self.profile.items()}
        day: date | None = None
        if self.source == "paper":
            q = self.survey_date.date()
            day = date(q.year(), q.month(), q.day())
        try:
            entry = SkmEntry(answers, Profile(**values), self.service.currentData(),
                             self.suggestion.toPlainText())  # fmt: skip
            response_id = self.client.save_skm_response(entry, day, self.source)
        except LoketError as exc:
            self.message.setText(exc.message)
            return None
        self.reset()
        self.message.setText(self.tr("Terima kasih, jawaban Anda tersimpan."))
        self.saved.emit(response_id)
        return response_id

    def _suggestion_cut(self) -> None:
        self.message.setText(
            self.tr("Teks yang ditempel dipotong: saran paling banyak {0} karakter.").format(
                SUGGESTION_LIMIT
            )
        )

    def reset(self) -> None:
        for group in self.groups:
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        for combo in self.profile.values():
            combo.setCurrentIndex(0)
        self.service.setCurrentIndex(0)
        self.suggestion.clear()
        now = self.clock()
        self.survey_date.setDate(QDate(now.year, now.month, now.day))
        self._update()
