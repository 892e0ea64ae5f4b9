"""Helpers of the benchmarks: raw connections, the queue fill, the five-year database.

Kept out of ``conftest.py`` so the test modules can import them.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import func, select

import loket.app.simulate
from loket.app.demo import ensure_demo_office
from loket.app.desk import Desk
from loket.app.office import list_counters, list_services, load_office
from loket.app.simulate import PRIORITY_SHARE, SERVICE_MIX, simulate_day
from loket.core.days import service_day
from loket.core.tickets import EventKind, PriorityReason, TicketEvent, TicketState, apply
from loket.paths import database_path
from loket.store.database import BUSY_TIMEOUT_MS, Database
from loket.store.migrate import head_revision, open_database
from loket.store.models import TicketRow
from loket.store.projection import event_to_row, save_ticket

# -- connections as the app makes them ------------------------------------------------------


def app_pragmas(conn: sqlite3.Connection) -> None:
    """The pragmas ``loket.store.database`` sets on every connection."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    (mode,) = conn.execute("PRAGMA journal_mode = WAL").fetchone()
    assert str(mode).lower() == "wal"
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def connect_raw(path: Path) -> sqlite3.Connection:
    """A stdlib connection with the app's pragmas, in autocommit mode (explicit BEGIN)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    app_pragmas(conn)
    return conn


class BareCommit:
    """INSERT one small row and COMMIT, through stdlib sqlite3 with the app's pragmas."""

    def __init__(self, path: Path) -> None:
        self.conn = connect_raw(path)
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS rows (id TEXT PRIMARY KEY, at TEXT NOT NULL, n INTEGER)"
        )
        self.calls = itertools.count(1)
        self.done = 0

    def __call__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")  # as every desk write starts
        self.done = next(self.calls)
        self.conn.execute(
            "INSERT INTO rows (id, at, n) VALUES (?, ?, ?)",
            (str(uuid.uuid4()), datetime.now(UTC).isoformat(" "), self.done),
        )
        self.conn.execute("COMMIT")

    def warm(self, commits: int = 600) -> None:
        """Commit until the WAL file has been filled and restarted once (not timed).

        Why: until SQLite's first checkpoint (1,000 pages) every commit makes the WAL
        file longer, and an fsync that changes a file's size also commits the file
        system's journal. A fresh bare file grew at each of its 300 timed commits while
        the desk's database, past its set-up, reuses its WAL: the baseline paid a
        metadata flush per commit that ``issue`` did not. Both are timed in the steady
        state an office PC is in (two pages a commit here: 600 commits pass 1,000).
        """
        for _ in range(commits):
            self()

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM rows").fetchone()[0])

    def close(self) -> None:
        self.conn.close()


# -- results and their ratios ----------------------------------------------------------------


@dataclass
class Timing:
    label: str
    mean: float
    median: float
    rounds: int
    target: str = ""
    ratios: dict[str, float] = field(default_factory=dict)


class Recorder:
    """Keeps each benchmark's figures for the ratios and the closing table."""

    def __init__(self, results: dict[str, Timing]) -> None:
        self.results = results

    def times(self, key: str, label: str, seconds: list[float]) -> None:
        """Record times taken by hand (a baseline run between a benchmark's rounds)."""
        self.results[key] = Timing(label, statistics.fmean(seconds), statistics.median(seconds),
                                   len(seconds))  # fmt: skip

    def __call__(
        self,
        key: str,
        label: str,
        benchmark: BenchmarkFixture,
        *,
        vs: tuple[str, ...] = (),
        target: str = "",
    ) -> None:
        """Record ``benchmark`` as ``key``, with its median's ratio to each baseline in ``vs``."""
        meta = benchmark.stats
        if meta is None:  # --benchmark-disable: ran once, nothing measured
            return
        stats = meta.stats
        timing = Timing(label, stats.mean, stats.median, stats.rounds, target)
        for base in vs:
            if base in self.results:  # absent when the baseline was deselected
                ratio = stats.median / self.results[base].median
                timing.ratios[base] = ratio
                benchmark.extra_info[f"median_x_{base.replace(' ', '_')}"] = round(ratio, 2)
        self.results[key] = timing


def duration(seconds: float) -> str:
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.0f} µs"


def markdown_table(results: dict[str, Timing]) -> list[str]:
    lines = [
        "| Benchmark | Mean | Median | Rounds | Ratio (medians) | Target |",
        "|---|---:|---:|---:|---|---|",
    ]
    for timing in results.values():
        ratio = ", ".join(f"{value:.2f}× {base}" for base, value in timing.ratios.items())
        lines.append(
            f"| {timing.label} | {duration(timing.mean)} | {duration(timing.median)} "
            f"| {timing.rounds} | {ratio or 'baseline'} | {timing.target} |"
        )
    return lines


# -- a desk with a queue -------------------------------------------------------------------


