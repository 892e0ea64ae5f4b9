"""A newcomer with an empty data dir is guided to a working office."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from loket.app.desk import Desk
from loket.app.office import has_office, list_counters, list_services
from loket.app.setup import SetupPlan, apply_plan
from loket.app.users import authenticate
from loket.store.migrate import open_database
from loket.ui.wizard import SetupWizard


def test_wizard_sets_up_a_working_office(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_database(tmp_path / "data")
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.start.new_office.setChecked(True)
    wizard.next()
    qtbot.keyClicks(wizard.office.name, "Kelurahan Cihapit")
    qtbot.keyClicks(wizard.office.kode, "327301100")  # one digit short
    wizard.next()
    assert wizard.currentId() == wizard.PAGE_OFFICE and "10 angka" in wizard.office.error.text()
    wizard.office.kode.setText("3273011006")
    wizard.office.zone.setCurrentIndex(2)  # WITA
    wizard.next()
    assert wizard.office.kode.text() == "32.73.01.1006"
    # services: the first five are ticked; untick D, give A a shorter standard time
    wizard.services.table.item(3, 0).setCheckState(Qt.CheckState.Unchecked)
    wizard.services.table.item(0, 2).setText("8")
    wizard.next()
    wizard.counters.count.setValue(3)
    # counter 3 serves only E
    for col in range(wizard.counters.table.columnCount()):
        if wizard.counters.table.horizontalHeaderItem(col).text() != "E":
            wizard.counters.table.item(2, col).setCheckState(Qt.CheckState.Unchecked)
    wizard.next()
    qtbot.keyClicks(wizard.admin.name, "Admin Kelurahan")
    qtbot.keyClicks(wizard.admin.password, "rahasia-1")
    qtbot.keyClicks(wizard.admin.repeat, "rahasia-2")
    assert not wizard.admin.validatePage() and "tidak sama" in wizard.admin.error.text()
    wizard.admin.repeat.setText("rahasia-1")
    assert wizard.admin.validatePage()  # creates the office
    assert wizard.created and not wizard.wants_demo()
    assert has_office(db)
    with db.read() as s:
        services = {sv.prefix: sv for sv in list_services(s)}
        counters = list_counters(s)
    assert sorted(services) == ["A", "B", "C", "E"] and services["A"].standard_minutes == 8
    assert len(counters) == 3 and counters[2].service_ids == (services["E"].id,)
    assert authenticate(db, "admin kelurahan", "rahasia-1") is not None
    ticket = Desk(db).issue(services["A"].id).ticket  # the office works at once
    assert ticket.label == "A-001"
    db.close()


def test_the_demo_choice_creates_nothing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_database(tmp_path / "data")
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    assert wizard.start.demo.isChecked() and wizard.start.isFinalPage()
    assert wizard.wants_demo() and not has_office(db)
    db.close()


def test_a_plan_lists_every_problem_before_writing(tmp_path: Path) -> None:
    db = open_database(tmp_path / "data")
    plan = SetupPlan(office_name=" ", kode_wilayah="12", counters={1: []}, admin_password="1")
    problems = plan.problems()
    assert len(problems) >= 5
    assert any("Kode wilayah" in p for p in problems) and any("Loket 1" in p for p in problems)
    import pytest

    from loket.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        apply_plan(db, plan)
    assert not has_office(db)
    db.close()
