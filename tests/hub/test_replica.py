"""A client's replica of the office: the hub's events, tickets and set-up in its own file."""

from __future__ import annotations

import json
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import select

from loket.store.database import Database
from loket.store.migrate import open_database
from loket.store.models import EventRow, Service, TicketRow, User

from .helpers import HubOffice, HubProcess, hub_db
from .replica_pc import replica_pc
from .test_lan import loket

WAIT_S = 30.0


def wait_for(predicate: Any, timeout: float = WAIT_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def snapshot(db: Database) -> dict[str, Any]:
    """What must be equal on the hub and on a replica."""
    with db.read() as s:
        tickets = sorted(
            tuple(getattr(r, c.name) for c in TicketRow.__table__.columns)
            for r in s.scalars(select(TicketRow))
        )
        events = [(r.seq, r.id, r.kind, r.ticket_id) for r in s.scalars(select(EventRow))]
        users = sorted((u.name, u.role, u.password_hash) for u in s.scalars(select(User)))
        services = sorted((sv.prefix, sv.name) for sv in s.scalars(select(Service)))
    return {"tickets": tickets, "events": events, "users": users, "services": services}


def test_a_client_keeps_a_replica_of_the_office_that_replays_to_the_same_tickets(
    hub: HubProcess, hub_office: HubOffice, tmp_path: Path
) -> None:
    client_dir = tmp_path / "pc1"
    with replica_pc(hub, client_dir, 18765) as client, closing(hub_db(hub)) as hub_file:
        follower, office = client.follower, client.office
        a = hub_office.services["A"]
        for _ in range(5):
            office.issue(a, None, actor=None)
        user = office.login("petugas1", "1234")
        called = office.call_next(hub_office.counters[1], actor=user)
        assert called is not None
        office.start(called.id, hub_office.counters[1], actor=user)
        want = snapshot(hub_file)
        head = want["events"][-1][0]
        assert wait_for(lambda: follower.last_seq >= head), (follower.last_seq, head)
        replica = open_database(client_dir)
        try:
            assert snapshot(replica) == snapshot(hub_file)
        finally:
            replica.close()
        assert follower.status().behind == 0 and follower.status().connected
        # Its lag was measured, event by event (commit on the hub -> here).
        assert follower.lags and all(0 <= lag < 10_000 for lag in follower.lags)
        # The hub now knows where this PC would serve, with which certificate.
        status = loket("--data-dir", client_dir, "hub", "status", "--json")
        assert status.returncode == 0, status.stderr
        shown = json.loads(status.stdout)
        assert shown["role"] == "client" and shown["epoch"] == 1 and shown["hub_reachable"]
        assert shown["last_seq"] == head and shown["replica"]["behind"] == 0
        mine = [pc for pc in shown["pcs"] if pc["name"] == "Loket 1"]
        assert mine and mine[0]["replica_lag_events"] == 0
        on_hub = json.loads(loket("--data-dir", hub.data_dir, "hub", "status", "--json").stdout)
        assert on_hub["role"] == "hub" and on_hub["serving"] and on_hub["last_seq"] == head


def feedback_rows(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """The satisfaction rows as stored, ``sync_seq`` included."""
    from loket.store.feedback_models import FollowUpClosureRow, RatingRow, SkmResponseRow

    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.read() as s:
        for model in (RatingRow, SkmResponseRow, FollowUpClosureRow):
            columns = [c.name for c in model.__table__.columns]
            out[model.__tablename__] = sorted(
                tuple(getattr(r, c) for c in columns) for r in s.scalars(select(model))
            )
    return out


def test_ratings_skm_answers_and_hand_overs_reach_the_replica_with_their_sync_seq(
    hub: HubProcess, hub_office: HubOffice, tmp_path: Path
) -> None:
    from loket.app.feedback import SkmEntry
    from loket.core.skm import Profile, SkmAnswers
    from loket.core.tickets import Outcome
    from loket.store.feedback_models import SkmResponseRow

    client_dir = tmp_path / "pc1"
    with (
        replica_pc(hub, client_dir, 18766) as client,
        closing(hub_db(hub)) as hub_file,
        closing(open_database(client_dir)) as replica,
    ):
        office = client.office

        def replicated() -> bool:
            want = feedback_rows(hub_file)
            # The citizen's free-text suggestion stays on the hub.
            skm_suggestion = [c.name for c in SkmResponseRow.__table__.columns].index("suggestion")
            want["skm_responses"] = [
                (*row[:skm_suggestion], None, *row[skm_suggestion + 1 :])
                for row in want["skm_responses"]
            ]
            return feedback_rows(replica) == want

        a = hub_office.services["A"]
        counter = hub_office.counters[1]
        user = office.login("petugas1", "1234")
        rated = office.issue(a, None, actor=None).ticket
        follow = office.issue(a, None, actor=None).ticket
        for ticket, outcome in ((rated, Outcome.COMPLETED), (follow, Outcome.FOLLOW_UP)):
            called = office.call_next(counter, actor=user)
            assert called is not None and called.id == ticket.id
            office.start(called.id, counter, actor=user)
            office.finish(called.id, counter, outcome, actor=user)
        office.rate_ticket(rated.id, 2)
        office.save_skm_response(
            SkmEntry(
                SkmAnswers((4, 3, 4, 3, 4, 3, 4, 3, 4)),
                Profile(sex="P"),
                a,
                suggestion="Pak Budi di loket 1 sangat membantu",
            )
        )
        office.close_follow_up(follow.id, "diambil sendiri", actor=user)
        on_hub = feedback_rows(hub_file)
        assert all(len(rows) == 1 for rows in on_hub.values()), on_hub
        assert wait_for(replicated), (feedback_rows(replica), on_hub)
        held = feedback_rows(replica)
        assert held["skm_responses"][0][-3] is None  # suggestion, before uid and sync_seq
        assert held["follow_up_closures"][0][3] == "diambil sendiri"
        first_seq = held["ticket_ratings"][0][-1]
        # A second tap replaces the first face: the replica follows, with the new number.
        office.rate_ticket(rated.id, 4)
        assert wait_for(replicated), (feedback_rows(replica), feedback_rows(hub_file))
        again = feedback_rows(replica)["ticket_ratings"]
        assert len(again) == 1 and again[0][1] == 4 and again[0][-1] > first_seq
