"""A real hub process on 127.0.0.1 with paired clients: pairing, tokens, pins, the feed, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from loket.client.connect import read_pc
from loket.client.errors import HubCertificateMismatch, HubUnreachable, NotPaired
from loket.client.feed import LanFeed, LinkState
from loket.client.lan import LanOffice

from .helpers import CHILD_DEADLINE_S, PASSWORD, HubOffice, HubProcess, child_env, pair_pc

WAIT_S = 20.0


def loket(*args: object, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "loket", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=child_env(),
        timeout=CHILD_DEADLINE_S,
        check=False,
    )


def lan(data_dir: Path, **kwargs: float) -> LanOffice:
    pc = read_pc(data_dir)
    assert pc.hub_url and pc.fingerprint and pc.token
    return LanOffice(pc.hub_url, pc.fingerprint, pc.token, **kwargs)


def wait_until(predicate: object, timeout: float = WAIT_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False


def test_pair_then_queue_commands_give_the_same_json_on_the_client_and_the_hub(
    hub: HubProcess, hub_office: HubOffice, tmp_path: Path
) -> None:
    made = loket("--data-dir", hub.data_dir, "hub", "pair", "--json")
    assert made.returncode == 0, made.stderr
    code = json.loads(made.stdout)["code"]
    client_dir = tmp_path / "loket1"
    paired = loket("--data-dir", client_dir, "pair", "--hub", hub.url, "--code", code,
                   "--name", "Loket 1")  # fmt: skip
    assert paired.returncode == 0, paired.stderr
    assert "dipasangkan" in paired.stdout
    config = read_pc(client_dir)
    assert config.role == "client" and config.pc_name == "Loket 1"
    if sys.platform != "win32":
        assert (client_dir / "pc.json").stat().st_mode & 0o077 == 0  # holds the token
        assert (hub.data_dir / "hub-key.pem").stat().st_mode & 0o077 == 0
    again = loket("--data-dir", tmp_path / "loket2", "pair", "--hub", hub.url, "--code", code)
    assert again.returncode == 1 and "Kode pemasangan salah" in again.stderr  # one-time

    on_client = loket("--data-dir", client_dir, "queue", "issue", "--service", "a", "--json")
    assert on_client.returncode == 0, on_client.stderr
    on_hub = loket("--data-dir", hub.data_dir, "queue", "issue", "--service", "A", "--json")
    assert on_hub.returncode == 0, on_hub.stderr
    first, second = json.loads(on_client.stdout), json.loads(on_hub.stdout)
    assert first.keys() == second.keys() and {"ticket", "label", "ahead"} <= first.keys()
    assert (first["label"], second["label"]) == ("A-001", "A-002")  # one office, one series

    called = loket("--data-dir", client_dir, "queue", "call-next", "--counter", 1,
                   "--user", "petugas1", "--json", stdin=PASSWORD + "\n")  # fmt: skip
    assert called.returncode == 0, called.stderr
    assert json.loads(called.stdout)["label"] == "A-001"
    wrong = loket("--data-dir", client_dir, "queue", "call-next", "--counter", 2,
                  "--user", "petugas2", stdin="9999\n")  # fmt: skip
    assert wrong.returncode == 1 and "salah" in wrong.stderr and "Traceback" not in wrong.stderr

    status_client = loket("--data-dir", client_dir, "queue", "status", "--json")
    status_hub = loket("--data-dir", hub.data_dir, "queue", "status", "--json")
    assert status_client.returncode == 0 and status_hub.returncode == 0
    assert json.loads(status_client.stdout) == json.loads(status_hub.stdout)
    listed = loket("--data-dir", hub.data_dir, "hub", "pcs", "--json")
    names = sorted(pc["name"] for pc in json.loads(listed.stdout))
    # The hub has a pairing of its own (it follows a later hub after a take-over).
    assert names[0] == "Loket 1" and names[1].startswith("PC utama ") and len(names) == 2


def test_wrong_or_revoked_token_is_401_and_the_client_says_pair_again(
    hub: HubProcess, tmp_path: Path
) -> None:
    config = pair_pc(hub, tmp_path / "pc", "Kios")
    assert config.fingerprint
    good = lan(tmp_path / "pc")
    assert good.office().name
    forged = LanOffice(hub.url, config.fingerprint, "not-a-token")
    with pytest.raises(NotPaired, match="pasangkan ulang"):
        forged.office()
    revoked = loket("--data-dir", hub.data_dir, "hub", "revoke", "kios")
    assert revoked.returncode == 0, revoked.stderr
    with pytest.raises(NotPaired, match="pasangkan ulang"):
        good.services()
    cli = loket("--data-dir", tmp_path / "pc", "queue", "status")
    assert cli.returncode == 1 and "pasangkan ulang" in cli.stderr
    links: list[LinkState] = []
    feed = LanFeed(hub.url, config.fingerprint, config.token or "")
    feed.on_link(links.append)
    feed.start()
    try:
        assert wait_until(lambda: links[-1].reason == "not_paired")
    finally:
        feed.close()


def test_a_client_that_pinned_another_certificate_refuses_the_hub(
    hub: HubProcess, hub_office: HubOffice, tmp_path: Path
) -> None:
    config = pair_pc(hub, tmp_path / "pc", "Loket 2")
    impostor_pin = "00" * 32
    client = LanOffice(hub.url, impostor_pin, config.token or "")
    with pytest.raises(HubCertificateMismatch, match="Sertifikat PC utama berbeda"):
        client.issue(hub_office.services["A"], None, actor=None)
    links: list[LinkState] = []
    feed = LanFeed(hub.url, impostor_pin, config.token or "")
    feed.on_link(links.append)
    feed.start()
    try:
        assert wait_until(lambda: links[-1].reason == "certificate")
    finally:
        feed.close()
    # Nothing reached the office: the pin is checked before the request is sent.
    status = lan(tmp_path / "pc").queue_status()
    assert all(w.waiting == 0 for w in status.waiting)


def test_a_change_on_one_client_reaches_anothers_feed_and_it_catches_up_after_a_restart(
    hub: HubProcess, hub_office: HubOffice, tmp_path: Path
) -> None:
    a = pair_pc(hub, tmp_path / "a", "Loket A")
    b = pair_pc(hub, tmp_path / "b", "Display")
    notices: list[int] = []
    links: list[LinkState] = []
    seen = threading.Event()
    feed = LanFeed(hub.url, b.fingerprint or "", b.token or "", backoff_cap=0.5)
    feed.on_link(links.append)
    feed.subscribe(lambda n: (notices.append(n), seen.set()))
    try:
        assert wait_until(lambda: links[-1].connected)
        assert wait_until(lambda: len(notices) >= 1)  # the catch-up notice on connecting
        seen.clear()
        lan(tmp_path / "a").issue(hub_office.services["A"], None, actor=None)
        assert seen.wait(WAIT_S)
        hub.kill()
        assert wait_until(lambda: not links[-1].connected)
        down = links[-1]
        assert down.reason == "unreachable"
        with pytest.raises(HubUnreachable, match="PC utama tidak terjangkau"):
            lan(tmp_path / "a", deadline=1.0).board()
        before = len(notices)
        hub.start()  # same port, same certificate
        assert wait_until(lambda: links[-1].connected)
        assert wait_until(lambda: len(notices) > before)  # told to look again
        assert feed.connects >= 2
    finally:
        feed.close()
    assert a.hub_url == b.hub_url


def test_a_key_press_after_an_idle_spell_reuses_the_connection_and_loads_no_ca_store(
    hub: HubProcess, hub_office: HubOffice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A counter acts every minute or so: each action must not pay a new TLS handshake.

    The hub used to drop a connection idle for 5 s (uvicorn's default), and each new
    connection loaded the system's CA store (~20 ms of CPU) that a pinned one never uses.
    """
    import ssl

    def no_ca_store(self: ssl.SSLContext, *args: object) -> None:
        raise AssertionError("a pinned connection loaded the system's CA store")

    handshakes: list[str | None] = []
    wrap = ssl.SSLContext.wrap_socket

    def counted(self: ssl.SSLContext, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        handshakes.append(kwargs.get("server_hostname"))
        return wrap(self, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_default_certs", no_ca_store)
    monkeypatch.setattr(ssl.SSLContext, "wrap_socket", counted)
    pair_pc(hub, tmp_path / "pc", "Loket 2")
    client = lan(tmp_path / "pc")
    service = hub_office.services["A"]
    handshakes.clear()  # (pairing made its own connections)
    first = client.issue(service, None, actor=None)
    time.sleep(6.5)  # the idle spell itself: longer than the old 5 s keep-alive
    second = client.issue(service, None, actor=None)
    assert second.ticket.number == first.ticket.number + 1
    assert len(handshakes) == 1  # one TLS connection for both
