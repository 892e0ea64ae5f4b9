"""The citizen's one-tap rating window and the SKM questionnaire, driven like a citizen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from loket.app.feedback import skm_for_period, skm_profile
from loket.app.office import list_services
from loket.core.periods import Period
from loket.ui.signals import app_signals
from loket.ui.windows.rating import RatingWindow
from loket.ui.windows.skm_form import SkmForm
from tests.conftest import Office
from tests.queries import rating_for


def finish_one(office: Office, counter: int = 1) -> str:
    desk, cid = office.desk, office.counters[counter]
    ticket = desk.issue(office.services["A"]).ticket
    desk.call(ticket.id, cid)
    office.clock.advance(minutes=1)
    desk.start(ticket.id, cid)
    office.clock.advance(minutes=4)
    desk.finish(ticket.id, cid)
    app_signals().changed.emit()  # as the operator's controller announces every change
    return ticket.id


def rating_window(qtbot, office: Office, **kwargs) -> RatingWindow:  # type: ignore[no-untyped-def]
    window = RatingWindow(office.client, office.counters[1], clock=office.clock, **kwargs)
    qtbot.addWidget(window)
    window.resize(900, 500)
    window.show()
    return window


def test_faces_appear_after_a_service_and_a_tap_is_stored(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    window = rating_window(qtbot, office, thanks_ms=20)
    assert not window.is_asking() and not window.faces[4].isVisible()
    ticket = finish_one(office)
    assert window.is_asking() and "A-001" in window.question.text()
    assert [window.faces[s].accessibleName() for s in (1, 4)] == ["Sangat tidak puas",
                                                                  "Sangat puas"]  # fmt: skip
    with qtbot.waitSignal(window.rated) as signal:
        qtbot.mouseClick(window.faces[4], Qt.MouseButton.LeftButton)
    assert signal.args == [ticket, 4] and rating_for(office.db, ticket) == 4
    assert "Terima kasih" in window.question.text()
    qtbot.waitUntil(lambda: "berkunjung" in window.question.text(), timeout=2000)
    app_signals().changed.emit()
    assert not window.is_asking()  # a rated ticket is not offered again


def test_skipping_never_stores_and_other_counters_are_ignored(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    window = rating_window(qtbot, office)
    finish_one(office, counter=2)
    assert not window.is_asking()  # counter 2's citizen is not at this screen
    ticket = finish_one(office)
    with qtbot.waitSignal(window.skipped):
        qtbot.mouseClick(window.skip_button, Qt.MouseButton.LeftButton)
    assert rating_for(office.db, ticket) is None
    app_signals().changed.emit()
    assert not window.is_asking()  # skipped once: not asked again


def test_nobody_tapping_times_out(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    window = rating_window(qtbot, office, timeout_ms=30)
    ticket = finish_one(office)
    with qtbot.waitSignal(window.skipped, timeout=2000) as signal:
        pass
    assert signal.args == [ticket] and not window.is_asking()


def open_skm_form(qtbot, office: Office) -> SkmForm:  # type: ignore[no-untyped-def]
    """The SKM questionnaire over the office's services, shown at a kiosk's size."""
    with office.db.read() as s:
        services = list_services(s)
    form = SkmForm(office.client, services, clock=office.clock)
    qtbot.addWidget(form)
    form.resize(1000, 800)
    form.show()
    return form


def test_the_skm_form_needs_all_nine_and_saves_anonymously(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    form = open_skm_form(qtbot, office)
    assert not form.save_button.isEnabled() and "9 unsur" in form.message.text()
    for index, group in enumerate(form.groups):
        button = group.button(3 if index < 8 else 2)
        button.setChecked(True)
        group.idClicked.emit(group.id(button))
    assert form.save_button.isEnabled()
    form.profile["sex"].setCurrentIndex(form.profile["sex"].findData("P"))
    qtbot.keyClicks(form.suggestion, "Ruang tunggu panas")
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    period = Period.day(office.desk.today())
    result = skm_for_period(office.db, period)
    # NRR 3 on eight elements, 2 on U9: (26 / 9) × 25 = 72.22, band C
    assert result.respondents == 1 and str(result.ikm) == "72.22"
    assert result.band is not None and result.band.letter == "C"
    assert skm_profile(office.db, period)["sex"] == {"P": 1}
    assert form.answers() is None and not form.save_button.isEnabled()  # ready for the next
    names = {radio.accessibleName() for g in form.groups for radio in g.buttons()}
    assert "U1 Persyaratan: Sangat sesuai" in names and len(names) == 36


def test_a_huge_paste_into_the_skm_suggestion_is_cut_and_saved(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    """Pasting a page of text laid out for minutes; the office keeps 1000 characters."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    form = open_skm_form(qtbot, office)
    for group in form.groups:
        button = group.button(4)
        button.setChecked(True)
        group.idClicked.emit(group.id(button))
    # (setText: a QMimeData of ours would be deleted twice, by the clipboard and Python)
    QApplication.clipboard().setText("ruang tunggu panas sekali " * 20_000)  # 520,000, one line
    QTest.keySequence(form.suggestion, "Ctrl+V")
    assert len(form.suggestion.toPlainText()) == 1000
    assert "dipotong" in form.message.text()
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "tersimpan" in form.message.text()


def test_the_rating_pad_opens_filling_a_small_screen_with_big_faces(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    """It opened at 489×161, the least its layouts need: four fingertip-sized faces."""
    window = RatingWindow(office.client, office.counters[1], clock=office.clock)
    qtbot.addWidget(window)
    window.show()
    finish_one(office)
    free = window.screen().availableGeometry()
    want_w, want_h = min(1024, free.width() - 16), min(768, free.height() - 40)
    assert window.width() >= want_w * 0.95 and window.height() >= want_h * 0.95, (
        f"opened at {window.width()}×{window.height()}"
    )
    assert window.width() <= free.width() and window.height() <= free.height()
    for face in window.faces.values():
        assert face.isVisible()
        assert face.width() >= 150 and face.height() >= 200, "a face too small to touch"
