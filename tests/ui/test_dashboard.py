"""The supervisor dashboard over the fixed day of tests/app/test_reports.py."""

from __future__ import annotations

import shutil
import subprocess
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

import loket.ui.windows.dashboard as dashboard_module
from loket.app.users import add_user
from loket.core.periods import Period
from loket.ui.signals import app_signals
from loket.ui.tools.screenshots import dashboard_screenshot as screenshot
from loket.ui.windows.dashboard import DashboardWindow
from tests.app.test_reports import DAY, build_fixed_day, wib
from tests.conftest import Office


@pytest.fixture
def day_office(office: Office) -> Office:
    build_fixed_day(office)
    office.clock.now = wib(12, 0, day=26)  # three days later: the follow-up is overdue
    return office


def open_dashboard(qtbot, office: Office, **kwargs) -> DashboardWindow:  # type: ignore[no-untyped-def]
    kasi = add_user(office.db, "kasi", "supervisor", "rahasia-kasi-1")
    window = DashboardWindow(office.client, actor=kasi, clock=office.clock, **kwargs)
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    return window


def test_the_day_on_tiles_tables_and_charts(qtbot, day_office: Office) -> None:  # type: ignore[no-untyped-def]
    window = open_dashboard(qtbot, day_office)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.set_period(Period.day(DAY))
    tiles = {key: tile.value.text() for key, tile in window.tiles.items()}
    assert (tiles["issued"], tiles["served"], tiles["no_show"]) == ("7", "4", "1")
    assert tiles["wait"] == "6,5" and tiles["service"] == "11,5"  # 390 s and 690 s
    assert tiles["standard"] == "50,0%" and tiles["ikm"] == "80,56 B"
    assert tiles["overdue"] == "1" and window.tiles["overdue"].property("alert") is True
    services = window.models["services"]
    assert services.index(0, 0).data() == "A" and services.index(0, 3).data() == "4"
    follow = window.models["follow_ups"]
    assert follow.rowCount() == 1 and follow.is_marked(0)
    assert follow.index(0, 5).data() == "Terlambat"
    assert follow.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    operators = window.models["operators"]
    assert operators.index(0, 0).data() == "siti"
    hours = window.charts["per-jam"].chart()
    assert hours.series()[0].count() == 2  # arrivals and served
    assert window.date_from.accessibleName() and window.print_button.accessibleName()


def test_queries_run_off_the_gui_thread(qtbot, day_office: Office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads: list[threading.Thread] = []
    real = dashboard_module.load_dashboard

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard_module, "load_dashboard", spy)
    window = open_dashboard(qtbot, day_office)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.set_period(Period(date(2026, 11, 1), date(2026, 11, 30)))
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert window.data is not None and window.data.stats.counts.issued == 7


