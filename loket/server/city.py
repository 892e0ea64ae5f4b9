"""The city page's figures for a day or a range: the city, each office, one office.

Read from the server's projected tickets (the same facts the desks hold), with the
core's ``Summary`` for medians, so an office's numbers here equal its own ``loket stats``
for the same days once its desks have synced. Counts and durations only: the page is
public and carries no personal data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core.days import hour_of_day, service_day, zone
from loket.core.skm import PROFILE_FIELDS, RatingSummary, SkmResult, ikm
from loket.core.stats import Summary
from loket.core.tickets import TicketState
from loket.server.models import DeskRow, OfficeRow, RefItem, ServerTicket
from loket.server.satisfaction import (
    ikm_of_totals,
    overdue_follow_ups,
    profile_counts,
    rating_counts,
    skm_totals,
)

#: A desk not heard from for longer than this is flagged on the city page.
STALE_AFTER = timedelta(days=1)
#: The longest range the page accepts (a year and a day): bounded work per request.
MAX_DAYS = 366


class PageInputError(ValueError):
    """A query the page answers with an Indonesian HTML message (400)."""


def minutes_text(seconds: float | None) -> str:
    """Readable minutes: '8 mnt', '1 j 05 mnt', '< 1 mnt', '–'."""
    if seconds is None:
        return "–"
    total = round(seconds / 60)
    if total < 1:
        return "< 1 mnt"
    hours, mins = divmod(total, 60)
    return f"{hours} j {mins:02d} mnt" if hours else f"{mins} mnt"


def percent_text(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.1f}%".replace(".", ",")


def parse_range(
    day: str | None, start: str | None, end: str | None, today: date
) -> tuple[date, date]:
    """``?date=`` or ``?from=&to=`` (either may be alone); today when none is given."""

    def one(raw: str | None, name: str) -> date | None:
        if raw is None or raw.strip() == "":
            return None
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            shown = raw.strip()[:20]
            raise PageInputError(
                f"Tanggal {name} tidak valid: “{shown}”. Gunakan bentuk TTTT-BB-HH, "
                "misalnya 2026-11-30."
            ) from None

    single = one(day, "")
    first = one(start, "awal") or single
    last = one(end, "akhir") or single
    if first is None and last is None:
        return today, today
    first = first or last
    last = last or first
    assert first is not None and last is not None
    if last < first:
        raise PageInputError("Tanggal akhir tidak boleh sebelum tanggal awal.")
    if (last - first).days + 1 > MAX_DAYS:
        raise PageInputError(f"Rentang paling panjang {MAX_DAYS} hari.")
    return first, last


@dataclass
class OfficeFigures:
    code: str
    name: str
    zone: str
    issued: int = 0
    served: int = 0
    no_show: int = 0
    waiting: int = 0
    median_wait: float | None = None
    within: int = 0
    timed: int = 0
    last_sync: datetime | None = None
    stale: bool = False
    stale_desks: list[tuple[str, datetime | None]] = field(default_factory=list)
    overdue: int = 0  # follow-ups open past their due date (as of the office's today)
    skm: SkmResult = field(default_factory=lambda: ikm([0] * 9, 0))
    ratings: RatingSummary = field(default_factory=lambda: RatingSummary.of({}))

    @property
    def within_share(self) -> float | None:
        return self.within / self.timed if self.timed else None

    @property
    def ikm_value(self) -> float | None:
        """The IKM as a number for sorting and the CSV (None without respondents)."""
        return None if self.skm.ikm is None else float(self.skm.ikm)


@dataclass
class OfficeDetail:
    figures: OfficeFigures
    by_hour: list[tuple[int, int, int]]  # hour, issued, served
    by_service: list[tuple[str, str, int, int, float | None, float | None]]
    by_day: list[tuple[date, int, int, float | None]]
    #: SKM respondents per profile band: (question, answer, count), "Tidak diisi" for none.
    profile: list[tuple[str, str, int]] = field(default_factory=list)


def _standards(s: Session) -> dict[tuple[str, str], int]:
    """Published standard minutes by (scope, prefix); scope "" is city-wide."""
    out: dict[tuple[str, str], int] = {}
    for item in s.scalars(select(RefItem).where(RefItem.kind == "service")):
        if item.deleted:
            continue
        minutes = item.payload.get("standard_minutes")
        if isinstance(minutes, int):
            out[(item.scope, item.key)] = minutes
    return out


def _service_names(s: Session) -> dict[tuple[str, str], str]:
    """Published service names by (scope, prefix), for the office page's table."""
    out: dict[tuple[str, str], str] = {}
    for item in s.scalars(select(RefItem).where(RefItem.kind == "service")):
        name = item.payload.get("name")
        if not item.deleted and isinstance(name, str) and name:
            out[(item.scope, item.key)] = name
    return out


