"""One phone number, one booking per office per day (the rule an office expects): a
second is refused on the booking page naming the first, also when two come at once."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests

from loket.server.admin import add_office
from loket.server.auth import RateLimit
from loket.server.db import ServerDatabase
from loket.server.online.booking_desk import add_server_rule
from loket.server.online.models import OnlineBooking
from loket.sync.online_schemas import SessionRule
from tests.server.live import LiveServer

pytestmark = pytest.mark.timeout(90)
CODE = "32.73.01.1001"


@pytest.fixture
def city(server_db_url: str) -> Iterator[LiveServer]:
    """A city server with two all-day sessions (A and B) for one office, every day."""
    db = ServerDatabase.open(server_db_url)
    now = datetime.now(UTC)
    add_office(db, code=CODE, name="Kelurahan Uji", now=now)
    with db.write() as s:
        for prefix, name in (("A", "Domisili"), ("B", "Akta kelahiran")):
            rule = SessionRule(service_prefix=prefix, service_name=name, weekdays="1234567",
                               start="00:00", end="23:59", quota=50)  # fmt: skip
            add_server_rule(s, CODE, rule, now)
    server = LiveServer(db, page_limit=RateLimit(rate=1000.0, burst=1000.0)).start()
    yield server
    server.stop()
    db.close()


def _links(city: LiveServer) -> list[str]:
    """The first day's two sessions, as a citizen finds their links on the office page."""
    page = requests.get(f"{city.url}/pesan/{CODE}", timeout=10).text
    links = re.findall(r'href="(/pesan/[^"]+/\d+/\d{4}-\d\d-\d\d)"', page)
    return [link for link in links if link.endswith(links[0][-10:])]


def _book(city: LiveServer, link: str, phone: str) -> requests.Response:
    return requests.post(city.url + link, data={"name": "Siti", "phone": phone},
                         timeout=20, allow_redirects=False)  # fmt: skip


def test_a_second_booking_of_one_phone_on_one_day_names_the_first(city: LiveServer) -> None:
    first, other = _links(city)
    made = _book(city, first, "0812-3456-7890")
    assert made.status_code == 303
    code = str(made.headers["location"]).rsplit("/", 1)[1]
    for link, phone in ((other, "+62 812 3456 7890"), (first, "081234567890")):
        again = _book(city, link, phone)
        assert again.status_code == 409
        assert code in again.text and "sudah punya booking" in again.text
    assert _book(city, other, "081299990000").status_code == 303  # another number may
    cancelled = requests.post(f"{city.url}/b/{code}/batal", timeout=10, allow_redirects=False)
    assert cancelled.status_code < 400, cancelled.text
    assert _book(city, other, "081234567890").status_code == 303  # a cancelled one frees it


def test_a_phone_booking_both_sessions_at_once_gets_one(city: LiveServer) -> None:
    links = _links(city)
    barrier = threading.Barrier(24)
    statuses: list[int] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        barrier.wait(timeout=30)
        status = _book(city, links[i % 2], "081234567890").status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses.count(303) == 1 and statuses.count(409) == 23, statuses
    with city.db.read() as s:
        assert s.query(OnlineBooking).count() == 1
