"""Values a server column cannot hold are rejected with the event that brings them, on
SQLite and PostgreSQL alike, even when a later move (not the issue) brings them: the
batch around them is stored, never failed as a whole (issue 14's bulk ingest writes a
batch in one COPY, so one bad row would otherwise sink a thousand good ones)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from loket.server.models import ServerEvent, ServerTicket

from .live import LiveServer
from .test_api import _enroll, _event, _push


def _move(seq: int, ticket: str, kind: str, minute: int, **fields: Any) -> dict[str, Any]:
    return _event(seq, ticket_id=ticket, kind=kind, at=f"2026-11-23T02:{minute:02d}:00+00:00",
                  counter_id=1, data=fields.pop("data", {}), **fields)  # fmt: skip


def test_a_value_no_column_holds_rejects_its_event_alone(live_server: LiveServer) -> None:
    desk = _enroll(live_server)
    served = str(uuid.uuid4())
    issue = _event(0)["data"]
    far_due = {"outcome": "follow_up", "due_date": "9999-01-01"}
    events = [
        _event(1, data={**issue, "target_counter_id": "loket-3"}),  # text where an id goes
        _event(2, data={**issue, "origin_ticket_id": "x" * 40}),  # longer than its column
        _event(3, ticket_id=served),
        _move(4, served, "called", 1),
        _move(5, served, "started", 2),
        _move(6, served, "finished", 3, data={"notes": "siap\x00"}),  # NUL, by a later move
        _move(7, served, "finished", 4, data=far_due),  # a date beyond the bounds
        _move(8, served, "finished", 5, data={"notes": "siap"}),
        _event(9),
    ]
    response = _push(live_server, desk, events)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    statuses = [r["status"] for r in results]
    assert statuses == ["rejected", "rejected", *["accepted"] * 3, "rejected", "rejected",
                        "accepted", "accepted"]  # fmt: skip
    reasons = [r["reason"] for r in results if r["status"] == "rejected"]
    assert "target_counter_id" in reasons[0] and "origin_ticket_id" in reasons[1]
    assert "NUL" in reasons[2] and "due_date" in reasons[3]
    with live_server.db.read() as s:
        stored = set(s.scalars(select(ServerEvent.seq)))
        ticket = s.scalars(select(ServerTicket).where(ServerTicket.id == served)).one()
    assert stored == {3, 4, 5, 8, 9}
    assert ticket.state == "done" and ticket.notes == "siap" and ticket.due_date is None


def test_times_are_stored_as_their_utc_instant_whatever_the_offset_sent(
    live_server: LiveServer,
) -> None:
    """The writers take a UTC time as it is and convert any other offset (issue 14 skips
    the conversion of UTC values): every stored time is the instant the desk meant."""
    desk = _enroll(live_server)
    ticket = str(uuid.uuid4())
    events = [
        _event(1, ticket_id=ticket, at="2026-11-23T09:00:00.250000+07:00"),  # 02:00:00.25Z
        _move(2, ticket, "called", 5),  # 02:05Z, sent in UTC
        # A 2**70 in the data: beyond what orjson writes; stored as before, not rejected.
        _move(3, ticket, "recalled", 6, data={"note_id": 2**70}),
    ]
    response = _push(live_server, desk, events)
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == ["accepted"] * 3
    with live_server.db.read() as s:
        at = {seq: when for seq, when in s.execute(select(ServerEvent.seq, ServerEvent.at))}
        data = s.scalars(select(ServerEvent.data).where(ServerEvent.seq == 3)).one()
        row = s.scalars(select(ServerTicket).where(ServerTicket.id == ticket)).one()
    issued = datetime(2026, 11, 23, 2, 0, 0, 250000, tzinfo=UTC)
    called = datetime(2026, 11, 23, 2, 5, tzinfo=UTC)
    assert at == {1: issued, 2: called, 3: called + timedelta(minutes=1)}
    assert (row.issued_at, row.queued_at, row.called_at) == (issued, issued, called)
    assert row.last_called_at == called + timedelta(minutes=1)
    assert data == {"note_id": 2**70}
