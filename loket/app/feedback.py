"""Recording what citizens think, and handing over follow-up documents.

A one-tap rating belongs to a finished ticket; an SKM questionnaire is anonymous and
belongs to a day. Both are short writes that never touch the queue's tables, so a
citizen tapping a face can never hold up the counter's next call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.app.office import load_office
from loket.core.days import service_day, utc_now
from loket.core.errors import IllegalTransition, InvalidInput, NotFound
from loket.core.periods import Period
from loket.core.skm import (
    ELEMENT_COUNT,
    PROFILE_FIELDS,
    Profile,
    RatingSummary,
    SkmAnswers,
    SkmResult,
    check_rating,
    ikm,
)
from loket.core.tickets import Outcome, TicketState, ticket_label
from loket.store.database import Database
from loket.store.feedback_models import FollowUpClosureRow, RatingRow, SkmResponseRow
from loket.store.models import TicketRow
from loket.store.queue_statements import state_is

Clock = Callable[[], datetime]
SOURCES = ("kiosk", "paper")
#: How long after a finish the citizen-facing window still offers the faces.
RATING_WINDOW = timedelta(minutes=3)
_SCORE_COLUMNS = [getattr(SkmResponseRow, f"u{i}") for i in range(1, ELEMENT_COUNT + 1)]


# -- one-tap ratings ------------------------------------------------------------------


@dataclass(frozen=True)
class RatingOffer:
    """A finished ticket the citizen may still rate."""

    ticket_id: str
    label: str
    service_id: int
    ended_at: datetime


def rate_ticket(db: Database, ticket_id: str, score: int, *, clock: Clock = utc_now) -> None:
    """Store the face a citizen tapped; a second tap on the same ticket replaces the first."""
    check_rating(score)
    with db.write() as s:
        ticket = s.get(TicketRow, ticket_id)
        if ticket is None:
            raise NotFound("Antrian tidak ditemukan.", ticket_id=ticket_id)
        if ticket.state != TicketState.DONE.value:
            raise IllegalTransition(
                f"Antrian {ticket_label(ticket.prefix, ticket.number)} belum selesai dilayani.",
                ticket=ticket_id,
            )
        row = s.get(RatingRow, ticket_id)
        if row is None:
            row = RatingRow(ticket_id=ticket_id)
            s.add(row)
        row.score = score
        row.service_day = ticket.service_day
        row.service_id = ticket.service_id
        row.counter_id = ticket.counter_id
        row.user_id = ticket.user_id
        row.rated_at = clock()


def offer_for_counter(
    db: Database, counter_id: int, *, clock: Clock = utc_now, window: timedelta = RATING_WINDOW
) -> RatingOffer | None:
    """The counter's latest service finished within ``window`` and not rated yet.

    Asked after every service and polled by the rating pad, on a file holding years of
    tickets: the read is bounded to the service days a ticket finished in the window
    can belong to, so it is a seek over a day or two of ``ix_tickets_day_service``.
    Without that bound SQLite walked every finished ticket of five years (~300,000,
    ~210 ms once ANALYZE's figures were in). The bound starts the day before the window's
    first office-local day: a citizen served across midnight (or, with the overnight
    queue, who waited from yesterday evening) is still offered. A ticket that waited
    over two midnights is not: that is the price of a bounded read. The state is written
    into the SQL (``state_is``): a bound state would let SQLite prefer the state's index.
    """
    now = clock()
    since = now - window
    with db.read() as s:
        tz = load_office(s).tz
        days = (service_day(since, tz) - timedelta(days=1), service_day(now, tz))
        row = s.execute(
            select(
                TicketRow.id,
                TicketRow.prefix,
                TicketRow.number,
                TicketRow.service_id,
                TicketRow.ended_at,
            )
            .where(
                TicketRow.service_day.between(*days),
                state_is(TicketState.DONE.value),
                TicketRow.counter_id == counter_id,
                TicketRow.ended_at >= since,
            )
            .order_by(TicketRow.ended_at.desc())
            .limit(1)
        ).first()
        if row is None or s.get(RatingRow, row.id) is not None:
            return None
    return RatingOffer(row.id, ticket_label(row.prefix, row.number), row.service_id, row.ended_at)


def add_ratings(db: Database, ratings: Iterable[tuple[str, int, datetime]]) -> int:
    """Store many (ticket id, score, rated at) at once: the simulation's ratings."""
    count = 0
    with db.write() as s:
        for ticket_id, score, at in ratings:
            check_rating(score)
            ticket = s.get(TicketRow, ticket_id)
            if ticket is None:
                raise NotFound("Antrian tidak ditemukan.", ticket_id=ticket_id)
            s.merge(
                RatingRow(
                    ticket_id=ticket_id,
                    score=score,
                    service_day=ticket.service_day,
                    service_id=ticket.service_id,
                    counter_id=ticket.counter_id,
                    user_id=ticket.user_id,
                    rated_at=at,
                )
            )
            count += 1
    return count


def rating_summary_in(s: Session, period: Period, served: int = 0) -> RatingSummary:
    rows = s.execute(
        select(RatingRow.score, func.count())
        .where(RatingRow.service_day.between(period.start, period.end))
        .group_by(RatingRow.score)
    ).all()
    return RatingSummary.of({int(score): int(n) for score, n in rows}, served)


def rating_summary(db: Database, period: Period) -> RatingSummary:
    with db.read() as s:
        served = s.scalar(
            select(func.count()).where(
                TicketRow.service_day.between(period.start, period.end),
                state_is(TicketState.DONE.value),
            )
        )
        return rating_summary_in(s, period, int(served or 0))


# -- SKM questionnaires ----------------------------------------------------------------


@dataclass(frozen=True)
class SkmEntry:
    answers: SkmAnswers
    profile: Profile = field(default_factory=Profile)
    service_id: int | None = None
    suggestion: str | None = None


def _response_row(entry: SkmEntry, day: date, source: str, at: datetime) -> SkmResponseRow:
    if source not in SOURCES:
        raise InvalidInput("Sumber kuesioner harus kios atau kertas.", source=source)
    note = " ".join((entry.suggestion or "").split()) or None
    if note is not None and len(note) > 1000:
        raise InvalidInput("Saran terlalu panjang (paling banyak 1000 karakter).")
    row = SkmResponseRow(
        survey_day=day,
        created_at=at,
        source=source,
        service_id=entry.service_id,
        age_band=entry.profile.age_band,
        sex=entry.profile.sex,
        education=entry.profile.education,
        occupation=entry.profile.occupation,
        suggestion=note,
    )
    for index, score in enumerate(entry.answers.scores, start=1):
        setattr(row, f"u{index}", score)
    return row


def save_skm_response(
    db: Database,
    entry: SkmEntry,
    *,
    day: date | None = None,
    source: str = "kiosk",
    clock: Clock = utc_now,
) -> int:
    """Store one questionnaire; ``day`` is the survey date (paper forms are entered later)."""
    now = clock()
    with db.write() as s:
        survey_day = day or service_day(now, load_office(s).tz)
        if survey_day > service_day(now, load_office(s).tz):
            raise InvalidInput("Tanggal survei tidak boleh di masa depan.")
        row = _response_row(entry, survey_day, source, now)
        s.add(row)
        s.flush()
        return int(row.id)


def add_skm_responses(
    db: Database,
    entries: Sequence[tuple[date, SkmEntry]],
    *,
    source: str = "kiosk",
    clock: Clock = utc_now,
) -> int:
    """Store many questionnaires in one transaction (the simulation, a bulk paper entry)."""
    now = clock()
    with db.write() as s:
        for day, entry in entries:
            s.add(_response_row(entry, day, source, now))
    return len(entries)


def skm_in(s: Session, period: Period) -> SkmResult:
    row = s.execute(
        select(func.count(), *(func.coalesce(func.sum(c), 0) for c in _SCORE_COLUMNS)).where(
            SkmResponseRow.survey_day.between(period.start, period.end)
        )
    ).one()
    return ikm([int(v) for v in row[1:]], int(row[0]))


def skm_for_period(db: Database, period: Period) -> SkmResult:
    with db.read() as s:
        return skm_in(s, period)


def skm_profile(db: Database, period: Period) -> dict[str, dict[str | None, int]]:
    with db.read() as s:
        return skm_profile_in(s, period)


def skm_profile_in(s: Session, period: Period) -> dict[str, dict[str | None, int]]:
    """Respondents per answer of each profile question (None: left empty)."""
    result: dict[str, dict[str | None, int]] = {}
    for field_name in PROFILE_FIELDS:
        column = getattr(SkmResponseRow, field_name)
        rows = s.execute(
            select(column, func.count())
            .where(SkmResponseRow.survey_day.between(period.start, period.end))
            .group_by(column)
        ).all()
        result[field_name] = {value: int(n) for value, n in rows}
    return result


def skm_suggestions(db: Database, period: Period, limit: int = 50) -> list[tuple[date, str]]:
    with db.read() as s:
        return skm_suggestions_in(s, period, limit)


def skm_suggestions_in(s: Session, period: Period, limit: int = 50) -> list[tuple[date, str]]:
    rows = s.execute(
        select(SkmResponseRow.survey_day, SkmResponseRow.suggestion)
        .where(
            SkmResponseRow.survey_day.between(period.start, period.end),
            SkmResponseRow.suggestion.is_not(None),
        )
        .order_by(SkmResponseRow.survey_day.desc(), SkmResponseRow.id.desc())
        .limit(limit)
    ).all()
    return [(day, str(note)) for day, note in rows]


# -- follow-ups --------------------------------------------------------------------------


def close_follow_up(
    db: Database,
    ticket_id: str,
    *,
    user_id: int | None = None,
    notes: str | None = None,
    clock: Clock = utc_now,
) -> None:
    """The document of a follow-up was handed over: it stops counting as open."""
    with db.write() as s:
        ticket = s.get(TicketRow, ticket_id)
        if ticket is None:
            raise NotFound("Antrian tidak ditemukan.", ticket_id=ticket_id)
        label = ticket_label(ticket.prefix, ticket.number)
        if ticket.outcome != Outcome.FOLLOW_UP.value:
            raise IllegalTransition(f"Antrian {label} bukan layanan tindak lanjut.")
        if s.get(FollowUpClosureRow, ticket_id) is not None:
            raise IllegalTransition(f"Tindak lanjut {label} sudah ditutup.")
        s.add(
            FollowUpClosureRow(
                ticket_id=ticket_id,
                closed_at=clock(),
                user_id=user_id,
                notes=(notes or "").strip() or None,
            )
        )


def add_closures(db: Database, closures: Iterable[tuple[str, datetime]]) -> int:
    """Record many hand-overs at once (the simulation's)."""
    count = 0
    with db.write() as s:
        for ticket_id, at in closures:
            s.merge(FollowUpClosureRow(ticket_id=ticket_id, closed_at=at))
            count += 1
    return count