class SteppingClock:
    """A desk clock that moves 1 ms per reading: one service day, whatever the wall time.

    A real clock would let a run that crosses midnight in Jakarta (17:00 UTC) close the
    day under the benchmark and empty its queue.
    """

    def __init__(self, start: datetime, step: timedelta = timedelta(milliseconds=1)) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


#: A Wednesday, 10:30 WIB; the fill below queues from 07:30 WIB, one ticket a second.
BENCH_CLOCK_START = datetime(2025, 6, 11, 3, 30, tzinfo=UTC)
FILL_START = datetime(2025, 6, 11, 0, 30, tzinfo=UTC)


@dataclass
class DemoDesk:
    db: Database
    desk: Desk
    service_ids: dict[str, int]  # prefix -> id
    counter_ids: dict[int, int]  # counter number -> id

    def close(self) -> None:
        self.db.close()


def demo_desk(data_dir: Path) -> DemoDesk:
    """A data dir with the demo office (three counters) and a desk on a stepping clock."""
    db = open_database(data_dir)
    ensure_demo_office(db, counters=3)
    with db.read() as s:
        services = {sv.prefix: sv.id for sv in list_services(s)}
        counters = {c.number: c.id for c in list_counters(s)}
    return DemoDesk(db, Desk(db, clock=SteppingClock(BENCH_CLOCK_START)), services, counters)


def fill_queue(office: DemoDesk, count: int, seed: int = 7) -> int:
    """Put ``count`` waiting tickets in today's queues in one transaction; returns the count.

    ``desk.issue`` reads the whole day per ticket, so 10,000 of them in a batch take
    minutes; this stores what it would: the same ISSUED events, applied by the core's
    ``apply``, saved by the store's projection. The last ticket is issued by the desk
    itself, which checks that the numbering continues.
    """
    rng = random.Random(seed)
    with office.db.write() as s:
        info = load_office(s)
        services = [sv for sv in list_services(s, active_only=True) if sv.prefix in SERVICE_MIX]
        weights = [SERVICE_MIX[sv.prefix] for sv in services]
        numbers = dict.fromkeys((sv.id for sv in services), 0)
        with s.no_autoflush:
            for index in range(count - 1):
                service = rng.choices(services, weights)[0]
                reason = rng.choice(list(PriorityReason)) if rng.random() < PRIORITY_SHARE else None
                at = FILL_START + timedelta(seconds=index)
                numbers[service.id] += 1
                event = TicketEvent(
                    id=str(uuid.uuid4()),
                    ticket_id=str(uuid.uuid4()),
                    kind=EventKind.ISSUED,
                    at=at,
                    counter_id=None,
                    user_id=None,
                    data={  # as Desk._issue writes it
                        "service_day": service_day(at, info.tz).isoformat(),
                        "issued_service_id": service.id,
                        "service_id": service.id,
                        "prefix": service.prefix,
                        "number": numbers[service.id],
                        "priority_reason": reason.value if reason else None,
                    },
                )
                save_ticket(s, apply(None, event), info.id)
                s.add(event_to_row(event))
    last = office.desk.issue(services[0].id).ticket
    assert last.number == numbers[services[0].id] + 1
    return waiting_count(office.db)


def waiting_count(db: Database) -> int:
    with db.read() as s:
        query = select(func.count()).where(TicketRow.state == TicketState.WAITING.value)
        return int(s.scalar(query) or 0)


# -- five years of a busy office -------------------------------------------------------------

#: Bump to rebuild every cached five-year database. The key also holds the schema's
#: Alembic head and a hash of the simulation's source, so those rebuild it by themselves.
FIVE_YEARS_VERSION = "1"
FIVE_YEARS_START = date(2021, 1, 1)
FIVE_YEARS_DAYS = 1826  # 2021-01-01 .. 2025-12-31, every day
TEMPLATE_DAYS = 12  # simulated through the engine, then copied over the five years
TICKETS_PER_DAY = 220
COUNTERS = 4
STATS_DAY = date(2025, 6, 11)

#: Columns holding ticket or event ids: copies get a day-specific first group.
ID_COLUMNS = frozenset({"id", "ticket_id", "origin_ticket_id", "successor_id"})
JSON_DATE_KEYS = ("service_day", "due_date")
JSON_ID_KEYS = ("successor_id", "origin_ticket_id")


def cache_root() -> Path:
    env = os.environ.get("LOKET_BENCH_CACHE")
    return Path(env) if env else Path(tempfile.gettempdir()) / "loket-benchmarks"


def five_years_dir() -> Path:
    source = Path(loket.app.simulate.__file__).read_bytes()
    sim = hashlib.sha256(source).hexdigest()[:8]
    return cache_root() / f"five-years-v{FIVE_YEARS_VERSION}-{head_revision()}-{sim}"


def _new_id(expr: str) -> str:
    # A uuid4's text with its first group replaced by the copy's day index: still a UUID,
    # and unique, since the rest of a uuid4 is unique among the template rows.
    return f"printf('%08x', :k) || substr({expr}, 9)"


