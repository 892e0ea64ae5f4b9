"""Every screen speaks Indonesian, with English one switch away.

Indonesian is the source language of every ``tr()``; English comes from
``resources/i18n/loket_en.ts`` compiled to ``loket_en.qm``. These tests fail when a
string shown to a person has no English translation (found by lupdate in the sources,
or asked for at run time by a real window), when a ``.qm`` is stale, and when the
switch does not change what a person sees.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import QSettings, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from loket.app.office import list_counters, list_services, load_office
from loket.app.users import add_user
from loket.core.tickets import Outcome
from loket.resources import resource_path
from loket.ui.controller import DeskController
from loket.ui.devices.printing import TicketSlip, localized
from loket.ui.dialogs.counter import FinishDialog, TransferDialog
from loket.ui.dialogs.login import LoginDialog
from loket.ui.language import (
    LanguageMenu,
    apply_language,
    install_translations,
    remove_translations,
    saved_language,
)
from loket.ui.signals import app_signals
from loket.ui.windows.display import DisplayWindow, long_date
from loket.ui.windows.kiosk import KioskWindow
from loket.ui.windows.operator import OperatorWindow
from tests.conftest import Office

REPO = Path(__file__).resolve().parents[2]
I18N = resource_path("i18n")
TS = I18N / "loket_en.ts"
#: The options of the documented lupdate command (README): no line numbers, so several
#: people editing the UI at once do not all rewrite the .ts.
LUPDATE_OPTIONS = [
    "-source-language",
    "id",
    "-target-language",
    "en",
    "-locations",
    "none",
    "-no-obsolete",
]

Key = tuple[str, str]  # (context, Indonesian source)


def tool(name: str) -> str:
    """lupdate/lrelease as shipped inside the PySide6 wheel (no PATH or venv scripts)."""
    path = Path(PySide6.__file__).parent / (name + (".exe" if sys.platform == "win32" else ""))
    assert path.is_file(), f"{name} missing from the PySide6 wheel at {path}"
    return str(path)


def messages(ts: Path) -> dict[Key, tuple[str, str | None]]:
    """(context, source) -> (translation, its type attribute: unfinished/vanished/...)."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            text = "".join(translation.itertext()) if translation is not None else ""
            found[(name, message.findtext("source") or "")] = (text, translation.get("type"))
    return found


def source_files() -> list[str]:
    return sorted(
        str(p)
        for pattern in ("loket/ui/*.py", "loket/ui/*/*.py", "loket/*.py")
        for p in REPO.glob(pattern)
    )


@pytest.fixture(scope="module")
def english() -> dict[Key, tuple[str, str | None]]:
    return messages(TS)


@pytest.fixture
def app() -> Iterator[QApplication]:
    """The test QApplication with no Loket translator before or after the test."""
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    remove_translations(instance)
    yield instance
    remove_translations(instance)


# -- the catalogue -----------------------------------------------------------------------


def test_every_message_has_a_finished_english_translation(english) -> None:  # type: ignore[no-untyped-def]
    assert english, "loket_en.ts holds no message"
    untranslated = [key for key, (text, kind) in english.items() if not text.strip() or kind]
    assert not untranslated, f"no English (or marked {{unfinished}}) for: {untranslated}"


