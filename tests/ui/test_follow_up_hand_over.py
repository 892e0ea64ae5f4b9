"""A follow-up's document handed over: closed from the operator panel and the dashboard.

Before, nothing but a test could close a follow-up: every one stayed "Belum diserahkan"
and turned "Terlambat" in the figures however fast the office worked.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from loket.app.period_stats import stats_for_period
from loket.app.users import add_user
from loket.core.periods import Period
from loket.core.tickets import Outcome
from loket.ui.windows.dashboard import DashboardWindow
from loket.ui.windows.operator import OperatorWindow
from tests.conftest import Office


def follow_up(office: Office, prefix: str = "A") -> str:
    desk, counter = office.desk, office.counters[2]
    ticket = desk.issue(office.services[prefix]).ticket
    desk.call(ticket.id, counter)
    desk.start(ticket.id, counter)
    desk.finish(ticket.id, counter, Outcome.FOLLOW_UP)
    return ticket.label


def open_count(office: Office) -> int:
    today = office.desk.today()
    return stats_for_period(office.db, Period.day(today), as_of=today).follow_ups.open


def test_the_operator_hands_a_document_over(
    qtbot, office: Office, operator: OperatorWindow
) -> None:  # type: ignore[no-untyped-def]
    first, second = follow_up(office), follow_up(office, "B")
    assert open_count(office) == 2
    operator.menus.follow_up_action.trigger()
    dialog = operator.follow_up_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    texts = [dialog.items.item(r).text() for r in range(dialog.items.count())]
    assert [t.split(" · ")[0] for t in texts] == sorted([first, second])
    assert not dialog.hand_over_button.isEnabled()  # nothing chosen yet
    dialog.items.setCurrentRow(texts.index(next(t for t in texts if t.startswith(second))))
    dialog.notes.setText("KTP-el diambil sendiri")
    qtbot.mouseClick(dialog.hand_over_button, Qt.MouseButton.LeftButton)
    assert second in dialog.status.text() and not dialog.error.text()
    assert [dialog.items.item(r).text().split(" · ")[0] for r in range(dialog.items.count())] == [
        first
    ]
    assert open_count(office) == 1


def test_the_dashboard_marks_the_selected_row_handed_over(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    label = follow_up(office)
    office.clock.advance(minutes=1)
    kasi = add_user(office.db, "kasi", "supervisor", "rahasia-kasi-1")
    window = DashboardWindow(office.client, actor=kasi, clock=office.clock)
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    today = office.desk.today()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.set_period(Period(today - timedelta(days=1), today))
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    view = window.follow_ups.view
    assert view.selectionBehavior() is QAbstractItemView.SelectionBehavior.SelectRows
    model = window.models["follow_ups"]
    assert model.index(0, 0).data() == label and model.index(0, 5).data() == "Belum diserahkan"
    assert not window.follow_ups.hand_over_button.isEnabled()
    view.selectRow(0)
    assert window.follow_ups.hand_over_button.isEnabled()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(window.follow_ups.hand_over_button, Qt.MouseButton.LeftButton)
    assert model.index(0, 5).data() == "Diserahkan"
    assert open_count(office) == 0
    view.selectRow(0)
    assert not window.follow_ups.hand_over_button.isEnabled()  # closed already: nothing to do twice
