"""A ticket's UPDATE writes exactly the columns a transition changed, as stored.

``QueueSql.update_ticket`` compares the two versions field by field (issue 14: two
rows of thirty-one values built per change were a tenth of a call-next); what it
writes must be what comparing the two stored rows gives, for every kind of change.
"""

from __future__ import annotations

from typing import Any

import pytest

from loket.core.tickets import Outcome, Ticket
from loket.store.projection import row_values
from loket.store.queue_sql import QueueSql, _changed
from tests.conftest import Office


def _row_diff(before: Ticket, after: Ticket) -> dict[str, Any]:
    old, new = row_values(before), row_values(after)
    return {name: value for name, value in new.items() if old[name] != value}


def test_every_transition_writes_what_the_rows_differ_in(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Ticket, Ticket]] = []
    update = QueueSql.update_ticket

    def recording(self: QueueSql, before: Ticket, after: Ticket) -> None:
        seen.append((before, after))
        update(self, before, after)

    monkeypatch.setattr(QueueSql, "update_ticket", recording)
    desk, a, b = office.desk, office.services["A"], office.services["B"]
    first = desk.issue(a, "lansia").ticket
    second = desk.issue(a).ticket
    desk.issue(b)
    counter = office.counters[1]
    called = desk.call_next(counter)
    assert called is not None and called.id == first.id
    desk.recall(called.id, counter)
    desk.skip(called.id, counter)
    desk.return_to_queue(called.id)
    called = desk.call(called.id, counter)
    desk.start(called.id, counter)
    desk.finish(called.id, counter, Outcome.FOLLOW_UP, notes="berkas kurang")
    moved = desk.call(second.id, counter)
    successor = desk.transfer(moved.id, counter, to_service_id=b)
    desk.cancel(successor.id, "pulang")
    kinds = {(before.state, after.state) for before, after in seen}
    assert len(kinds) >= 8, kinds
    for before, after in seen:
        assert _changed(before, after) == _row_diff(before, after), (before.state, after.state)
