"""A realistic office day driven through the real queue engine.

Used for demos, for the benchmarks' five-year database and by tests. Arrivals follow a
morning-heavy curve over office hours; counters call, recall, skip, transfer and finish
with the mix an average kelurahan sees. Randomness comes from one ``random.Random``
seeded with (seed, date), and the desk's clock is the simulation's clock, so the same
seed on the same data dir state gives the same figures.

The citizens' side (one-tap ratings, SKM questionnaires, follow-up documents collected)
draws from a second generator, so adding it left the queue's figures exactly as they
were; it is written after the day's queue transaction, as a kiosk would write it.
"""

from __future__ import annotations

import functools
import heapq
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from loket.app.demo import DEMO_OFFICE, ensure_demo_office, prepare_demo
from loket.app.desk import Desk
from loket.app.feedback import SkmEntry, add_closures, add_ratings, add_skm_responses
from loket.app.office import (
    CounterInfo,
    ServiceInfo,
    list_counters,
    list_services,
    load_office,
)
from loket.app.setup import require_setup
from loket.app.users import list_users
from loket.core.errors import LoketError
from loket.core.nik import normalize_kode_wilayah
from loket.core.skm import (
    AGE_BANDS,
    EDUCATION,
    ELEMENT_COUNT,
    OCCUPATIONS,
    SEXES,
    Profile,
    SkmAnswers,
)
from loket.core.tickets import STATUTORY_REASONS, Outcome, Ticket
from loket.store.database import Database

#: Share of arrivals per demo service prefix.
SERVICE_MIX = {"A": 0.34, "B": 0.26, "C": 0.16, "D": 0.14, "E": 0.10}
PRIORITY_SHARE = 0.08
LEAVE_SHARE = 0.02  # citizens who give up before their call
NO_SHOW_SHARE = 0.04
TRANSFER_SHARE = 0.04
FOLLOW_UP_SHARE = 0.09
REJECT_SHARE = 0.04
OPENING = time(8, 0)
LAST_ARRIVAL = time(14, 30)
CLOSING = time(16, 0)  # counters call nobody new after this; the rest is closed
RATING_SHARE = 0.6  # citizens who tap a face after their service
SKM_SHARE = 0.08  # served citizens who fill in the SKM questionnaire
#: How likely each score 1..4 is, per SKM element: most answers "good", U9 the weakest.
SKM_WEIGHTS = [(2, 10, 58, 30)] * 8 + [(5, 18, 55, 22)]
HANDED_OVER_SHARE = 0.85  # follow-up documents collected (some late)


@dataclass
class SimResult:
    day: date
    issued: int = 0
    refused: int = 0
    counters_used: int = 0
    ratings: int = 0
    skm_responses: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass(order=True)
class _Step:
    at: datetime
    seq: int
    action: Callable[[], None] = field(compare=False)


