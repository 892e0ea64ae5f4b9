"""Text an admin types (a requirement, a service name) shows as typed on citizen screens.

The kiosk's requirement list and the display's waiting counts are rich text; a "<" in
"usia < 17 tahun" began a tag there and the rest of the line vanished from the screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from loket.app.office import list_services, load_office
from loket.app.users import add_user
from loket.ui.windows.display import DisplayWindow
from loket.ui.windows.kiosk import KioskWindow
from tests.conftest import Office

REQUIREMENTS = "Usia < 17 tahun: akta kelahiran; KTP & KK <asli>"
NAME = "Surat Keterangan <Usia> Anak"


def shown(rich_text: str) -> str:
    """What a person reads on a label showing ``rich_text``."""
    document = QTextDocument()
    document.setHtml(rich_text)
    return document.toPlainText()


def retype_service_a(office: Office) -> None:
    admin = add_user(office.db, "admin", "admin", "admin-pass")
    a = next(s for s in office.client.services() if s.prefix == "A")
    office.client.update_service(a.id, NAME, a.standard_minutes, a.fee, a.daily_quota,
                                 REQUIREMENTS, True, actor=admin)  # fmt: skip


def test_the_kiosk_shows_a_requirement_with_a_less_than_sign(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    retype_service_a(office)
    with office.db.read() as s:
        kiosk = KioskWindow(office.client, load_office(s), list_services(s))
    qtbot.addWidget(kiosk)
    kiosk.resize(1024, 768)
    kiosk.show()
    qtbot.mouseClick(kiosk.service_buttons["A"], Qt.MouseButton.LeftButton)
    title = kiosk.confirm_title
    assert title.text() == NAME and title.textFormat() == Qt.TextFormat.PlainText
    text = shown(kiosk.confirm_detail.text())
    assert "Usia < 17 tahun: akta kelahiran" in text
    assert "KTP & KK <asli>" in text


def test_the_display_shows_a_service_name_with_angle_brackets(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    retype_service_a(office)
    office.desk.issue(office.services["A"])
    display = DisplayWindow(office.client, clock=office.clock)
    qtbot.addWidget(display)
    display.refresh()
    assert f"A {NAME}: 1" in shown(display.waiting.text())
