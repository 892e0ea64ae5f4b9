"""Messages to citizens (issue 16, item 3): one interface, the WhatsApp and SMS adapters
against a fake gateway on loopback (with its failures), retries, once-only, consent, an
audit without personal data, and a queue that never waits for a gateway."""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, replace
from datetime import timedelta
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt

from loket.app.audit import SYSTEM, entries
from loket.app.online import messages
from loket.app.online.admin import update_online
from loket.app.online.booking import save_session_rules
from loket.app.online.pusher import booking_round
from loket.app.online.sender import MessageSender, run_once
from loket.app.online.settings import read_online
from loket.app.users import add_user
from loket.core.days import utc_now
from loket.core.tickets import Outcome
from loket.store.online_models import MessageRow
from loket.sync import notify
from loket.sync.notify import SendFailed, SmsGateway, WhatsAppGateway
from loket.sync.online_schemas import SessionRule
from tests.server.live import LiveServer
from tests.sync.helpers import make_client

from .conftest import OnlineDesk
from .gateway import FakeGateway
from .test_booking import book_on_city

pytestmark = pytest.mark.timeout(90)
PHONE = "081234567890"


def test_the_whatsapp_adapter_speaks_the_gateways_shape(gateway: FakeGateway) -> None:
    WhatsAppGateway(gateway.url, "TOKEN-1").send(PHONE, "Halo", "almost:abc")
    (got,) = gateway.messages()
    assert got.path == "/send" and got.headers["Authorization"] == "TOKEN-1"
    assert got.form == {"target": "6281234567890", "message": "Halo"}
    assert got.headers["Idempotency-Key"] == "almost:abc"


def test_the_sms_adapter_speaks_rest(gateway: FakeGateway) -> None:
    SmsGateway(gateway.url, "T2").send(PHONE, "Halo", "ready:abc")
    (got,) = gateway.messages()
    assert got.path == "/messages" and got.headers["Authorization"] == "Bearer T2"
    assert got.json == {"to": "+6281234567890", "text": "Halo", "reference": "ready:abc"}


@pytest.mark.parametrize(
    ("answer", "retryable"),
    [
        ((503, {"error": "busy"}), True),
        ((429, {"error": "slow down"}), True),
        ((401, {"error": "bad token"}), False),
        ((200, {"status": False, "reason": "nomor tidak terdaftar"}), False),
        ((200, "not json at all"), False),
    ],
)
def test_gateway_failures_are_sorted(gateway: FakeGateway, answer: Any, retryable: bool) -> None:
    gateway.script.append(answer)
    with pytest.raises(SendFailed) as failed:
        WhatsAppGateway(gateway.url, "T").send(PHONE, "Halo", "k")
    assert failed.value.retryable is retryable


def test_silence_and_no_gateway_are_retryable(
    gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notify, "READ_S", 0.3)
    gateway.script.append(("sleep", 1.5))
    started = time.monotonic()
    with pytest.raises(SendFailed) as slow:
        SmsGateway(gateway.url, "T").send(PHONE, "Halo", "k")
    assert slow.value.retryable and time.monotonic() - started < 1.4
    gateway.stop()
    with pytest.raises(SendFailed) as gone:
        SmsGateway(gateway.url, "T").send(PHONE, "Halo", "k")
    assert gone.value.retryable


def _booked_and_waiting(city: LiveServer, desk: OnlineDesk, gateway: FakeGateway,
                        consent: bool = True, ahead: int = 2,
                        walk_ins: int | None = None) -> Any:  # fmt: skip
    """A consenting booked citizen checked in behind ``ahead + 1`` walk-ins (or as told)."""
    current = asdict(read_online(desk.db))
    update_online(desk.db, SYSTEM, **{**current, "notify_channel": "whatsapp",
                                      "gateway_url": gateway.url, "gateway_token": "T",
                                      "notify_ahead": ahead})  # fmt: skip
    service = next(s for s in desk.local.services() if s.prefix == "A")
    save_session_rules(desk.db, [SessionRule(service_prefix="A", service_name=service.name,
                                             weekdays="1234567", start="00:00", end="23:59",
                                             quota=5)])  # fmt: skip
    client = make_client(city.url)
    booking_round(desk.db, client)
    code = book_on_city(city, consent=consent)
    booking_round(desk.db, client)
    for _ in range(ahead + 1 if walk_ins is None else walk_ins):
        desk.local.issue(service.id, actor=None)
    return desk.local.check_in_booking(code, actor=None).ticket


def _operator(desk: OnlineDesk) -> Any:
    add_user(desk.db, "petugas1", "operator", "1234")
    return desk.local.login("petugas1", "1234")


def test_almost_your_turn_once_with_retries_and_a_clean_audit(
    city: LiveServer, desk: OnlineDesk, gateway: FakeGateway
) -> None:
    ticket = _booked_and_waiting(city, desk, gateway)
    sender = notify.notifier_for("whatsapp", gateway.url, "T")
    assert run_once(desk.db, sender) == 0 and gateway.messages() == []  # 3 ahead: not yet
    user = _operator(desk)
    counter = next(c for c in desk.local.counters() if c.number == 1)
    desk.local.call_next(counter.id, actor=user)  # now 2 ahead
    gateway.script += [(503, {"e": 1}), (503, {"e": 2})]
    now = utc_now()
    assert run_once(desk.db, sender, now) == 0  # the gateway is down: it waits to retry
    assert run_once(desk.db, sender, now + timedelta(seconds=6)) == 0
    assert run_once(desk.db, sender, now + timedelta(seconds=40)) == 1
    got = gateway.messages()
    assert len(got) == 3 and {g.headers["Idempotency-Key"] for g in got} == {f"almost:{ticket.id}"}
    assert ticket.label in got[-1].form["message"] and "2 orang" in got[-1].form["message"]
    # Once only, whatever happens next.
    other = next(c for c in desk.local.counters() if c.number == 2)
    desk.local.call_next(other.id, actor=user)
    assert run_once(desk.db, sender, now + timedelta(seconds=90)) == 0
    with desk.db.read() as s:
        row = s.query(MessageRow).one()
        assert row.status == "sent" and row.attempts == 3 and row.phone is None
    trail = [e for e in entries(desk.db) if e.action.startswith("citizen_message")]
    assert {e.action for e in trail} == {"citizen_message_queued", "citizen_message_sent"}
    for entry in trail:
        flat = str(entry.detail) + entry.target
        assert "0812" not in flat and "6281" not in flat and "Mohon" not in flat


