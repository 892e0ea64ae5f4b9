"""The admin's "Layanan online" tab: an office turns it on from its own screens."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from loket.app.online.booking import session_rules
from loket.app.online.settings import read_online
from loket.app.users import add_user
from loket.ui.admin.dialog import AdminDialog

from .conftest import OnlineDesk

pytestmark = pytest.mark.timeout(60)


def test_an_admin_turns_the_online_extras_on(qtbot: Any, desk: OnlineDesk) -> None:
    from loket.app.audit import SYSTEM
    from loket.app.online.admin import update_online

    update_online(desk.db, SYSTEM, link_base="")  # off, as a new office starts
    admin = add_user(desk.db, "admin", "admin", "rahasia-admin-1")
    dialog = AdminDialog(desk.local, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    tab = dialog.online_tab
    assert not tab.live.isChecked() and tab.link_base.placeholderText().startswith("http://127")
    qtbot.mouseClick(tab.live, Qt.MouseButton.LeftButton)
    tab.placement.setCurrentIndex(tab.placement.findData("session"))
    tab.channel.setCurrentIndex(tab.channel.findData("whatsapp"))
    qtbot.keyClicks(tab.gateway_url, "https://wa.example/api")
    qtbot.keyClicks(tab.gateway_token, "RAHASIA-TOKEN")
    tab.add_session()
    tab.sessions.item(0, 4).setText("25")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "tersimpan" in dialog.message.text(), dialog.message.text()
    settings = read_online(desk.db)
    assert settings.live and settings.link_base.startswith("http://127.0.0.1")  # enrolled URL
    assert settings.placement == "session" and settings.notify_channel == "whatsapp"
    assert settings.gateway_token == "RAHASIA-TOKEN" and tab.gateway_token.text() == ""
    (rule,) = session_rules(desk.db)
    assert (rule.service_prefix, rule.weekdays, rule.quota) == ("A", "12345", 25)
    # A wrong session is refused with its reason; nothing half-saved.
    tab.sessions.item(0, 3).setText("07:00")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "jam selesai" in dialog.message.text()
    assert session_rules(desk.db)[0].end == "10:00"
    # Saving again without typing the token keeps it.
    tab.sessions.item(0, 3).setText("11:00")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert read_online(desk.db).gateway_token == "RAHASIA-TOKEN"
    assert session_rules(desk.db)[0].end == "11:00"