def _service_label(names: dict[tuple[str, str], str], code: str, prefix: str) -> str:
    name = names.get((code, prefix), names.get(("", prefix)))
    return f"{prefix} · {name}" if name else prefix


def _standard_of(standards: dict[tuple[str, str], int], code: str, prefix: str) -> int | None:
    return standards.get((code, prefix), standards.get(("", prefix)))


def _tickets(s: Session, office_ids: list[int], first: date, last: date) -> list[ServerTicket]:
    if not office_ids:
        return []
    return list(
        s.scalars(
            select(ServerTicket).where(
                ServerTicket.office_id.in_(office_ids),
                ServerTicket.service_day >= first,
                ServerTicket.service_day <= last,
            )
        )
    )


def _figures(
    office: OfficeRow,
    tickets: list[ServerTicket],
    desks: list[DeskRow],
    standards: dict[tuple[str, str], int],
    now: datetime,
) -> tuple[OfficeFigures, list[int]]:
    f = OfficeFigures(office.code, office.name, office.zone)
    waits: list[int] = []
    for t in tickets:
        state = TicketState(t.state)
        f.issued += 1
        if state is TicketState.DONE:
            f.served += 1
            minutes = _standard_of(standards, office.code, t.prefix)
            if minutes is not None and t.service_seconds is not None:
                f.timed += 1
                f.within += t.service_seconds <= minutes * 60
        elif state is TicketState.NO_SHOW:
            f.no_show += 1
        elif state in (TicketState.WAITING, TicketState.CALLED, TicketState.SERVING):
            f.waiting += 1
        if t.wait_seconds is not None:
            waits.append(t.wait_seconds)
    f.median_wait = Summary.of(waits).median
    seen = [d.last_seen_at for d in desks if d.last_seen_at is not None]
    f.last_sync = max(seen) if seen else None
    f.stale_desks = [
        (d.name, d.last_seen_at)
        for d in desks
        if d.last_seen_at is None or now - d.last_seen_at > STALE_AFTER
    ]
    f.stale = bool(f.stale_desks)
    return f, waits


def _today(office: OfficeRow, now: datetime) -> date:
    return service_day(now, zone(office.zone))


def _add_satisfaction(
    figures: OfficeFigures,
    office_id: int,
    skm: dict[int, tuple[int, list[int]]],
    ratings: dict[int, dict[int, int]],
    overdue: dict[int, int],
) -> None:
    figures.skm = ikm_of_totals([skm[office_id]] if office_id in skm else [])
    figures.ratings = RatingSummary.of(ratings.get(office_id, {}), figures.served)
    figures.overdue = overdue.get(office_id, 0)


def _desks(s: Session) -> dict[int, list[DeskRow]]:
    desks: dict[int, list[DeskRow]] = defaultdict(list)
    for desk in s.scalars(select(DeskRow).where(DeskRow.revoked.is_(False))):
        desks[desk.office_id].append(desk)
    return desks