class _Sim:
    def __init__(self, db: Database, day: date, seed: int, counters: list[CounterInfo],
                 services: list[ServiceInfo]) -> None:  # fmt: skip
        self.rng = random.Random(f"loket-sim:{seed}:{day.isoformat()}")
        # The citizens' side has its own generator: the queue draws stay as they were.
        self.voice = random.Random(f"loket-sim-voice:{seed}:{day.isoformat()}")
        self.ratings: list[tuple[str, int, datetime]] = []
        self.closures: list[tuple[str, datetime]] = []
        self.served = 0
        self.operators: dict[int, int] = {}  # counter id -> user id, when accounts exist
        self.now = datetime.combine(day, OPENING, tzinfo=UTC)
        self.desk = Desk(db, clock=lambda: self.now)
        self.heap: list[_Step] = []
        self.seq = 0
        self.counters = counters
        self.services = services
        self.by_id = {s.id: s for s in services}
        self.result = SimResult(day)
        self.idle: list[tuple[CounterInfo, datetime]] = []
        self.tz: tzinfo = UTC  # the office's zone, set by simulate_day

    def at(self, when: datetime, action: Callable[[], None]) -> None:
        self.seq += 1
        heapq.heappush(self.heap, _Step(when, self.seq, action))

    def run(self) -> None:
        while self.heap:
            step = heapq.heappop(self.heap)
            self.now = max(self.now, step.at)
            try:
                step.action()
            except LoketError as exc:  # e.g. a quota reached: the office refuses, life goes on
                self.result.refused += 1
                self.result.notes.append(exc.message)

    # -- citizens ----------------------------------------------------------------

    def arrive(self, service: ServiceInfo) -> None:
        reason = None
        if self.rng.random() < PRIORITY_SHARE:
            reason = self.rng.choice(list(STATUTORY_REASONS))
        result = self.desk.issue(service.id, reason)
        self.result.issued += 1
        self.wake()
        if self.rng.random() < LEAVE_SHARE:
            patience = timedelta(minutes=self.rng.uniform(5, 40))
            self.at(self.now + patience, lambda: self.give_up(result.ticket.id))

    def wake(self) -> None:
        """Idle counters notice a new ticket within a few seconds."""
        idle, self.idle = self.idle, []
        for counter, close_at in idle:
            delay = timedelta(seconds=self.rng.uniform(3, 20))
            self.at(self.now + delay, functools.partial(self.free, counter, close_at))

    def give_up(self, ticket_id: str) -> None:
        if self.desk.ticket(ticket_id).state.value == "waiting":
            self.desk.cancel(ticket_id, "warga meninggalkan antrian")

    # -- counters ----------------------------------------------------------------

    def free(self, counter: CounterInfo, close_at: datetime) -> None:
        if self.now >= close_at:
            return  # the counter closes; leftovers are closed with the day
        ticket = self.desk.call_next(counter.id, user_id=self.operators.get(counter.id))
        if ticket is None:
            self.idle.append((counter, close_at))  # woken by the next arrival
            return
        if self.rng.random() < NO_SHOW_SHARE:
            self.at(
                self.now + timedelta(seconds=45), lambda: self.no_show(counter, ticket, close_at)
            )
            return
        walk = timedelta(seconds=self.rng.uniform(15, 90))
        self.at(self.now + walk, lambda: self.serve(counter, ticket, close_at))

    def no_show(self, counter: CounterInfo, ticket: Ticket, close_at: datetime) -> None:
        if ticket.call_count < 2:
            ticket = self.desk.recall(ticket.id, counter.id, user_id=self.operators.get(counter.id))
            self.at(
                self.now + timedelta(seconds=45), lambda: self.no_show(counter, ticket, close_at)
            )
            return
        self.desk.skip(ticket.id, counter.id, user_id=self.operators.get(counter.id))
        self.at(self.now + timedelta(seconds=5), lambda: self.free(counter, close_at))

    def serve(self, counter: CounterInfo, ticket: Ticket, close_at: datetime) -> None:
        ticket = self.desk.start(ticket.id, counter.id, user_id=self.operators.get(counter.id))
        standard = self.by_id[ticket.service_id].standard_minutes * 60
        # Lognormal around 55% of the standard: most well inside it, a tail over it.
        duration = timedelta(
            seconds=max(60.0, self.rng.lognormvariate(math.log(standard * 0.55), 0.5))
        )
        self.at(self.now + duration, lambda: self.finish(counter, ticket, close_at))

    def finish(self, counter: CounterInfo, ticket: Ticket, close_at: datetime) -> None:
        roll = self.rng.random()
        others = [s for s in self.services if s.id != ticket.service_id]
        user = self.operators.get(counter.id)
        if roll < TRANSFER_SHARE and others and ticket.origin_ticket_id is None:
            self.desk.transfer(
                ticket.id,
                counter.id,
                to_service_id=self.rng.choice(others).id,
                notes="perlu layanan lain",
                user_id=user,
            )
            self.wake()
        elif roll < TRANSFER_SHARE + FOLLOW_UP_SHARE:
            done = self.desk.finish(ticket.id, counter.id, Outcome.FOLLOW_UP,
                                    notes="berkas diproses", user_id=user)  # fmt: skip
            self.after_service(done)
            self.hand_over(done)
        elif roll < TRANSFER_SHARE + FOLLOW_UP_SHARE + REJECT_SHARE:
            done = self.desk.finish(ticket.id, counter.id, Outcome.REJECTED,
                                    reason="persyaratan belum lengkap", user_id=user)  # fmt: skip
            self.after_service(done)
        else:
            self.after_service(self.desk.finish(ticket.id, counter.id, Outcome.COMPLETED,
                                                user_id=user))  # fmt: skip
        pause = timedelta(seconds=self.rng.uniform(10, 60))
        self.at(self.now + pause, lambda: self.free(counter, close_at))

    # -- the citizens' voice --------------------------------------------------------

    def after_service(self, ticket: Ticket) -> None:
        """Most citizens tap a face; a long wait or a refusal makes it a sadder one."""
        self.served += 1
        if self.voice.random() >= RATING_SHARE:
            return
        weights = [2, 8, 50, 40]
        if (ticket.wait_seconds or 0) > 45 * 60:
            weights = [8, 22, 50, 20]
        if ticket.outcome is Outcome.REJECTED:
            weights = [20, 35, 35, 10]
        score = self.voice.choices((1, 2, 3, 4), weights)[0]
        at = self.now + timedelta(seconds=self.voice.uniform(3, 20))
        self.ratings.append((ticket.id, score, at))

    def hand_over(self, ticket: Ticket) -> None:
        """Most follow-up documents are collected on their due date, a few days late."""
        if ticket.due_date is None or self.voice.random() >= HANDED_OVER_SHARE:
            return
        late = self.voice.choice((0, 0, 0, 0, 0, 0, 1, 2, 3))
        hour = time(self.voice.randint(8, 14), self.voice.randint(0, 59))
        local = datetime.combine(ticket.due_date + timedelta(days=late), hour, tzinfo=self.tz)
        self.closures.append((ticket.id, local.astimezone(UTC)))

    def questionnaires(self, day: date) -> list[tuple[date, SkmEntry]]:
        count = round(self.served * SKM_SHARE)
        entries = []
        for _ in range(count):
            scores = tuple(self.voice.choices((1, 2, 3, 4), w)[0] for w in SKM_WEIGHTS)
            assert len(scores) == ELEMENT_COUNT
            profile = Profile(
                age_band=self._maybe(list(AGE_BANDS)),
                sex=self._maybe(list(SEXES)),
                education=self._maybe(list(EDUCATION)),
                occupation=self._maybe(list(OCCUPATIONS)),
            )
            service = self.voice.choice(self.services).id if self.services else None
            entries.append((day, SkmEntry(SkmAnswers(scores), profile, service)))
        return entries

    def _maybe(self, options: list[str]) -> str | None:
        return None if self.voice.random() < 0.15 else self.voice.choice(options)


