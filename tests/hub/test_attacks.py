"""A PC on the office LAN sending what no Loket client sends, to a real hub process.

Each refusal is a clear Indonesian answer, the hub holds nothing it was not asked to,
and a paired PC is served as before right after.
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from loket.client.lan import pinned_session, server_fingerprint
from loket.hub.gate import PER_PEER

from .helpers import START_TIMEOUT_S, HubOffice, HubProcess, child_env, pair_pc
from .test_lan import lan

RPC = "/api/v1/rpc/issue"
ANSWER_S = 10.0  # an answer the hub gives at once; a hang fails the test instead


def _tls(hub: HubProcess) -> ssl.SSLSocket:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the pin is not what these tests are about
    raw = socket.create_connection(("127.0.0.1", hub.port), timeout=ANSWER_S)
    return context.wrap_socket(raw)


def _head(token: str, extra: str) -> bytes:
    lines = [f"POST {RPC} HTTP/1.1", "Host: hub", f"Authorization: Bearer {token}",
             "X-Loket-Request: besar-1", "Content-Type: application/json"]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n" + extra + "\r\n").encode()


def _answer(conn: ssl.SSLSocket) -> tuple[int, dict[str, object]]:
    """The status and JSON body of one answer (the hub closes the connection after it)."""
    data = b""
    while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    if not data:
        raise ConnectionResetError("the hub closed the connection without an answer")
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def _still_serves(hub: HubProcess, hub_office: HubOffice, data_dir: Path) -> None:
    office = lan(data_dir)
    try:
        assert office.issue(hub_office.services["B"], None, actor=None).ticket.number == 1
    finally:
        office.close()


def test_a_body_claiming_gigabytes_is_refused_at_once(
    hub: HubProcess, hub_office: HubOffice, tmp_path: Path
) -> None:
    config = pair_pc(hub, tmp_path / "pc", "Loket 1")
    with _tls(hub) as conn:
        conn.sendall(_head(config.token or "", "Content-Length: 10000000000\r\n"))
        conn.sendall(b"{" * 1000)  # and then nothing: the hub must not wait for the rest
        status, body = _answer(conn)
    assert status == 413
    assert "Permintaan terlalu besar" in str(body["error"])
    _still_serves(hub, hub_office, tmp_path / "pc")


def test_an_endless_body_is_cut_off_instead_of_read_into_memory(
    hub: HubProcess, hub_office: HubOffice, tmp_path: Path
) -> None:
    config = pair_pc(hub, tmp_path / "pc", "Loket 1")
    chunk = b"x" * (1 << 20)
    chunks = 256  # 256 MB, far more than the socket buffers on the way can hold
    sent = [0]

    def flood(conn: ssl.SSLSocket) -> None:
        try:
            for _ in range(chunks):
                conn.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sent[0] += 1
            conn.sendall(b"0\r\n\r\n")
        except OSError:  # the hub closed the connection: what it should do
            return

    with _tls(hub) as conn:
        conn.sendall(_head(config.token or "", "Transfer-Encoding: chunked\r\n"))
        sender = threading.Thread(target=flood, args=(conn,), daemon=True)
        sender.start()
        try:
            status, body = _answer(conn)
        except OSError:
            # The hub answers 413 and closes while the flood still arrives: its kernel
            # then resets the connection, and a reset may overtake the answer on its way
            # (TCP drops what the client had not read yet). Being cut off is the point.
            status, body = 0, {}
        sender.join(timeout=60)
    assert status in (0, 413)
    assert status == 0 or "terlalu besar" in str(body["error"])
    assert not sender.is_alive() and sent[0] < chunks  # cut off, not read to the end
    _still_serves(hub, hub_office, tmp_path / "pc")


@pytest.mark.parametrize("path", [RPC, "/api/v1/pair"])
def test_json_nested_past_the_parsers_depth_is_a_clear_refusal(
    hub: HubProcess, hub_office: HubOffice, tmp_path: Path, path: str
) -> None:
    config = pair_pc(hub, tmp_path / "pc", "Loket 1")
    assert config.fingerprint
    session = pinned_session(config.fingerprint)
    try:
        answer = session.post(hub.url + path, data=b"[" * 100_000, timeout=(2, ANSWER_S),
                              headers={"Authorization": f"Bearer {config.token}",
                                       "X-Loket-Request": "dalam-1"})  # fmt: skip
    finally:
        session.close()
    assert answer.status_code in (400, 422)  # never "busy, try again" nor a bare 500
    assert answer.json()["error"]["message"] == "Permintaan bukan JSON yang sah."
    assert "RecursionError" not in hub.stderr()
    _still_serves(hub, hub_office, tmp_path / "pc")


def test_a_second_hub_on_the_same_data_folder_is_refused_and_the_first_serves_on(
    hub: HubProcess, hub_office: HubOffice, tmp_path: Path
) -> None:
    pair_pc(hub, tmp_path / "pc", "Loket 1")
    terms = _hello(hub)["epochs"]
    args = [sys.executable, "-m", "loket", "--data-dir", str(hub.data_dir), "hub", "run",
            "--host", "127.0.0.1", "--port", "0", "--no-sync", "--no-announce"]  # fmt: skip
    second = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=child_env(),
        text=True,
        encoding="utf-8",
    )
    try:
        out, err = second.communicate(timeout=START_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        second.kill()
        second.communicate(timeout=30)
        pytest.fail("a second hub served the same data folder")
    assert second.returncode == 1 and "siap" not in out
    assert "PC utama sudah berjalan dengan folder data" in err and "Traceback" not in err
    assert _hello(hub)["epochs"] == terms  # it began no term of its own in the file
    _still_serves(hub, hub_office, tmp_path / "pc")
    hub.kill()  # a kill leaves no stale lock behind: the hub starts again at once
    hub.start()
    assert _hello(hub)["role"] == "hub"


def _hello(hub: HubProcess) -> dict[str, Any]:
    fingerprint = server_fingerprint("127.0.0.1", hub.port)
    session = pinned_session(fingerprint)
    try:
        answer: dict[str, Any] = session.get(hub.url + "/api/v1/hello", timeout=(2, 10)).json()
        return answer
    finally:
        session.close()


@pytest.mark.skipif(sys.platform != "linux", reason="a second loopback address (127.0.0.2)")
def test_a_flood_of_idle_connections_from_one_address_is_closed_past_its_share(
    hub: HubProcess, hub_office: HubOffice, tmp_path: Path
) -> None:
    pair_pc(hub, tmp_path / "pc", "Loket 1")
    flood: list[socket.socket] = []
    try:
        for _ in range(PER_PEER + 200):  # never a TLS hello: each would wait a minute
            conn = socket.socket()
            conn.bind(("127.0.0.2", 0))  # another PC on the LAN
            conn.settimeout(5.0)  # before this fix the hub held them for its TLS' minute
            conn.connect(("127.0.0.1", hub.port))
            flood.append(conn)
        for conn in flood[-100:]:  # the last ones were past the share: closed at once
            with contextlib.suppress(ConnectionResetError):
                assert conn.recv(1) == b""
        _still_serves(hub, hub_office, tmp_path / "pc")
    finally:
        for conn in flood:
            conn.close()