def test_today_follows_the_queue_live(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    window = open_dashboard(qtbot, office, live_ms=10)
    qtbot.waitUntil(lambda: window.data is not None, timeout=10_000)
    assert window.is_live() and window.tiles["issued"].value.text() == "0"
    office.desk.issue(office.services["A"])
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        app_signals().changed.emit()
    assert window.tiles["issued"].value.text() == "1"
    window.set_period(Period.day(date(2026, 1, 5)))  # a past day is not live
    qtbot.waitUntil(lambda: window.data.period.start == date(2026, 1, 5), timeout=10_000)  # type: ignore[union-attr]
    assert not window.is_live()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_print_today_in_two_clicks(qtbot, day_office: Office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    day_office.clock.now = wib(15, 0)  # the fixed day itself is today
    target = tmp_path / "hari-ini.pdf"
    asked: list[QPrinter] = []

    def dialog(printer: QPrinter, parent: QWidget) -> bool:  # click 2: "Print"
        asked.append(printer)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return True

    window = open_dashboard(qtbot, day_office, print_dialog=dialog)
    with qtbot.waitSignal(window.printed, timeout=20_000):
        qtbot.mouseClick(window.print_button, Qt.MouseButton.LeftButton)  # click 1
    assert len(asked) == 1 and target.stat().st_size > 0
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "Laporan Harian Pelayanan" in text and "23 November 2026" in text
    assert "Kelurahan Uji" in text


def test_a_cancelled_print_dialog_prints_nothing(qtbot, day_office: Office) -> None:  # type: ignore[no-untyped-def]
    window = open_dashboard(qtbot, day_office, print_dialog=lambda printer, parent: False)
    with qtbot.assertNotEmitted(window.printed):
        window.print_today()
        qtbot.waitUntil(lambda: "dibatalkan" in window.status.text(), timeout=10_000)


def test_screenshot_is_saved(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = screenshot(tmp_path / "dashboard.png", tmp_path / "data", days=2, tickets=40)
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= 1200


def test_overdue_tile_counts_exactly_the_late_rows(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    """Issue 10 item 8: the tile, the table, the report and the CLI share one definition.

    Viewed on the 24th: an older follow-up due the 23rd is late; the fixed day's one,
    due the 24th itself, is not yet. The tile used to add every older open one (2).
    """
    from loket.app.period_stats import stats_for_period
    from loket.app.reports.builders import daily_report
    from loket.core.tickets import Outcome

    desk, sv, ct = office.desk, office.services, office.counters
    office.clock.now = wib(9, 0, day=20)  # Friday: due Monday the 23rd
    old = desk.issue(sv["A"]).ticket.id
    assert desk.call_next(ct[1]).id == old  # type: ignore[union-attr]
    desk.start(old, ct[1])
    desk.finish(old, ct[1], Outcome.FOLLOW_UP)
    build_fixed_day(office)
    office.clock.now = wib(12, 0, day=24)
    day = Period.day(date(2026, 11, 24))
    window = open_dashboard(qtbot, office)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.set_period(day)
    follow = window.models["follow_ups"]
    statuses = [follow.index(r, 5).data() for r in range(follow.rowCount())]
    assert sorted(statuses) == ["Belum diserahkan", "Terlambat"]
    late_rows = [r for r in range(follow.rowCount()) if follow.is_marked(r)]
    assert [statuses[r] for r in late_rows] == ["Terlambat"]
    assert window.tiles["overdue"].value.text() == "1"
    # The same figure in the report's summary and the CLI's JSON.
    as_of = date(2026, 11, 24)
    report = daily_report(office.db, day, now=office.clock.now)
    summary = dict(report.table("Ringkasan").rows)
    assert summary["Tindak lanjut terlambat (termasuk dari sebelum periode)"] == 1
    listed = report.table("Tindak lanjut")
    assert [r[5] for r in listed.rows].count("Terlambat") == 1 == len(listed.marked)
    figures = stats_for_period(office.db, day, as_of=as_of).to_json()["follow_ups"]
    assert figures["overdue_total"] == 1 and figures["backlog_before"] == 2


def test_the_ikm_analysis_and_plan_reach_the_ikm_report(qtbot, day_office: Office) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 item 5: typed in the dashboard for the period, printed at the report's end."""
    from PySide6.QtWidgets import QDialogButtonBox

    from loket.app.reports.ikm import ikm_report

    window = open_dashboard(qtbot, day_office)  # as the Kasi Pelayanan
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.set_period(Period.day(DAY))
    qtbot.mouseClick(window.ikm_button, Qt.MouseButton.LeftButton)
    dialog = window.ikm_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    qtbot.keyClicks(dialog.analysis, "U9 penanganan pengaduan terendah.")
    qtbot.keyClicks(dialog.plan, "Kotak saran dibuka tiap Jumat oleh Kasi.")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    report = ikm_report(day_office.db, Period.day(DAY), now=day_office.clock.now)
    sections = dict(report.sections)
    assert sections["Analisis hasil survei"] == "U9 penanganan pengaduan terendah."
    assert sections["Rencana tindak lanjut"] == "Kotak saran dibuka tiap Jumat oleh Kasi."
    weakest = report.table("Unsur terlemah")
    assert weakest.rows[0][1] == "U9"  # NRR 2.5, the lowest of the worked example
    other = ikm_report(day_office.db, Period.day(date(2026, 11, 24)), now=day_office.clock.now)
    assert "belum diisi" in dict(other.sections)["Analisis hasil survei"]  # saved per period


def test_in_english_the_tables_and_charts_speak_english_and_paper_stays_indonesian(  # type: ignore[no-untyped-def]
    qtbot, qapp, day_office: Office
) -> None:
    """The figures' column titles and chart words come from the reports (Indonesian, as
    the signed paper is): in English the dashboard showed them in Indonesian."""
    from loket.app.reports.tables import hour_chart
    from loket.ui.devices.report_print import build_chart
    from loket.ui.language import apply_language, remove_translations

    apply_language(qapp, "en")
    try:
        window = open_dashboard(qtbot, day_office)
        with qtbot.waitSignal(window.loaded, timeout=10_000):
            window.set_period(Period.day(DAY))
        services = window.models["services"]
        headers = [services.headerData(i, Qt.Orientation.Horizontal) for i in range(4)]
        assert headers == ["Code", "Service", "Standard (minutes)", "Tickets"]
        hours = window.charts["per-jam"].chart()
        assert hours.title() == "Arrivals and served per hour"
        assert [s.label() for s in hours.series()[0].barSets()] == ["Arrived", "Served"]
        assert services.index(0, 0).data() == "A"  # the data itself is not translated
        paper = build_chart(hour_chart(window.data.stats))
        assert paper.title() == "Kedatangan dan selesai per jam"
    finally:
        remove_translations(qapp)