def _arrival_offsets(rng: random.Random, count: int, span_minutes: float) -> list[float]:
    """Minutes after opening: a morning peak (09:00–11:00) over a steady trickle."""
    offsets = []
    for _ in range(count):
        if rng.random() < 0.6:
            minute = rng.triangular(0, span_minutes * 0.6, span_minutes * 0.25)
        else:
            minute = rng.uniform(0, span_minutes)
        offsets.append(minute)
    return sorted(offsets)


def simulate_day(
    db: Database, day: date, tickets: int, counters: int = 3, seed: int = 1,
    *, feedback: bool = True,
) -> SimResult:  # fmt: skip
    """Simulate one office day of ``tickets`` arrivals served by ``counters`` counters.

    Operators' accounts, when the office has some, work the counters in order (so the
    per-operator figures have names); with ``feedback`` the day also gets its one-tap
    ratings, SKM questionnaires and follow-up hand-overs.
    """
    if tickets < 0:
        raise ValueError("tickets must be >= 0")
    ensure_demo_office(db, counters)
    require_setup(db)  # a half office says what it lacks (never an IndexError)
    with db.read() as s:
        office = load_office(s)
        services = list_services(s, active_only=True)
        all_counters = list_counters(s, active_only=True)
    used = all_counters[: max(1, counters)]
    tz = office.tz
    sim = _Sim(db, day, seed, used, services)
    sim.tz = tz
    operators = [u.id for u in list_users(db) if u.role == "operator" and u.active]
    if not operators:
        operators = _simulated_operators(db, office.code, len(used))
    sim.operators = dict(zip((c.id for c in used), operators, strict=False))
    sim.result.counters_used = len(used)
    opening = datetime.combine(day, OPENING, tzinfo=tz).astimezone(UTC)
    last = datetime.combine(day, LAST_ARRIVAL, tzinfo=tz).astimezone(UTC)
    sim.now = opening
    span = (last - opening).total_seconds() / 60
    mix = [s for s in services if s.prefix in SERVICE_MIX] or services
    weights = [SERVICE_MIX.get(s.prefix, 1.0) for s in mix]
    for minute in _arrival_offsets(sim.rng, tickets, span):
        service = sim.rng.choices(mix, weights)[0]
        sim.at(opening + timedelta(minutes=minute), functools.partial(sim.arrive, service))
    closing = datetime.combine(day, CLOSING, tzinfo=tz).astimezone(UTC)
    for index, counter in enumerate(used):
        start = opening + timedelta(minutes=5 + index)
        sim.at(start, functools.partial(sim.free, counter, closing))
    with sim.desk.batch():
        sim.run()
        # The last citizen has left: whoever still waits is told to come back tomorrow.
        sim.desk.close_day(day)
    if feedback:
        sim.result.ratings = add_ratings(db, sim.ratings)
        add_closures(db, sim.closures)
        sim.result.skm_responses = add_skm_responses(
            db, sim.questionnaires(day), source="kiosk", clock=lambda: sim.now
        )
    return sim.result


def _simulated_operators(db: Database, code: str, count: int) -> list[int]:
    """Operator accounts for an office simulated without any (`loket simulate` alone).

    Every ticket records who served it, and the register's "Petugas" column shows it;
    without accounts that column stayed empty. The demo office gets its usual accounts
    (so `loket --demo` afterwards still logs in); any other office gets accounts with
    random passwords nobody is shown: no one logs in with them until an admin resets one.
    """
    import secrets

    from loket.app.users import add_user

    if code == normalize_kode_wilayah(DEMO_OFFICE["code"]):
        prepare_demo(db)
        return [u.id for u in list_users(db) if u.role == "operator" and u.active]

    taken = {u.name for u in list_users(db)}
    made = []
    for n in range(1, count + 1):
        name = f"petugas{n}"
        if name not in taken:
            made.append(add_user(db, name, "operator", secrets.token_urlsafe(18)).id)
    return made
