"""What a person sees on a 1024×768 office monitor: nothing cut to "…".

The operator panel once gave its buttons 740 px, so the queue's "Layanan" column was
26 px wide (its header read "yan", every name "…") and the new-number service box
showed "A – Surat Keteran".
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtWidgets import QComboBox

from loket.app.office import list_counters, list_services, load_office
from loket.ui.controller import DeskController
from loket.ui.widgets import FRAME_ALLOWANCE, SMALL_SCREEN
from loket.ui.windows.operator import OperatorWindow
from tests.conftest import Office

LONG_NAMES = {"A": "Surat Keterangan Domisili", "B": "Surat Keterangan Tidak Mampu (SKTM)"}


def small_operator(qtbot, office: Office, controller: DeskController) -> OperatorWindow:  # type: ignore[no-untyped-def]
    """The panel with the demo's long service names, framed on a 1024×768 screen."""
    with office.db.read() as s:
        info, services, counters = load_office(s), list_services(s), list_counters(s)
    services = [replace(s, name=LONG_NAMES.get(s.prefix, s.name)) for s in services]
    for prefix in ("A", "B", "B"):
        office.desk.issue(office.services[prefix])
    window = OperatorWindow(controller, info, services, counters, clock=office.clock)
    qtbot.addWidget(window)
    window.resize(SMALL_SCREEN[0] - FRAME_ALLOWANCE[0], SMALL_SCREEN[1] - FRAME_ALLOWANCE[1])
    window.show()
    window.refresh()
    QCoreApplication.processEvents()
    return window


def shows_whole(combo: QComboBox) -> bool:
    arrow_and_frame = 32
    return combo.fontMetrics().horizontalAdvance(combo.currentText()) <= (
        combo.width() - arrow_and_frame
    )


def test_the_waiting_list_shows_every_service_name_whole_at_1024(
    qtbot, office: Office, controller: DeskController
) -> None:  # type: ignore[no-untyped-def]
    window = small_operator(qtbot, office, controller)
    view = window.lists.waiting_view
    header = view.horizontalHeader()
    width = header.sectionSize(1)
    assert header.fontMetrics().horizontalAdvance("Layanan") + 8 <= width, "header cut"
    metrics = view.fontMetrics()
    names = [view.model().index(r, 1).data() for r in range(view.model().rowCount())]
    assert LONG_NAMES["B"] in names
    for row, name in enumerate(names):
        room = QRect(0, 0, width - 8, 10_000)
        needed = metrics.boundingRect(room, int(Qt.TextFlag.TextWordWrap), name)
        assert needed.width() <= width - 8, f"{name!r} is cut in a {width} px column"
        assert needed.height() <= view.rowHeight(row), f"{name!r} needs more lines than a row"


def test_the_new_number_service_box_shows_its_whole_name_at_1024(
    qtbot, office: Office, controller: DeskController
) -> None:  # type: ignore[no-untyped-def]
    window = small_operator(qtbot, office, controller)
    combo = window.issue_row.issue_service
    for index in range(combo.count()):
        combo.setCurrentIndex(index)
        assert shows_whole(combo), f"{combo.currentText()!r} cut in {combo.width()} px"
    assert window.width() <= SMALL_SCREEN[0] - FRAME_ALLOWANCE[0]
