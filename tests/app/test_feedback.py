"""One-tap ratings, SKM questionnaires and follow-up hand-overs as the desk stores them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from loket.app.feedback import (
    SkmEntry,
    close_follow_up,
    offer_for_counter,
    rate_ticket,
    rating_summary,
    save_skm_response,
    skm_for_period,
    skm_profile,
)
from loket.app.period_stats import stats_for_period
from loket.app.simulate import simulate_day
from loket.app.stats import stats_for_day
from loket.app.users import add_user
from loket.core.errors import IllegalTransition, InvalidInput
from loket.core.periods import Period
from loket.core.skm import Profile, SkmAnswers
from loket.core.tickets import Outcome
from loket.store.database import Database
from tests.conftest import Office
from tests.queries import rating_for


def serve(office: Office, prefix: str = "A", outcome: Outcome = Outcome.COMPLETED) -> str:
    desk, counter = office.desk, office.counters[2]
    ticket = desk.issue(office.services[prefix]).ticket
    desk.call(ticket.id, counter)
    office.clock.advance(minutes=1)
    desk.start(ticket.id, counter)
    office.clock.advance(minutes=5)
    desk.finish(ticket.id, counter, outcome)
    return ticket.id


def test_a_rating_belongs_to_a_finished_ticket(office: Office) -> None:
    waiting = office.desk.issue(office.services["A"]).ticket
    with pytest.raises(IllegalTransition, match="belum selesai"):
        rate_ticket(office.db, waiting.id, 4)
    done = serve(office)
    with pytest.raises(InvalidInput):
        rate_ticket(office.db, done, 0)
    rate_ticket(office.db, done, 2, clock=office.clock)
    rate_ticket(office.db, done, 4, clock=office.clock)  # a second tap replaces the first
    assert rating_for(office.db, done) == 4
    summary = rating_summary(office.db, Period.day(office.desk.today()))
    assert summary.counts == (0, 0, 0, 1) and summary.served == 1


def test_the_counter_offers_its_last_service_once(office: Office) -> None:
    counter = office.counters[2]
    assert offer_for_counter(office.db, counter, clock=office.clock) is None
    done = serve(office)
    offer = offer_for_counter(office.db, counter, clock=office.clock)
    assert offer is not None and offer.ticket_id == done and offer.label == "A-001"
    rate_ticket(office.db, done, 3, clock=office.clock)
    assert offer_for_counter(office.db, counter, clock=office.clock) is None  # rated
    serve(office)
    office.clock.advance(minutes=10)  # the citizen has long gone
    assert offer_for_counter(office.db, counter, clock=office.clock) is None


def test_skm_responses_and_profile(office: Office) -> None:
    day = office.desk.today()
    entry = SkmEntry(SkmAnswers((4,) * 9), Profile(sex="P", age_band="30-39"), None, " bagus ")
    save_skm_response(office.db, entry, clock=office.clock)
    save_skm_response(office.db, SkmEntry(SkmAnswers((3,) * 9)), day=day - timedelta(days=3),
                      source="paper", clock=office.clock)  # fmt: skip
    with pytest.raises(InvalidInput, match="masa depan"):
        save_skm_response(office.db, entry, day=day + timedelta(days=1), clock=office.clock)
    with pytest.raises(InvalidInput, match="kios atau kertas"):
        save_skm_response(office.db, entry, source="web", clock=office.clock)
    today = skm_for_period(office.db, Period.day(day))
    assert today.respondents == 1 and str(today.ikm) == "100.00"
    week = skm_for_period(office.db, Period(day - timedelta(days=6), day))
    # NRR 3.5 on every element: (9 × 3.5 / 9) × 25 = 87.50, band B
    assert week.respondents == 2 and str(week.ikm) == "87.50" and week.band.letter == "B"  # type: ignore[union-attr]
    profile = skm_profile(office.db, Period(day - timedelta(days=6), day))
    assert profile["sex"] == {"P": 1, None: 1} and profile["age_band"]["30-39"] == 1


def test_a_follow_up_is_closed_once(office: Office) -> None:
    done = serve(office, outcome=Outcome.FOLLOW_UP)
    plain = serve(office)
    with pytest.raises(IllegalTransition, match="bukan layanan tindak lanjut"):
        close_follow_up(office.db, plain, clock=office.clock)
    close_follow_up(office.db, done, clock=office.clock)
    with pytest.raises(IllegalTransition, match="sudah ditutup"):
        close_follow_up(office.db, done, clock=office.clock)
    f = stats_for_period(office.db, Period.day(office.desk.today())).follow_ups
    assert (f.total, f.closed, f.open) == (1, 1, 0)


def test_a_simulated_week_has_an_ikm_and_named_operators(db: Database) -> None:
    from loket.app.demo import ensure_demo_office

    ensure_demo_office(db, 3)
    add_user(db, "petugas1", "operator", "kunci-1234")
    start = date(2026, 11, 2)
    for offset in range(3):
        result = simulate_day(db, start + timedelta(days=offset), 60, 3, seed=offset)
        assert result.ratings > 0
    st = stats_for_period(db, Period(start, start + timedelta(days=2)), as_of=date(2026, 12, 1))
    assert st.skm is not None and st.skm.respondents > 0 and st.skm.ikm is not None
    assert 25 <= st.skm.ikm <= 100 and st.skm.band is not None
    assert 0 < st.ratings.count <= st.counts.served
    assert [o.group.name for o in st.by_operator] == ["petugas1"]  # works counter 1
    assert st.by_operator[0].productivity.per_hour(st.by_operator[0].group.counts.served)
    assert st.follow_ups.total > 0 and st.follow_ups.closed > 0


def test_the_citizens_side_leaves_the_queue_figures_as_they_were(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from loket.store.migrate import open_database

    figures = []
    for name, feedback in (("with", True), ("without", False)):
        db = open_database(tmp_path / name)
        try:
            simulate_day(db, date(2026, 11, 19), 60, 3, seed=42, feedback=feedback)
            figures.append(stats_for_day(db, date(2026, 11, 19)).to_json())
        finally:
            db.close()
    assert figures[0] == figures[1]
