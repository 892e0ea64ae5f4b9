"""The dashboard's chart axes read on a 1024×768 screen, on a day with no tickets yet.

They showed 0.0, 0.2 … 1.0 citizens when every value was zero, and the wait
histogram's "100", "110", "120+" as "…" when the window was 1024 px wide.
"""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF

from loket.app.users import add_user
from loket.ui.widgets import FRAME_ALLOWANCE, SMALL_SCREEN
from loket.ui.windows.dashboard import DashboardWindow
from tests.conftest import Office


def small_dashboard(qtbot, office: Office) -> DashboardWindow:  # type: ignore[no-untyped-def]
    kasi = add_user(office.db, "kasi", "supervisor", "rahasia-kasi-1")
    window = DashboardWindow(office.client, actor=kasi, clock=office.clock)
    qtbot.addWidget(window)
    window.resize(SMALL_SCREEN[0] - FRAME_ALLOWANCE[0], SMALL_SCREEN[1] - FRAME_ALLOWANCE[1])
    window.show()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show_week()
    return window


def value_labels(axis: QValueAxis) -> list[str]:
    step = (axis.max() - axis.min()) / (axis.tickCount() - 1)
    fmt = axis.labelFormat()
    return [fmt % (axis.min() + i * step) for i in range(axis.tickCount())]


def category_labels_fit(window: DashboardWindow) -> None:
    for key, view in window.charts.items():
        chart = view.chart()
        (axis,) = chart.axes(Qt.Orientation.Horizontal)
        assert isinstance(axis, QBarCategoryAxis)
        metrics = QFontMetricsF(axis.labelsFont())
        # What Qt gives a label before it elides it (horizontalaxis.cpp): the plot's
        # width over one more than the categories, less 5 px padding each side.
        slot = chart.plotArea().width() / (axis.count() + 1) - 10
        upright = abs(axis.labelsAngle()) == 90
        for label in axis.categories():
            needs = metrics.height() if upright else metrics.horizontalAdvance(label)
            assert needs <= slot, f"{key}: {label!r} needs {needs:.0f} px of a {slot:.0f} px slot"


def test_an_empty_day_counts_in_whole_citizens(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    window = small_dashboard(qtbot, office)
    for key, view in window.charts.items():
        (axis,) = view.chart().axes(Qt.Orientation.Vertical)
        assert isinstance(axis, QValueAxis)
        assert value_labels(axis) == ["0", "1", "2", "3", "4"], key


def test_no_axis_label_is_cut_on_a_1024_screen(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    window = small_dashboard(qtbot, office)
    qtbot.waitUntil(lambda: category_labels_fit(window), timeout=3000)
    histogram = window.charts["sebaran-tunggu"].chart().axes(Qt.Orientation.Horizontal)[0]
    assert "120+" in histogram.categories()
