"""The city's satisfaction and follow-up figures, with the desk's own arithmetic.

IKM per office and city-wide come from ``loket.core.skm.ikm`` (the function the desk's
reports use) over the summed element scores: the city's index is the index of every
respondent of every office (pooled), not an average of the offices' indexes, so an
office with 400 respondents weighs more than one with 4. Overdue follow-ups are counted
with ``loket.core.periods.is_overdue``, as the desk's tile counts them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.core.periods import is_overdue
from loket.core.skm import ELEMENT_COUNT, PROFILE_FIELDS, RatingSummary, SkmResult, ikm
from loket.core.tickets import Outcome
from loket.server.models import ServerTicket
from loket.server.satisfaction_models import ServerClosure, ServerRating, ServerSkmResponse

_SCORES = [getattr(ServerSkmResponse, f"u{i}") for i in range(1, ELEMENT_COUNT + 1)]


def skm_totals(
    s: Session, office_ids: Sequence[int], first: date, last: date
) -> dict[int, tuple[int, list[int]]]:
    """(respondents, each element's score total) per office over the range."""
    if not office_ids:
        return {}
    rows = s.execute(
        select(ServerSkmResponse.office_id, func.count(), *(func.sum(c) for c in _SCORES))
        .where(
            ServerSkmResponse.office_id.in_(office_ids),
            ServerSkmResponse.survey_day.between(first, last),
        )
        .group_by(ServerSkmResponse.office_id)
    ).all()
    return {int(r[0]): (int(r[1]), [int(v or 0) for v in r[2:]]) for r in rows}


def ikm_of_totals(parts: Sequence[tuple[int, list[int]]]) -> SkmResult:
    """The index of several groups of respondents taken together (the core's function)."""
    respondents = sum(n for n, _ in parts)
    totals = [sum(t[i] for _, t in parts) for i in range(ELEMENT_COUNT)]
    return ikm(totals, respondents)


def rating_counts(
    s: Session, office_ids: Sequence[int], first: date, last: date
) -> dict[int, dict[int, int]]:
    if not office_ids:
        return {}
    out: dict[int, dict[int, int]] = defaultdict(dict)
    for office_id, score, n in s.execute(
        select(ServerRating.office_id, ServerRating.score, func.count())
        .where(
            ServerRating.office_id.in_(office_ids),
            ServerRating.service_day.between(first, last),
        )
        .group_by(ServerRating.office_id, ServerRating.score)
    ):
        out[int(office_id)][int(score)] = int(n)
    return out


def ratings_of(counts: dict[int, int], served: int = 0) -> RatingSummary:
    return RatingSummary.of(counts, served)


def overdue_follow_ups(
    s: Session, office_ids: Sequence[int], last: date, as_of: dict[int, date]
) -> dict[int, int]:
    """Per office: follow-ups of services up to ``last`` still open past their due date
    on the office's ``as_of`` day (those of the range and the older backlog, as the desk's
    "Tindak lanjut terlambat" counts them)."""
    if not office_ids:
        return {}
    rows = s.execute(
        select(ServerTicket.office_id, ServerTicket.due_date, ServerClosure.closed_on)
        .outerjoin(ServerClosure, ServerClosure.ticket_id == ServerTicket.id)
        .where(
            ServerTicket.office_id.in_(office_ids),
            ServerTicket.outcome == Outcome.FOLLOW_UP.value,
            ServerTicket.service_day <= last,
            ServerTicket.due_date.is_not(None),
        )
    ).all()
    out: dict[int, int] = defaultdict(int)
    for office_id, due, closed_on in rows:
        when = as_of[int(office_id)]
        closed = closed_on if closed_on is not None and closed_on <= when else None
        if due is not None and is_overdue(due, closed, when):
            out[int(office_id)] += 1
    return out


def profile_counts(
    s: Session, office_ids: Sequence[int], first: date, last: date
) -> dict[str, dict[str | None, int]]:
    """Respondents per answer of each profile question (the report's aggregate bands)."""
    result: dict[str, dict[str | None, int]] = {}
    if not office_ids:
        return {name: {} for name in PROFILE_FIELDS}
    for name in PROFILE_FIELDS:
        column = getattr(ServerSkmResponse, name)
        rows = s.execute(
            select(column, func.count())
            .where(
                ServerSkmResponse.office_id.in_(office_ids),
                ServerSkmResponse.survey_day.between(first, last),
            )
            .group_by(column)
        ).all()
        result[name] = {value: int(n) for value, n in rows}
    return result