def _shift_datetime(expr: str) -> str:
    # Stored as naive UTC "YYYY-MM-DD HH:MM:SS.ffffff"; whole days keep the time part.
    return f"date(substr({expr}, 1, 10), :shift) || substr({expr}, 11)"


def _copy_sql(conn: sqlite3.Connection, table: str, source: str, day_column: str) -> str:
    """INSERT ... SELECT one template day into ``table`` as day ``:k`` (``:shift`` days on)."""
    names: list[str] = []
    values: list[str] = []
    for _cid, name, decl, *_rest in conn.execute(f"PRAGMA main.table_info({table})"):
        column = f'"{name}"'
        kind = str(decl).upper()
        if name == "seq":
            continue  # AUTOINCREMENT: the copies follow in day order
        if name in ID_COLUMNS:
            value = _new_id(column)
        elif name == "sent_at":
            value = _shift_datetime('"at"')  # five-year-old events have been synced
        elif kind == "DATE":
            value = f"date({column}, :shift)"
        elif kind == "DATETIME":
            value = _shift_datetime(column)
        elif kind == "JSON":
            # json_replace leaves absent keys absent (an issued event has no successor).
            pairs = [
                f"'$.{key}', date(json_extract({column}, '$.{key}'), :shift)"
                for key in JSON_DATE_KEYS
            ]
            for key in JSON_ID_KEYS:
                extracted = f"json_extract({column}, '$.{key}')"
                pairs.append(f"'$.{key}', {_new_id(extracted)}")
            value = f"json_replace({column}, {', '.join(pairs)})"
        else:
            value = column
        names.append(column)
        values.append(value)
    return (
        f"INSERT INTO main.{table} ({', '.join(names)}) SELECT {', '.join(values)} "
        f"FROM temp.{source} WHERE {day_column} = :source ORDER BY rowid"
    )


def _replicate(path: Path) -> None:
    """Copy the template days over the five years: day k is template k mod TEMPLATE_DAYS."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        # A bulk load of a file nobody uses yet: no journal, no fsync; WAL again at the end.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TEMP TABLE tmpl_tickets AS SELECT * FROM tickets ORDER BY rowid")
        conn.execute(
            "CREATE TEMP TABLE tmpl_events AS SELECT e.*, t.service_day AS tmpl_day "
            "FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id ORDER BY e.seq"
        )
        conn.execute("CREATE INDEX temp.ix_tmpl_tickets_day ON tmpl_tickets (service_day)")
        conn.execute("CREATE INDEX temp.ix_tmpl_events_day ON tmpl_events (tmpl_day)")
        # The templates come back as copies too (day k = their own day, no shift), so
        # every id in the file has the same form and none can meet a template's.
        conn.execute("DELETE FROM ticket_events")
        conn.execute("DELETE FROM tickets")
        tickets = _copy_sql(conn, "tickets", "tmpl_tickets", "service_day")
        events = _copy_sql(conn, "ticket_events", "tmpl_events", "tmpl_day")
        for k in range(FIVE_YEARS_DAYS):
            template = k % TEMPLATE_DAYS
            params = {
                "k": k,
                "shift": f"+{k - template} days",
                "source": (FIVE_YEARS_START + timedelta(days=template)).isoformat(),
            }
            conn.execute(tickets, params)
            conn.execute(events, params)
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")


def build_five_years(dest: Path) -> None:
    """Simulate the template days through the engine, replicate them, move into place.

    Built in a staging folder and renamed, so a run killed half-way leaves no database
    that looks finished. Older builds (other keys) are deleted: each is ~0.7 GB.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    for stale in dest.parent.glob("five-years-*"):
        if stale != dest:
            shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        db = open_database(staging)
        try:
            ensure_demo_office(db, COUNTERS)
            for index in range(TEMPLATE_DAYS):
                day = FIVE_YEARS_START + timedelta(days=index)
                simulate_day(db, day, TICKETS_PER_DAY, counters=COUNTERS, seed=index)
        finally:
            db.close()
        _replicate(database_path(staging))
        # Flush the bulk load now: write-back of 0.7 GB behind the write benchmarks
        # would slow their fsyncs.
        with database_path(staging).open("rb+") as fh:
            os.fsync(fh.fileno())
        try:
            staging.rename(dest)
        except OSError:
            if not database_path(dest).exists():  # not another run that finished first
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@dataclass
class FiveYears:
    db: Database
    path: Path  # the database file
    day: date
    day_tickets: int
    total_tickets: int


def open_five_years(folder: Path) -> FiveYears:
    path = database_path(folder)
    with contextlib.closing(connect_raw(path)) as conn:
        (day_tickets,) = conn.execute(
            "SELECT count(*) FROM tickets WHERE service_day = ?", (STATS_DAY.isoformat(),)
        ).fetchone()
        (total,) = conn.execute("SELECT count(*) FROM tickets").fetchone()
    return FiveYears(open_database(folder), path, STATS_DAY, int(day_tickets), int(total))
