"""Figures from a small hand-made day, checked against hand-computed numbers."""

from __future__ import annotations

from datetime import date

import pytest

from loket.core.stats import Summary, TicketFacts, day_stats, percentile
from loket.core.tickets import TicketState as S


def test_percentile_and_summary() -> None:
    assert percentile([10], 90) == 10
    assert percentile([0, 10], 50) == 5
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == pytest.approx(9.1)
    s = Summary.of([300, 60, 120, 600])
    assert (s.count, s.mean, s.median, s.max) == (4, 270.0, 210.0, 600)
    assert s.p90 == pytest.approx(510.0)
    assert Summary.of([]).mean is None


def f(service: int, counter: int | None, state: S, wait: int | None = None,
      svc: int | None = None, hour: int = 9, end: int | None = 10,
      transfer_in: bool = False) -> TicketFacts:  # fmt: skip
    return TicketFacts(service, counter, state, transfer_in, hour, end, wait, svc)


def test_day_figures_add_up() -> None:
    facts = [
        f(1, 1, S.DONE, 60, 300),
        f(1, 1, S.DONE, 180, 600, hour=10, end=10),
        f(1, 2, S.TRANSFERRED, 120, 100),
        f(2, 2, S.DONE, 30, 900, transfer_in=True, hour=10, end=11),
        f(2, 2, S.NO_SHOW, 600, None),
        f(2, None, S.CANCELLED, end=9),
        f(1, None, S.WAITING, end=None, hour=11),
    ]
    services = {1: ("A", "Domisili"), 2: ("B", "SKTM"), 3: ("C", "Idle")}
    counters = {1: ("1", "Loket 1"), 2: ("2", "Loket 2")}
    st = day_stats(date(2026, 11, 23), facts, services, counters)
    c = st.counts
    assert (c.issued, c.served, c.no_show, c.cancelled, c.transferred, c.open) == (7, 3, 1, 1, 1, 1)
    assert (st.taken, st.transfers_in) == (6, 1)
    assert st.service_time.mean == 600.0  # (300 + 600 + 900) / 3: only finished services
    assert st.waiting_time.median == 120.0  # of 60, 180, 120, 30, 600
    assert [g.counts.issued for g in st.by_service] == [4, 3, 0]
    assert sum(g.counts.served for g in st.by_counter) == c.served
    assert st.by_service[2].waiting_time.count == 0  # idle service listed with zeros
    assert st.by_hour == [
        {"hour": 9, "issued": 4, "served": 0},
        {"hour": 10, "issued": 2, "served": 2},
        {"hour": 11, "issued": 1, "served": 1},
    ]
    js = st.to_json()
    assert js["by_service"][0]["service_id"] == 1 and js["waiting_time"]["p90"] is not None
