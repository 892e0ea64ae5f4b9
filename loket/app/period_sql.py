"""The statements that read a period: one pass over its tickets, and its fallbacks.

``PERIOD_SQL`` reads the period's tickets once (through the ``service_day`` index, into
a materialized table) and returns every histogram, the hours, the days and the
follow-ups as rows of a kind and seven values. A ticket's (service, counter, operator,
state, transfer-in) is grouped as one integer (``Packing``): SQLite groups by one
integer column much faster than by five. ``period_stats`` runs them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from loket.core.tickets import TicketState

# -- one combination as one integer ------------------------------------------------------

#: Ticket states as small integers inside a packed combination.
STATE_CODES = {state: code for code, state in enumerate(TicketState)}
STATES = list(STATE_CODES)
#: Packed combinations stay well inside SQLite's 64-bit integers.
MAX_PACKED = 1 << 62

PACKED = f"""CASE WHEN service_id BETWEEN :s_lo AND :s_hi
        AND (counter_id IS NULL OR counter_id BETWEEN :c_lo AND :c_hi)
        AND (user_id IS NULL OR user_id BETWEEN :u_lo AND :u_hi)
        AND state IN ({", ".join(f"'{s.value}'" for s in STATE_CODES)})
    THEN ((((service_id - :s_lo) * :c_slots + IFNULL(counter_id - :c_lo + 1, 0)) * :u_slots
            + IFNULL(user_id - :u_lo + 1, 0)) * {len(STATE_CODES)}
        + CASE state {" ".join(f"WHEN '{s.value}' THEN {c}" for s, c in STATE_CODES.items())} END
    ) * 2 + (origin_ticket_id IS NOT NULL)
END"""


@dataclass(frozen=True)
class Packing:
    """A ticket's (service, counter, operator, state, transfer-in) as one integer.

    SQLite groups by one integer column much faster than by five (its sorter compares
    integer keys directly). Ids are packed as offsets in the id ranges of the services,
    counters and users tables, which hold every id a ticket refers to (foreign keys). A
    ticket outside those ranges, or with a state Loket does not know, gets NULL, and a
    packing too wide for 64 bits packs nobody: the caller then groups by the columns.
    """

    services: tuple[int, int]  # lowest and highest id; (1, 0) when there is none
    counters: tuple[int, int]
    users: tuple[int, int]

    @classmethod
    def of(cls, services: Iterable[int], counters: Iterable[int], users: Iterable[int]) -> Packing:
        def span(ids: Iterable[int]) -> tuple[int, int]:
            known = list(ids)
            return (min(known), max(known)) if known else (1, 0)

        return cls(span(services), span(counters), span(users))

    @property
    def counter_slots(self) -> int:
        return self.counters[1] - self.counters[0] + 2  # 0: no counter

    @property
    def user_slots(self) -> int:
        return self.users[1] - self.users[0] + 2  # 0: nobody

    @property
    def fits(self) -> bool:
        services = self.services[1] - self.services[0] + 1
        width = services * self.counter_slots * self.user_slots * len(STATE_CODES) * 2
        return services > 0 and width <= MAX_PACKED

    def params(self) -> dict[str, int]:
        (s_lo, s_hi) = self.services if self.fits else (1, 0)  # (1, 0): nobody packed
        return {
            "s_lo": s_lo,
            "s_hi": s_hi,
            "c_lo": self.counters[0],
            "c_hi": self.counters[1],
            "u_lo": self.users[0],
            "u_hi": self.users[1],
            "c_slots": self.counter_slots,
            "u_slots": self.user_slots,
        }

    def unpack(self, packed: int) -> tuple[int, int | None, int | None, TicketState, bool]:
        rest, transfer_in = divmod(packed, 2)
        rest, state = divmod(rest, len(STATE_CODES))
        rest, user = divmod(rest, self.user_slots)
        service, counter = divmod(rest, self.counter_slots)
        return (
            service + self.services[0],
            counter + self.counters[0] - 1 if counter else None,
            user + self.users[0] - 1 if user else None,
            STATES[state],
            bool(transfer_in),
        )


# -- the period in one statement ---------------------------------------------------------

#: Whole hours since the office-local midnight of the ticket's service day.
HOUR = (
    "(CAST(strftime('%s', {column}) AS INTEGER)"
    " - CAST(strftime('%s', service_day) AS INTEGER) + :offset) / 3600"
)

#: Every row is a kind and seven values; the branches read the period's tickets once,
#: from ``b``. Waits, walks and service times come as (packed combination, seconds,
#: tickets): the "wait" rows include the tickets without a wait (seconds NULL), so they
#: also give the counts; service time is of finished services only. (A counter's or an
#: operator's figures count only what they served: the core reads that off the state in
#: the combination.) Then tickets per hour issued and served, per day and state, the
#: period's follow-ups, and how many tickets ``Packing`` could not pack.
PERIOD_SQL = f"""
WITH b AS MATERIALIZED (
    SELECT {PACKED} AS g, service_day AS d, state,
        wait_seconds AS w, walk_seconds AS k,
        CASE WHEN state = 'done' THEN service_seconds END AS s,
        {HOUR.format(column="queued_at")} AS hq,
        CASE WHEN state = 'done' AND ended_at IS NOT NULL
            THEN {HOUR.format(column="ended_at")} END AS he,
        CASE WHEN outcome = 'follow_up' AND due_date IS NOT NULL THEN rowid END AS fu
    FROM tickets WHERE service_day BETWEEN :start AND :end
)
SELECT 'wait', g, w, COUNT(*), NULL, NULL, NULL, NULL FROM b GROUP BY g, w
UNION ALL
SELECT 'walk', g, k, COUNT(*), NULL, NULL, NULL, NULL FROM b WHERE k IS NOT NULL GROUP BY g, k
UNION ALL
SELECT 'service', g, s, COUNT(*), NULL, NULL, NULL, NULL FROM b WHERE s IS NOT NULL
GROUP BY g, s
UNION ALL
SELECT 'issued', hq, COUNT(*), NULL, NULL, NULL, NULL, NULL FROM b GROUP BY hq
UNION ALL
SELECT 'served', he, COUNT(*), NULL, NULL, NULL, NULL, NULL FROM b WHERE he IS NOT NULL
GROUP BY he
UNION ALL
SELECT 'day', d, state, COUNT(*), SUM(w), COUNT(w), SUM(s), COUNT(s) FROM b GROUP BY d, state
UNION ALL
SELECT 'follow_up', t.id, t.prefix, t.number, t.service_day, t.service_id, t.due_date,
    c.closed_at
