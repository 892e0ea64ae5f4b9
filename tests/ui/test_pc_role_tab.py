"""An admin changes this PC's role later, in Pengaturan kantor → PC kantor (issue 11).

The role lives in ``pc.json`` beside the database: the office's only PC becomes its hub
and back; a client PC leaves its hub (its token is forgotten). Driven by the tab's own
buttons; what ``read_pc`` says afterwards is what the next start of Loket obeys.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from loket.app.users import add_user
from loket.client.connect import PcConfig, read_pc, write_pc
from loket.ui.admin.dialog import AdminDialog
from tests.conftest import Office

LEFT = Qt.MouseButton.LeftButton


def open_tab(qtbot, office: Office):  # type: ignore[no-untyped-def]
    admin = add_user(office.db, "admin", "admin", "rahasia-admin-1")
    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.pc_role_tab)
    return dialog, dialog.pc_role_tab


def test_the_only_pc_becomes_the_hub_pairs_and_revokes_then_goes_back(  # type: ignore[no-untyped-def]
    qtbot, office: Office
) -> None:
    data_dir = office.client.data_dir
    dialog, tab = open_tab(qtbot, office)
    assert "satu-satunya PC kantor" in tab.role_label.text()
    assert tab.make_hub.isVisible() and not tab.hub_box.isVisible()
    qtbot.mouseClick(tab.make_hub, LEFT)
    assert read_pc(data_dir).role == "hub"
    assert "loket hub run" in dialog.message.text() and tab.hub_box.isVisible()
    qtbot.mouseClick(tab.pair_button, LEFT)
    code = tab.code_label.text()
    assert len(code) == 11 and code[5] == "-"
    from loket.hub.pairing import proof, redeem

    redeem(office.db, proof(code, "ab" * 32, "pc"), "Loket 2", "ab" * 32)  # a PC pairs
    qtbot.mouseClick(tab.pair_button, LEFT)  # the list refreshes with each code
    assert tab.pcs.count() == 1 and "Loket 2 — aktif" in tab.pcs.item(0).text()
    qtbot.mouseClick(tab.revoke_button, LEFT)
    assert "Pilih PC" in dialog.message.text()
    tab.pcs.setCurrentRow(0)
    qtbot.mouseClick(tab.revoke_button, LEFT)
    assert "dicabut" in tab.pcs.item(0).text() and "dicabut" in dialog.message.text()
    qtbot.mouseClick(tab.make_standalone, LEFT)
    assert read_pc(data_dir).role == "standalone" and not tab.hub_box.isVisible()


def test_a_client_pc_leaves_its_hub(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    data_dir = office.client.data_dir
    write_pc(data_dir, PcConfig(role="client", hub_url="https://127.0.0.1:8765",
                                fingerprint="cd" * 32, token="x" * 43,
                                office="Kelurahan Uji"))  # fmt: skip
    dialog, tab = open_tab(qtbot, office)
    assert "PC klien" in tab.role_label.text() and "Kelurahan Uji" in tab.role_label.text()
    qtbot.mouseClick(tab.leave, LEFT)
    config = read_pc(data_dir)
    assert config.role == "standalone" and config.token is None
    assert "Mulai ulang Loket" in dialog.message.text()


def test_a_client_whose_hub_died_becomes_the_hub_after_seeing_its_freshness(  # type: ignore[no-untyped-def]
    qtbot, office: Office
) -> None:
    """Take-over (issue 13): "Jadikan PC ini PC utama", freshness shown, confirmed."""
    import socket

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from loket.hub import epoch as epochs
    from loket.hub.promote import write_replica_note

    data_dir = office.client.data_dir
    epochs.begin_term(office.db, "ef" * 32, "PC utama lama", "127.0.0.1", 1)  # replicated
    with socket.socket() as closed:  # the dead hub's port: nothing answers there
        closed.bind(("127.0.0.1", 0))
        dead_port = closed.getsockname()[1]
    write_pc(data_dir, PcConfig(role="client", hub_url=f"https://127.0.0.1:{dead_port}",
                                fingerprint="ef" * 32, token="x" * 43, pc_name="Loket 1",
                                office="Kelurahan Uji"))  # fmt: skip
    write_replica_note(data_dir, {"head_seq": 0, "head_at": None, "serve_port": 18766,
                                  "checked_at": "2026-12-01T01:00:00+00:00"})  # fmt: skip
    dialog, tab = open_tab(qtbot, office)
    assert tab.take_over.isVisible()
    shown: list[str] = []

    def answer(accept: bool) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown.append(box.informativeText())
        wanted = QMessageBox.ButtonRole.AcceptRole if accept else QMessageBox.ButtonRole.RejectRole
        button = next(b for b in box.buttons() if box.buttonRole(b) == wanted)
        qtbot.mouseClick(button, LEFT)

    QTimer.singleShot(0, lambda: answer(False))  # first the admin changes their mind
    qtbot.mouseClick(tab.take_over, LEFT)
    assert read_pc(data_dir).role == "client"
    QTimer.singleShot(0, lambda: answer(True))
    qtbot.mouseClick(tab.take_over, LEFT)
    assert "kejadian terakhir #0" in shown[0] and "tertinggal 0 kejadian" in shown[0]
    config = read_pc(data_dir)
    assert config.role == "hub" and config.token == "x" * 43
    term = epochs.current_term(office.db)
    assert term is not None and term.epoch > 1 and term.port == 18766
    assert "loket hub run" in dialog.message.text() and not tab.take_over.isVisible()
