"""Item models tested without a window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from loket.ui.models.tickets import ServedModel, TicketRole, WaitingModel
from tests.conftest import Office


def test_waiting_model_rows_and_columns(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    office.desk.issue(office.services["A"])
    office.clock.advance(minutes=12)
    office.desk.issue(office.services["B"], "lansia")
    model = WaitingModel()
    model.now = office.clock
    model.service_names = {office.services["A"]: "Domisili", office.services["B"]: "SKTM"}
    model.set_tickets(office.desk.waiting())
    assert (model.rowCount(), model.columnCount()) == (2, 4)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Nomor"
    first = [model.data(model.index(0, c)) for c in range(4)]
    assert first == ["B-001", "SKTM", "Lansia", "0 mnt"]  # priority first, strict policy
    assert model.data(model.index(1, 3)) == "12 mnt"
    assert model.data(model.index(0, 0), TicketRole).label == "B-001"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).bold()


def test_served_model_shows_outcome_and_service_time(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    t = office.desk.quick_serve(office.services["A"], office.counters[1])
    office.clock.advance(minutes=8)
    office.desk.finish(t.id, office.counters[1], "rejected", reason="KTP hilang")
    model = ServedModel()
    model.counter_numbers = {office.counters[1]: 1}
    model.set_tickets([office.desk.ticket(t.id)])
    assert [model.data(model.index(0, c)) for c in (0, 2, 3, 4)] == [
        "A-001",
        "1",
        "Ditolak",
        "8 mnt",
    ]