def test_the_ts_holds_exactly_the_strings_of_the_sources(tmp_path: Path, english) -> None:  # type: ignore[no-untyped-def]
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [tool("lupdate"), *LUPDATE_OPTIONS, *source_files(), "-ts", str(fresh)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    extracted = set(messages(fresh))
    missing = sorted(extracted - set(english))
    assert not missing, (
        f"strings in the UI without an English translation: {missing}. Run the README's "
        "lupdate command, translate them in resources/i18n/loket_en.ts, then lrelease."
    )
    stale = sorted(set(english) - extracted)
    assert not stale, f"loket_en.ts holds strings no longer in the sources: {stale}"


def test_the_qm_files_are_built_from_their_ts_files(tmp_path: Path) -> None:
    sources = sorted(I18N.glob("*.ts"))
    assert {p.stem for p in sources} >= {"loket_en", "qtbase_id"}
    for ts in sources:
        rebuilt = tmp_path / (ts.stem + ".qm")
        subprocess.run(
            [
                tool("lrelease"),
                "-fail-on-unfinished",
                "-fail-on-invalid",
                str(ts),
                "-qm",
                str(rebuilt),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        committed = ts.with_suffix(".qm")
        assert committed.is_file(), f"{committed.name} is not built"
        assert committed.read_bytes() == rebuilt.read_bytes(), (
            f"{committed.name} is older than {ts.name}: run lrelease (README)"
        )


# -- what a person sees ------------------------------------------------------------------


def windows(office: Office) -> tuple[KioskWindow, OperatorWindow]:
    with office.db.read() as s:
        info, services, counters = load_office(s), list_services(s), list_counters(s)
    user = add_user(office.db, "petugas9", "operator", "1234")
    counter = next(c for c in counters if c.number == 1)
    controller = DeskController(office.client, counter, user)
    kiosk = KioskWindow(office.client, info, services)
    operator = OperatorWindow(controller, info, services, counters, clock=office.clock)
    return kiosk, operator


def test_english_is_one_switch_away_and_back(qtbot, app: QApplication, office: Office) -> None:  # type: ignore[no-untyped-def]
    apply_language(app, "en")
    kiosk, operator = windows(office)
    qtbot.addWidget(kiosk)
    qtbot.addWidget(operator)
    assert kiosk.windowTitle() == "Queue Kiosk"
    assert kiosk.take_button.text() == "Take a Number"
    assert kiosk.priority_button.text().startswith("Priority service")
    assert "&Language / Bahasa" in [a.text() for a in operator.menuBar().actions()]
    assert operator.call_next_button.text() == "Call next\n[F1]"
    assert operator.skip_button.text() == "Skip (no-show)\n[F5]"
    assert [
        operator.issue_row.issue_priority.itemText(i)
        for i in range(operator.issue_row.issue_priority.count())
    ][:3] == ["Not a priority", "Person with a disability", "Elderly"]
    assert operator.lists.waiting_model.headerData(0, Qt.Orientation.Horizontal) == ("Number")
    assert long_date(datetime(2026, 11, 23, 3, tzinfo=UTC)) == "Monday, 23 November 2026"
    operator.close()

    apply_language(app, "id")
    kiosk_id = KioskWindow(office.client, load_office_info(office), [])
    qtbot.addWidget(kiosk_id)
    assert kiosk_id.windowTitle() == "Kios Antrian"
    assert long_date(datetime(2026, 11, 23, 3, tzinfo=UTC)) == "Senin, 23 November 2026"


def load_office_info(office: Office):  # type: ignore[no-untyped-def]
    with office.db.read() as s:
        return load_office(s)


class Recorder(QTranslator):
    """Installed last, so Qt asks it first: notes every lookup and answers nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[Key] = set()

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        self.asked.add((context, source))
        return ""


def test_every_string_the_windows_ask_for_has_a_translation(  # type: ignore[no-untyped-def]
    qtbot, app: QApplication, office: Office, english
) -> None:
    """Catches what lupdate cannot see: ``self.tr(variable)`` and a wrong context."""
    install_translations(app, "en")
    recorder = Recorder()
    app.installTranslator(recorder)
    try:
        kiosk, operator = windows(office)
        qtbot.addWidget(kiosk)
        qtbot.addWidget(operator)
        services = {s.prefix: s for s in kiosk.services}
        # The kiosk, every page: priority reason, confirmation, the number.
        kiosk.priority_button.click()
        kiosk.reason_buttons["lansia"].click()
        kiosk.choose(services["A"])
        assert kiosk.take() is not None
        # The operator panel: issue, call, serve, finish; the lists and their headers.
        operator.issue_row.issue_priority.setCurrentIndex(2)
        operator.issue_row.issue()
        operator.call_next_button.click()
        operator.start_button.click()
        ticket = operator.ticket
        assert ticket is not None
        FinishDialog(ticket, operator).deleteLater()
        TransferDialog(ticket, [*services.values()], operator.counters, 1, operator).deleteLater()
        operator.controller.finish(Outcome.FOLLOW_UP)
        operator.refresh()
        for model in (operator.lists.waiting_model, operator.lists.served_model):
            for column in range(model.columnCount()):
                model.headerData(column, Qt.Orientation.Horizontal)
        operator.call_next_button.click()  # the next number, then none left
        operator.controller.skip()
        operator.call_next_button.click()
        LoginDialog(office.client, operator.counters).deleteLater()
        # The public display, a recall included, and every day and month of its date.
        display = DisplayWindow(office.client, clock=office.clock)
        qtbot.addWidget(display)
        office.desk.issue(services["B"].id)
        called = office.desk.call_next(office.counters[1])
        assert called is not None
        office.desk.recall(called.id, office.counters[1])
        display.refresh()
        for month in range(1, 13):
            for day in range(1, 8):
                long_date(datetime(2026, month, day, 3, tzinfo=UTC))
        slip = TicketSlip(
            "Kelurahan Uji", "Domisili", "A-001", office.clock(), "Asia/Jakarta", 2, 5
        )
        localized(slip).lines()
        operator.close()
        display.close()
    finally:
        app.removeTranslator(recorder)
    ours = {key for key in recorder.asked if not (key[0][:1] == "Q" and key[0][1:2].isupper())}
    assert len(ours) > 60, "the windows asked for almost nothing: is the recorder installed?"
    missing = sorted(key for key in ours if key not in english)
    assert not missing, f"shown without an English translation: {missing}"


def test_indonesian_is_the_default_and_the_choice_is_per_pc(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "loket.ini"), QSettings.Format.IniFormat)
    assert saved_language(settings) == "id"  # whatever the OS speaks
    settings.setValue("language", "fr")
    assert saved_language(settings) == "id"  # nothing shipped for it
    menu = LanguageMenu(None, settings)
    with qtbot.waitSignal(app_signals().message) as said:
        menu.actions_by_language["en"].trigger()
    assert (
        saved_language(QSettings(str(tmp_path / "loket.ini"), QSettings.Format.IniFormat)) == "en"
    )
    assert "dibuka ulang" in said.args[0]
    assert menu.actions_by_language["en"].isChecked()
    assert not menu.actions_by_language["id"].isChecked()


def test_qt_own_buttons_speak_indonesian_too(qtbot, app: QApplication) -> None:  # type: ignore[no-untyped-def]
    install_translations(app, "id")
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Batal"


def test_the_rating_faces_say_their_names_in_english_and_match_the_core(  # type: ignore[no-untyped-def]
    qtbot, app: QApplication, office: Office
) -> None:
    """The faces' names went through ``tr()`` from a variable, which lupdate cannot see:
    in English the citizen's four choices stayed Indonesian."""
    from loket.core.skm import FACES
    from loket.ui.windows.rating import FACE_NAMES, RatingWindow

    assert FACE_NAMES == FACES  # the pad's names are the report's
    apply_language(app, "en")
    try:
        pad = RatingWindow(office.client, office.counters[1])
        qtbot.addWidget(pad)
        names = [pad.faces[score].accessibleName() for score in (1, 2, 3, 4)]
        assert names == ["Very dissatisfied", "Dissatisfied", "Satisfied", "Very satisfied"]
        assert pad.faces[1].text() == "Very\ndissatisfied"
    finally:
        apply_language(app, "id")
