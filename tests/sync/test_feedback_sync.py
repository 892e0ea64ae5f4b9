"""Issue 15 item 9: satisfaction reaches the city, exactly once, and the city's IKM is
the desk's arithmetic over every respondent.

A real `loket server run` process on loopback, two desks that enroll and sync through a
fault proxy losing answers, and the city page read back as a browser and a spreadsheet
would read it.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from loket.app.feedback import (
    SkmEntry,
    add_skm_responses,
    close_follow_up,
    rate_ticket,
    rating_summary,
    skm_for_period,
)
from loket.app.period_stats import stats_for_period
from loket.app.simulate import simulate_day
from loket.core.periods import Period
from loket.core.skm import SkmAnswers
from loket.server.admin import add_office
from loket.server.db import ServerDatabase
from loket.server.satisfaction_models import ServerClosure, ServerRating, ServerSkmResponse
from loket.store.database import Database
from loket.store.feedback_models import FollowUpClosureRow, RatingRow, SkmResponseRow
from loket.store.migrate import open_database
from loket.store.models import TicketRow
from loket.sync.engine import enroll_database, sync_once

from .faultproxy import Fault, FaultProxy
from .helpers import FAST, make_client, setup_demo_like_office

DAY = date(2026, 11, 23)  # simulated: ratings, SKM answers, follow-ups
SURVEY_DAY = date(2026, 11, 24)  # the worked example's questionnaires only
OFFICES = {
    "a": ("32.73.01.1001", "Kelurahan Sukamaju"),
    "b": ("32.73.01.1002", "Kelurahan Cibeunying"),
}
READY_S = 20.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def city_process(tmp_path: Path) -> Iterator[tuple[str, ServerDatabase, dict[str, str]]]:
    """`loket server run` in its own process over a SQLite file, with two offices."""
    url = f"sqlite:///{tmp_path / 'city.db'}"
    db = ServerDatabase.open(url)
    codes = {
        key: add_office(db, code=code, name=name, now=datetime.now(UTC)).enrollment_code
        for key, (code, name) in OFFICES.items()
    }
    port = _free_port()
    env = {**os.environ, "LOKET_CITY_NAME": ""}
    proc = subprocess.Popen(
        [sys.executable, "-m", "loket", "server", "run", "--db", url, "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--rate", "1000"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_S
        while True:  # readiness of another process: poll its health, bounded
            try:
                if requests.get(f"{base}/api/v1/health", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the city server did not start")
            time.sleep(0.1)
        yield base, db, codes
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        db.close()


def _desk(folder: Path, key: str, seed: int) -> Database:
    db = open_database(folder)
    code, name = OFFICES[key]
    setup_demo_like_office(db, code=code, name=name)
    simulate_day(db, DAY, 60, 3, seed=seed)
    return db


def _answers(*rows: tuple[int, ...]) -> list[tuple[date, SkmEntry]]:
    return [(SURVEY_DAY, SkmEntry(SkmAnswers(r))) for r in rows]


def _city_csv(base: str, first: date, last: date, sort: str = "") -> dict[str, dict[str, str]]:
    """The page's CSV (``sort`` makes another URL: the page caches each for 30 s)."""
    params = {"from": first.isoformat(), "to": last.isoformat(), "sort": sort}
    response = requests.get(f"{base}/kota.csv", params=params, timeout=10)
    response.raise_for_status()
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    return {row["Kode"] or "kota": row for row in reader}


def _counts(sdb: ServerDatabase) -> tuple[int, int, int]:
    with sdb.read() as s:
        return (
            int(s.scalar(select(func.count()).select_from(ServerRating)) or 0),
            int(s.scalar(select(func.count()).select_from(ServerSkmResponse)) or 0),
            int(s.scalar(select(func.count()).select_from(ServerClosure)) or 0),
        )


def _desk_counts(*desks: Database) -> tuple[int, int, int]:
    totals = [0, 0, 0]
    for db in desks:
        with db.read() as s:
            for i, model in enumerate((RatingRow, SkmResponseRow, FollowUpClosureRow)):
                totals[i] += int(s.scalar(select(func.count()).select_from(model)) or 0)
    return totals[0], totals[1], totals[2]


def _comma(value: object, places: int) -> str:
    return f"{float(str(value)):.{places}f}".replace(".", ",")


