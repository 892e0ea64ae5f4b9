"""The desk's satisfaction outbox (issue 15 item 9): every rating, questionnaire and
hand-over is numbered when written, renumbered when changed, and never below what the
city already acknowledged (a client promoted to hub inherits the cursor, not the rows)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from loket.app.feedback import SkmEntry, add_skm_responses, rate_ticket
from loket.core.skm import SkmAnswers
from loket.store.feedback_models import RatingRow, SkmResponseRow
from loket.store.models import TicketRow
from loket.sync.feedback import next_feedback_batch, set_cursor
from tests.app.test_reports import build_fixed_day
from tests.conftest import Office


def _seq(office: Office, ticket_id: str) -> int:
    with office.db.read() as s:
        row = s.get(RatingRow, ticket_id)
        assert row is not None and row.sync_seq is not None
        return row.sync_seq


def test_rows_are_numbered_renumbered_and_never_below_the_cursor(office: Office) -> None:
    build_fixed_day(office)
    with office.db.read() as s:
        done = s.scalars(select(TicketRow.id).where(TicketRow.state == "done")).all()
    assert len(done) >= 2
    first = _seq(office, done[0]) if _rated(office, done[0]) else None
    rate_ticket(office.db, done[0], 4, clock=office.clock)
    seq = _seq(office, done[0])
    assert first is None or seq > first
    rate_ticket(office.db, done[0], 2, clock=office.clock)  # a second tap: goes again
    assert _seq(office, done[0]) > seq
    add_skm_responses(office.db, [(date(2026, 11, 23), SkmEntry(SkmAnswers((3,) * 9)))])
    with office.db.read() as s:
        skm = s.scalars(select(SkmResponseRow).order_by(SkmResponseRow.id.desc())).first()
        assert skm is not None and skm.uid and skm.sync_seq is not None
    batch = next_feedback_batch(office.db, 100)
    assert batch is not None and batch.after_seq == 0
    assert [i.seq for i in batch.items] == sorted(i.seq for i in batch.items)
    items = {i.key: i for i in batch.items}
    assert items[done[0]].data["score"] == 2 and items[str(skm.uid)].kind == "skm"
    assert "suggestion" not in items[str(skm.uid)].data  # free text stays at the office
    # A promoted client: the old hub's cursor came with the settings, its rows did not.
    set_cursor(office.db, 10_000)
    assert next_feedback_batch(office.db, 100) is None
    with office.db.read() as s:
        before = s.get(RatingRow, done[1])
        score = 1 if before is not None and before.score != 1 else 3
    rate_ticket(office.db, done[1], score, clock=office.clock)
    assert _seq(office, done[1]) == 10_001
    again = next_feedback_batch(office.db, 100)
    assert again is not None and [i.key for i in again.items] == [done[1]]


def _rated(office: Office, ticket_id: str) -> bool:
    with office.db.read() as s:
        return s.get(RatingRow, ticket_id) is not None