def test_a_refused_message_fails_without_retrying(
    city: LiveServer, desk: OnlineDesk, gateway: FakeGateway
) -> None:
    _booked_and_waiting(city, desk, gateway, ahead=5, walk_ins=0)
    gateway.script.append((200, {"status": False, "reason": "nomor tidak aktif"}))
    sender = notify.notifier_for("whatsapp", gateway.url, "T")
    now = utc_now()
    assert run_once(desk.db, sender, now) == 0
    assert run_once(desk.db, sender, now + timedelta(hours=1)) == 0
    assert len(gateway.messages()) == 1
    with desk.db.read() as s:
        row = s.query(MessageRow).one()
        assert row.status == "failed" and row.phone is None and "tidak aktif" in row.last_error
    assert any(e.action == "citizen_message_failed" for e in entries(desk.db))


def test_no_consent_no_message(city: LiveServer, desk: OnlineDesk, gateway: FakeGateway) -> None:
    _booked_and_waiting(city, desk, gateway, consent=False, ahead=5, walk_ins=0)
    run_once(desk.db, notify.notifier_for("whatsapp", gateway.url, "T"))
    assert gateway.messages() == []


def test_document_ready_for_a_follow_up(
    qtbot: Any, city: LiveServer, desk: OnlineDesk, gateway: FakeGateway
) -> None:
    ticket = _booked_and_waiting(city, desk, gateway, ahead=1, walk_ins=1)
    user = _operator(desk)
    counter = next(c for c in desk.local.counters() if c.number == 1)
    first = desk.local.call_next(counter.id, actor=user)  # the walk-in ahead
    assert first is not None
    desk.local.start(first.id, counter.id, actor=user)
    desk.local.finish(first.id, counter.id, actor=user)
    called = desk.local.call_next(counter.id, actor=user)
    assert called is not None and called.id == ticket.id
    desk.local.start(ticket.id, counter.id, actor=user)
    desk.local.finish(ticket.id, counter.id, Outcome.FOLLOW_UP, actor=user)
    # The supervisor marks it ready on the dashboard's follow-up list.
    from loket.core.periods import Period
    from loket.ui.windows.dashboard import DashboardWindow

    kasi = add_user(desk.db, "kasi", "supervisor", "rahasia-kasi-1")
    window = DashboardWindow(desk.local, actor=kasi)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.loaded, timeout=15_000):
        window.set_period(Period(ticket.service_day, ticket.service_day))
    assert not window.follow_ups.ready_button.isEnabled()
    window.follow_ups.view.selectRow(0)
    assert window.follow_ups.ready_button.isEnabled()
    qtbot.mouseClick(window.follow_ups.ready_button, Qt.MouseButton.LeftButton)
    assert "warga dikabari" in window.status.text()
    assert desk.local.document_ready(ticket.id, actor=user) is False  # once only
    sender = notify.notifier_for("whatsapp", gateway.url, "T")
    run_once(desk.db, sender)
    texts = [g.form["message"] for g in gateway.messages()]
    assert any("sudah siap" in t and ticket.label in t for t in texts)
    assert any(e.action == "follow_up_ready" for e in entries(desk.db))


def test_a_hanging_gateway_never_holds_the_queue(
    city: LiveServer, desk: OnlineDesk, gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notify, "READ_S", 20.0)
    _booked_and_waiting(city, desk, gateway, ahead=5, walk_ins=0)
    release = threading.Event()
    gateway.script.append(("hold", release))
    sender = MessageSender(desk.db, lambda: notify.notifier_for("whatsapp", gateway.url, "T"),
                           tick=0.1, watch=0.05)  # fmt: skip
    sender.start()
    try:
        deadline = time.monotonic() + 10
        while not gateway.messages():  # the sender is inside its HTTP call now
            assert time.monotonic() < deadline
            time.sleep(0.02)
        # The gateway holds the answer until the counters are done: were the queue
        # waiting for it, these would never finish (the test's timeout would say so).
        user = _operator(desk)
        counter = next(c for c in desk.local.counters() if c.number == 1)
        assert desk.local.call_next(counter.id, actor=user) is not None
        desk.local.issue(desk.local.services()[0].id, actor=None)
        assert not release.is_set() and sender.sent == 0
    finally:
        release.set()
        sender.stop()


def test_channel_settings_are_checked() -> None:
    from loket.app.online.settings import OnlineSettings, check
    from loket.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        check(replace(OnlineSettings(), notify_channel="telegram"))
    with pytest.raises(InvalidInput):
        check(replace(OnlineSettings(), gateway_url="ftp://x"))
    assert requests  # the adapters use requests: time-boxed, see notify.CONNECT_S/READ_S
    assert messages.MAX_ATTEMPTS == 5