def test_ratings_and_skm_reach_the_city_once_and_its_ikm_pools_every_respondent(
    tmp_path: Path, city_process: tuple[str, ServerDatabase, dict[str, str]]
) -> None:
    base, sdb, codes = city_process
    port = int(base.rsplit(":", 1)[1])
    proxy = FaultProxy(port, slow_seconds=2.0).start()
    a = _desk(tmp_path / "a", "a", seed=21)
    b = _desk(tmp_path / "b", "b", seed=22)
    try:
        # The worked example: A's two respondents average 3.5 on every element (IKM
        # 87.50, B); B's three average 3.0 (75.00, C). The mean of the two indexes would be
        # 81.25; the city's IKM is over the five respondents: 16/5 = 3.2 -> 80.00 (B).
        add_skm_responses(a, _answers((4,) * 9, (3,) * 9))
        add_skm_responses(b, _answers((4,) * 9, (4,) * 9, (1,) * 9))
        for key, db in (("a", a), ("b", b)):
            enroll_database(db, make_client(proxy.url), codes[key], desk_name=f"Loket {key}")

        # Answers lost after the server committed, and a 500: the desk retries the batch,
        # the server finds each item by its key.
        proxy.inject(Fault.DROP_AFTER, Fault.ERROR_500, Fault.DROP_AFTER, path="/api/v1/feedback")
        for db in (a, b):
            report = sync_once(db, make_client(proxy.url), policy=FAST, batch_size=40)
            assert report.ok, report.error
            assert report.feedback_rejected == 0
        assert proxy.pending() == 0
        assert proxy.committed_then_dropped >= 2
        assert _counts(sdb) == _desk_counts(a, b)
        ratings, skm, closures = _counts(sdb)
        assert ratings > 10 and skm > 5 and closures >= 1

        # Nothing new: a second run sends no feedback at all.
        again = sync_once(a, make_client(base), policy=FAST)
        assert again.ok and again.feedback_accepted == again.feedback_duplicates == 0

        city = _city_csv(base, SURVEY_DAY, SURVEY_DAY)
        assert city[OFFICES["a"][0]]["IKM"] == "87,50"
        assert city[OFFICES["b"][0]]["IKM"] == "75,00"
        assert city["kota"]["IKM"] == "80,00"
        assert city["kota"]["Mutu IKM"] == "B (Baik)"
        assert city["kota"]["Responden SKM"] == "5"
        page = requests.get(f"{base}/", params={"date": SURVEY_DAY.isoformat()}, timeout=10)
        assert "80,00 (B)" in page.text and "81,25" not in page.text

        # The simulated day: each office's IKM, ratings and overdue follow-ups at the city
        # equal the desk's own figures; the city's IKM is the pooled one.
        period = Period(DAY, DAY)
        city = _city_csv(base, DAY, DAY)
        pooled_rows: list[SkmAnswers] = []
        for key, db in (("a", a), ("b", b)):
            row = city[OFFICES[key][0]]
            own = skm_for_period(db, period)
            assert own.ikm is not None
            assert row["IKM"] == _comma(own.ikm, 2)
            assert row["Responden SKM"] == str(own.respondents)
            share = rating_summary(db, period).satisfied_share
            assert share is not None
            assert row["Penilaian puas (%)"] == _comma(round(share * 100, 1), 1)
            assert row["Tindak lanjut terlambat"] == str(
                stats_for_period(db, period).follow_ups.overdue_total
            )
            with db.read() as s:
                pooled_rows += [
                    SkmAnswers(tuple(getattr(r, f"u{i}") for i in range(1, 10)))
                    for r in s.scalars(
                        select(SkmResponseRow).where(SkmResponseRow.survey_day == DAY)
                    )
                ]
        from loket.core.skm import ikm_of

        assert city["kota"]["IKM"] == _comma(ikm_of(pooled_rows).ikm, 2)

        # A second tap replaces the first face: the city holds the new one, still once.
        with a.read() as s:
            rated = s.scalars(select(RatingRow).order_by(RatingRow.ticket_id).limit(1)).one()
            ticket_id, old = rated.ticket_id, rated.score
        rate_ticket(a, ticket_id, 1 if old != 1 else 4)
        # A follow-up handed over stops counting as overdue at the city too.
        with a.read() as s:
            closed = {r for r in s.scalars(select(FollowUpClosureRow.ticket_id))}
            open_follow_up = s.scalars(
                select(TicketRow.id).where(
                    TicketRow.outcome == "follow_up", TicketRow.id.not_in(closed)
                )
            ).first()
        before = int(city[OFFICES["a"][0]]["Tindak lanjut terlambat"])
        if open_follow_up is not None:
            close_follow_up(a, open_follow_up)
        report = sync_once(a, make_client(base), policy=FAST)
        assert report.ok, report.error
        assert report.feedback_accepted == 1 + (open_follow_up is not None)
        assert _counts(sdb) == _desk_counts(a, b)
        with sdb.read() as s:
            assert s.get(ServerRating, ticket_id).score == (1 if old != 1 else 4)  # type: ignore[union-attr]
        after = _city_csv(base, DAY, DAY, "overdue")[OFFICES["a"][0]]["Tindak lanjut terlambat"]
        assert int(after) == stats_for_period(a, period).follow_ups.overdue_total
        if open_follow_up is not None and before:
            assert int(after) <= before
    finally:
        proxy.stop()
        a.close()
        b.close()