def city_range(
    s: Session, first: date, last: date, now: datetime
) -> tuple[list[OfficeFigures], OfficeFigures]:
    """Each office's figures over the range, and the city's (median over every wait)."""
    offices = s.scalars(select(OfficeRow).order_by(OfficeRow.code)).all()
    tickets: dict[int, list[ServerTicket]] = defaultdict(list)
    for t in _tickets(s, [o.id for o in offices], first, last):
        tickets[t.office_id].append(t)
    standards = _standards(s)
    desks = _desks(s)
    ids = [o.id for o in offices]
    skm = skm_totals(s, ids, first, last)
    ratings = rating_counts(s, ids, first, last)
    overdue = overdue_follow_ups(s, ids, last, {o.id: _today(o, now) for o in offices})
    out: list[OfficeFigures] = []
    every_wait: list[int] = []
    city = OfficeFigures("", "Seluruh kota", "Asia/Jakarta")
    city_ratings: dict[int, int] = defaultdict(int)
    for office in offices:
        figures, waits = _figures(office, tickets[office.id], desks[office.id], standards, now)
        _add_satisfaction(figures, office.id, skm, ratings, overdue)
        out.append(figures)
        every_wait += waits
        for name in ("issued", "served", "no_show", "waiting", "within", "timed", "overdue"):
            setattr(city, name, getattr(city, name) + getattr(figures, name))
        for score, n in ratings.get(office.id, {}).items():
            city_ratings[score] += n
    city.median_wait = Summary.of(every_wait).median
    city.skm = ikm_of_totals(list(skm.values()))
    city.ratings = RatingSummary.of(city_ratings, city.served)
    city.stale = any(o.stale for o in out)
    return out, city


def office_detail(
    s: Session, code: str, first: date, last: date, now: datetime
) -> OfficeDetail | None:
    office = s.scalars(select(OfficeRow).where(OfficeRow.code == code)).first()
    if office is None:
        return None
    tickets = _tickets(s, [office.id], first, last)
    standards = _standards(s)
    figures, _ = _figures(office, tickets, _desks(s)[office.id], standards, now)
    _add_satisfaction(
        figures,
        office.id,
        skm_totals(s, [office.id], first, last),
        rating_counts(s, [office.id], first, last),
        overdue_follow_ups(s, [office.id], last, {office.id: _today(office, now)}),
    )
    tally = _Tally.of(tickets, zone(office.zone))
    names = _service_names(s)
    by_service = [
        (
            _service_label(names, code, prefix),
            f"{_standard_of(standards, code, prefix) or '–'}",
            tally.counts[prefix][0],
            tally.counts[prefix][1],
            Summary.of(tally.waits[prefix]).median,
            Summary.of(tally.service_times[prefix]).median,
        )
        for prefix in sorted(tally.counts)
    ]
    by_hour = [(h, v[0], v[1]) for h, v in sorted(tally.hours.items())]
    return OfficeDetail(
        figures, by_hour, by_service, tally.by_day(first, last), _profile(s, office.id, first, last)
    )


@dataclass
class _Tally:
    """One office's tickets counted by hour, service (prefix) and day, in one pass."""

    hours: dict[int, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    waits: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    service_times: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    counts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    days: dict[date, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    day_waits: dict[date, list[int]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, tickets: list[ServerTicket], tz: ZoneInfo) -> _Tally:
        tally = cls()
        for t in tickets:
            tally.hours[hour_of_day(t.queued_at, t.service_day, tz)][0] += 1
            tally.counts[t.prefix][0] += 1
            tally.days[t.service_day][0] += 1
            if t.state == TicketState.DONE.value:
                tally.counts[t.prefix][1] += 1
                tally.days[t.service_day][1] += 1
                if t.ended_at is not None:
                    tally.hours[hour_of_day(t.ended_at, t.service_day, tz)][1] += 1
                if t.service_seconds is not None:
                    tally.service_times[t.prefix].append(t.service_seconds)
            if t.wait_seconds is not None:
                tally.waits[t.prefix].append(t.wait_seconds)
                tally.day_waits[t.service_day].append(t.wait_seconds)
        return tally

    def by_day(self, first: date, last: date) -> list[tuple[date, int, int, float | None]]:
        """Every day of the range, the ones without tickets too."""
        out = []
        day = first
        while day <= last:
            issued, served = self.days.get(day, [0, 0])
            out.append((day, issued, served, Summary.of(self.day_waits.get(day, [])).median))
            day += timedelta(days=1)
        return out


def _profile(s: Session, office_id: int, first: date, last: date) -> list[tuple[str, str, int]]:
    profile = []
    for name, counted in profile_counts(s, [office_id], first, last).items():
        label, options = PROFILE_FIELDS[name]
        for key, text in [*options.items(), (None, "Tidak diisi")]:
            if counted.get(key):
                profile.append((label, text, counted[key]))
    return profile


def today_in_city(now: datetime) -> date:
    """The city's own day (WIB for most; each office keeps its zone for its times)."""
    return service_day(now, zone("Asia/Jakarta"))