FROM b CROSS JOIN tickets t
LEFT JOIN follow_up_closures c ON c.ticket_id = t.id AND c.closed_at < :as_of_end
WHERE b.fu IS NOT NULL AND t.rowid = b.fu
UNION ALL
SELECT 'unpacked', COUNT(*), NULL, NULL, NULL, NULL, NULL, NULL FROM b WHERE g IS NULL
"""
# No ``state`` or ``outcome`` term in the period's WHERE: SQLite (without statistics)
# could otherwise read five years of finished tickets through the state index rather
# than the period's days.

#: The same histograms grouped by the columns themselves, for a period with tickets
#: ``Packing`` could not pack: metric -> (column, extra condition).
UNPACKED = {
    "wait": ("wait_seconds", ""),
    "walk": ("walk_seconds", "AND walk_seconds IS NOT NULL"),
    "service": ("service_seconds", "AND +state = 'done' AND service_seconds IS NOT NULL"),
}
UNPACKED_SQL = """
SELECT service_id, counter_id, user_id, state, origin_ticket_id IS NOT NULL, {column},
       COUNT(*)
FROM tickets WHERE service_day BETWEEN :start AND :end {extra}
GROUP BY 1, 2, 3, 4, 5, 6
"""

DUTY_SQL = """
SELECT user_id, service_day, MIN(called_at), MAX(ended_at), COUNT(*),
       SUM(state = 'done'),
       SUM(julianday(ended_at) - julianday(called_at)) * 86400.0
FROM tickets
WHERE service_day BETWEEN :start AND :end AND user_id IS NOT NULL
  AND called_at IS NOT NULL AND ended_at IS NOT NULL
GROUP BY user_id, service_day
"""

FOLLOW_UPS_SQL = """
SELECT t.id, t.prefix, t.number, t.service_day, t.service_id, t.due_date, c.closed_at
FROM tickets t
LEFT JOIN follow_up_closures c ON c.ticket_id = t.id AND c.closed_at < :as_of_end
WHERE t.service_day BETWEEN :start AND :end AND +t.outcome = 'follow_up'
  AND t.due_date IS NOT NULL
ORDER BY t.due_date, t.service_day, t.prefix, t.number
"""

#: Open follow-ups from before the period, through the partial index on due dates.
BACKLOG_WHERE = """
FROM tickets t INDEXED BY ix_tickets_follow_up_due
WHERE t.outcome = 'follow_up' AND t.due_date IS NOT NULL AND t.service_day < :start
  AND NOT EXISTS (SELECT 1 FROM follow_up_closures c
                  WHERE c.ticket_id = t.id AND c.closed_at < :as_of_end)
"""
