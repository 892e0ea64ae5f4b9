"""Period arithmetic: figures from aggregate rows equal figures from every ticket."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest

from loket.core.errors import InvalidInput
from loket.core.periods import (
    WAIT_BUCKETS,
    CountRow,
    DutyRow,
    FollowUp,
    FollowUpFigures,
    Period,
    RankedRow,
    ValueRow,
    count_rows_from_values,
    period_stats,
    ranked_from_values,
    wait_buckets,
)
from loket.core.stats import Summary, percentile_ranks, values_at_ranks
from loket.core.tickets import TicketState as S


def ranked(metric: str, dim: str, key: int, values: list[int]) -> RankedRow:
    data = sorted(values)
    return RankedRow(metric, dim, key, len(data), sum(data), data[-1],
                     {i: float(data[i]) for i in percentile_ranks(len(data))})  # fmt: skip


def test_summary_from_ranks_equals_summary_of_all_values() -> None:
    rng = random.Random(4)
    for size in [1, 2, 3, 7, 10, 11, 101, 999]:
        values = [rng.randint(0, 5000) for _ in range(size)]
        row = ranked("wait", "all", 0, values)
        assert Summary.from_ranks(row.count, row.total, row.maximum, row.at_rank) == Summary.of(
            values
        )
    assert Summary.from_ranks(0, 0, None, {}) == Summary()


def histogram(values: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def test_summary_from_counts_equals_summary_of_all_values() -> None:
    rng = random.Random(11)
    for size in [1, 2, 3, 4, 5, 9, 10, 11, 20, 101, 999, 5000]:
        for spread in [1, 3, 60, 5000]:
            values = [rng.randint(0, spread) for _ in range(size)]
            assert Summary.from_counts(histogram(values)) == Summary.of(values), (size, spread)
            row = RankedRow.of_counts("wait", "all", 0, histogram(values))
            assert row == ranked("wait", "all", 0, values)
    assert Summary.from_counts({}) == Summary() == Summary.from_counts({7: 0})
    assert Summary.from_counts({-5: 2, 10: 1}) == Summary.of([-5, -5, 10])
    with pytest.raises(ValueError, match="negative"):
        Summary.from_counts({3: -1})
    with pytest.raises(ValueError, match="no wait"):
        RankedRow.of_counts("wait", "all", 0, {3: 0})


def test_values_at_ranks_read_the_cumulative_counts() -> None:
    counts = {30: 2, 10: 1, 20: 0, 40: 3}  # sorted: 10 30 30 40 40 40
    assert values_at_ranks(counts, [5, 0, 1, 2, 3, 3]) == {0: 10, 1: 30, 2: 30, 3: 40, 5: 40}
    assert values_at_ranks(counts, []) == {}
    for bad in ([6], [-1]):
        with pytest.raises(IndexError):
            values_at_ranks(counts, bad)


def test_histogram_rows_give_the_counts_and_summaries_of_the_tickets() -> None:
    """Rows per combination and value give what the tickets themselves give: waits and
    walks of all for the office and services, only the served for counters and
    operators; service times of finished tickets; timed and within per combination."""
    rng = random.Random(5)
    tickets = []
    for _ in range(400):
        state = rng.choice(list(S))
        counter = rng.choice([None, 1, 2])
        user = rng.choice([None, 7, 8]) if counter else None
        tickets.append(
            (rng.choice([1, 2, 9]), counter, user, state, rng.random() < 0.1,
             rng.choice([None, rng.randint(0, 9000)]), rng.choice([None, rng.randint(5, 90)]),
             rng.choice([None, rng.randint(60, 1800)]))
        )  # fmt: skip
    rows: dict[tuple[object, ...], int] = {}
    for sid, cid, uid, state, transfer_in, wait, walk, service in tickets:
        for metric, value in (("wait", wait), ("walk", walk), ("service", service)):
            if metric == "wait" or value is not None:
                key = (metric, sid, cid, uid, state, transfer_in, value)
                rows[key] = rows.get(key, 0) + 1
    values = [ValueRow(*key, n) for key, n in rows.items()]  # type: ignore[arg-type]
    want: dict[tuple[str, str, int], list[int]] = {}
    for sid, cid, uid, state, _, wait, walk, service in tickets:
        done = state is S.DONE
        for metric, value in (("wait", wait), ("walk", walk), ("service", service)):
            if value is None or (metric == "service" and not done):
                continue
            groups = [("all", 0), ("service", sid)]
            groups += [("counter", cid)] if done and cid is not None else []
            groups += [("user", uid)] if done and uid is not None else []
            for dim, key in groups:
                want.setdefault((metric, dim, key), []).append(value)
    got = {(r.metric, r.dim, r.key): r for r in ranked_from_values(values)}
    assert got == {key: ranked(*key, data) for key, data in want.items()}

    standards = {1: 600, 2: 900}  # service 9 is not in the table: left out, as by a join
    counted: dict[tuple[object, ...], list[int]] = {}
    for sid, cid, uid, state, transfer_in, _, _, service in tickets:
        if sid not in standards:
            continue
        tally = counted.setdefault((sid, cid, uid, state, transfer_in), [0, 0, 0])
        tally[0] += 1
        if state is S.DONE and service is not None:
            tally[1] += 1
            tally[2] += service <= standards[sid]
    assert sorted(count_rows_from_values(values, standards), key=repr) == sorted(
        (CountRow(*key, *tally) for key, tally in counted.items()),  # type: ignore[arg-type]
        key=repr,
    )
    buckets = wait_buckets(values)
    assert sum(buckets.values()) == sum(1 for t in tickets if t[5] is not None)
    assert buckets.get(WAIT_BUCKETS) == sum(1 for t in tickets if (t[5] or 0) >= 7200)
    assert buckets.get(0) == sum(1 for t in tickets if t[5] is not None and t[5] < 600)


def test_period_labels_and_limits() -> None:
    assert Period.day(date(2026, 11, 23)).label() == "23 November 2026"
    assert Period(date(2026, 11, 1), date(2026, 11, 30)).label() == "1–30 November 2026"
    assert Period(date(2026, 11, 28), date(2026, 12, 2)).label() == "28 November – 2 Desember 2026"
    assert Period.month_of(date(2026, 2, 10)) == Period(date(2026, 2, 1), date(2026, 2, 28))
    assert Period(date(2026, 11, 1), date(2026, 11, 7)).days == 7
    with pytest.raises(InvalidInput, match="sebelum"):
        Period(date(2026, 11, 2), date(2026, 11, 1))
    with pytest.raises(InvalidInput, match="terlalu panjang"):
        Period(date(2016, 1, 1), date(2026, 1, 1))


def test_follow_ups_open_closed_overdue() -> None:
    due = date(2026, 11, 24)
    items = [
        FollowUp("1", "A-001", date(2026, 11, 23), 1, due, None),  # open, overdue on the 26th
        FollowUp("2", "A-002", date(2026, 11, 23), 1, due, date(2026, 11, 24)),  # on time
        FollowUp("3", "A-003", date(2026, 11, 23), 1, due, date(2026, 11, 25)),  # late
        FollowUp("4", "A-004", date(2026, 11, 23), 1, date(2026, 11, 27), None),  # not due yet
    ]
    figures = FollowUpFigures.of(items, as_of=date(2026, 11, 26), backlog_before=5)
    assert (figures.total, figures.closed, figures.open) == (4, 2, 2)
    assert (figures.overdue, figures.closed_late, figures.backlog_before) == (1, 1, 5)
    # On the due date itself nothing is overdue yet.
    assert FollowUpFigures.of(items, as_of=due).overdue == 0


def test_period_figures_from_grouped_rows() -> None:
    rows = [
        CountRow(1, 1, 7, S.DONE, False, 3, timed=3, within=2),
        CountRow(1, 2, None, S.NO_SHOW, False, 1),
        CountRow(2, 2, None, S.TRANSFERRED, False, 1),
        CountRow(3, 3, None, S.DONE, True, 1, timed=1, within=0),
        CountRow(2, None, None, S.CANCELLED, False, 1),
    ]
    waits = [480, 60, 300]
    st = period_stats(
        Period.day(date(2026, 11, 23)),
        rows,
        [ranked("wait", "all", 0, [*waits, 720, 660, 300]), ranked("wait", "user", 7, waits)],
        {1: ("A", "Domisili", 10), 2: ("B", "SKTM", 15), 3: ("C", "Nikah", 30)},
        {1: ("1", "Loket 1"), 2: ("2", "Loket 2"), 3: ("3", "Loket 3")},
        {7: "siti"},
        hours={9: (5, 2), 10: (1, 1), 23: (1, 0), 24: (0, 1)},
        duty=[
            DutyRow(
                7,
                date(2026, 11, 23),
                datetime(2026, 11, 23, 2, 10, tzinfo=UTC),
                datetime(2026, 11, 23, 17, 12, tzinfo=UTC),
                3,
                3,
                1920.0,
            )
        ],
    )
    c = st.counts
    assert (c.issued, c.served, c.no_show, c.cancelled, c.transferred) == (7, 4, 1, 1, 1)
    assert (st.taken, st.transfers_in) == (6, 1)
    assert st.within_standard.ratio == 0.5
    assert [g.counts.issued for g in st.by_service] == [4, 2, 1]
    assert st.by_service[0].within_standard.ratio == round(2 / 3, 4)
    assert [h["hour"] for h in st.by_hour] == list(range(9, 25))  # a row for every hour
    assert st.by_hour[0] == {"hour": 9, "issued": 5, "served": 2}
    op = st.by_operator[0]
    assert op.group.name == "siti" and op.group.waiting_time.median == 300.0
    # Duty 02:10 -> 17:12 UTC = 54,120 s; busy 1,920 s; idle 52,200 s over 2 gaps.
    p = op.productivity
    assert (p.duty_seconds, p.busy_seconds, p.idle_seconds) == (54120, 1920, 52200)
    assert p.mean_idle_gap == 26100.0
    assert p.per_hour(3) == round(3 / (54120 / 3600), 2)
    js = st.to_json()
    assert js["date"] == "2026-11-23" and js["by_operator"][0]["served_per_hour"] == 0.2
