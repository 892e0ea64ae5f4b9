"""This PC's role and the office client that goes with it.

``<data>/pc.json`` says what this PC is: ``standalone`` (one-PC office; the default when
the file is missing), ``hub`` (holds the office database and serves the LAN) or
``client`` (uses a hub: its address, the pinned certificate SHA-256 and this PC's
token). ``open_client`` gives the matching OfficeClient; ``pair`` makes a client.
The file holds a secret (the token), so it is written owner-only.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from loket.client.errors import (
    MISMATCH_MESSAGE,
    UNREACHABLE_MESSAGE,
    HubCertificateMismatch,
    HubUnreachable,
)

# This PC's role lives in loket.client.pc; read here too, as every caller did before.
from loket.client.pc import (
    CLIENT as CLIENT,
)
from loket.client.pc import (
    HUB as HUB,
)
from loket.client.pc import (
    PC_FILE as PC_FILE,
)
from loket.client.pc import (
    ROLES as ROLES,
)
from loket.client.pc import (
    STANDALONE as STANDALONE,
)
from loket.client.pc import (
    PcConfig as PcConfig,
)
from loket.client.pc import (
    pc_path as pc_path,
)
from loket.client.pc import (
    read_pc as read_pc,
)
from loket.client.pc import (
    write_pc as write_pc,
)
from loket.core.days import utc_now
from loket.core.errors import InvalidInput

DEFAULT_PORT = 8765
PAIR_TIMEOUT = (2.0, 10.0)


def hub_address(hub_url: str) -> tuple[str, str, int]:
    """(normalised URL, host, port) from what a person typed (``https://`` is implied)."""
    text = hub_url.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme != "https" or not parts.hostname:
        raise InvalidInput(f"Alamat PC utama harus https://ALAMAT:PORT, bukan {hub_url!r}.")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError as exc:
        raise InvalidInput(f"Nomor port pada {hub_url!r} tidak sah.") from exc
    host = parts.hostname
    shown = f"[{host}]" if ":" in host else host
    return f"https://{shown}:{port}", host, port


def pair(hub_url: str, code: str, data_dir: Path, *, pc_name: str | None = None) -> PcConfig:
    """Pair this PC with the hub at ``hub_url`` using a one-time code; writes pc.json.

    A plain function (no Qt, no printing) so the set-up wizard can call it on its
    worker thread. The certificate seen now is pinned; the code proves both sides.
    """
    import requests

    from loket.client.codec import decode_error
    from loket.client.lan import pinned_session, server_fingerprint
    from loket.hub.pairing import normalize_code, proof

    url, host, port = hub_address(hub_url)
    if len(normalize_code(code)) < 6:
        raise InvalidInput("Kode pemasangan terlalu pendek: salin kode dari PC utama.")
    name = " ".join((pc_name or socket.gethostname() or "PC").split())
    try:
        fingerprint = server_fingerprint(host, port)
    except OSError as exc:
        raise HubUnreachable(UNREACHABLE_MESSAGE) from exc
    session = pinned_session(fingerprint)
    try:
        response = session.post(
            url + "/api/v1/pair",
            json={"proof": proof(code, fingerprint, "pc"), "pc_name": name},
            timeout=PAIR_TIMEOUT,
        )
    except requests.exceptions.SSLError as exc:
        raise HubCertificateMismatch(MISMATCH_MESSAGE) from exc
    except requests.RequestException as exc:
        raise HubUnreachable(UNREACHABLE_MESSAGE) from exc
    finally:
        session.close()
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if response.status_code != 200 or not isinstance(body, dict):
        raise decode_error(body)
    if body.get("hub_proof") != proof(code, fingerprint, "hub"):
        raise HubCertificateMismatch(MISMATCH_MESSAGE)
    config = PcConfig(
        role=CLIENT,
        hub_url=url,
        fingerprint=fingerprint,
        token=str(body["token"]),
        pc_name=str(body.get("pc_name") or name),
        office=str(body.get("office") or ""),
        paired_at=utc_now().isoformat(),
    )
    write_pc(data_dir, config)
    return config


@dataclass
class Connection:
    """An open office client, the feed that goes with it (None: watch the local file)."""

    role: str
    client: Any  # an OfficeClient
    feed: Any = None  # a ChangeFeed, for a client PC
    follower: Any = None  # the replica of the office this client keeps (loket.hub.follow)
    _closers: list[Any] = field(default_factory=list, repr=False)

    def close(self) -> None:
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _start_follower(data_dir: Path, lan: Any, feed: Any) -> Any:
    """Keep this client's replica of the office (take-over); never stops the windows."""
    import logging

    try:
        from loket.hub.follow import Follower

        follower = Follower(data_dir)
    except Exception:  # a replica that cannot start must not stop the counter
        logging.getLogger(__name__).exception("the office replica cannot start")
        return None

    def retarget(config: PcConfig) -> None:
        assert config.hub_url and config.fingerprint
        lan.retarget(config.hub_url, config.fingerprint)
        feed.retarget(config.hub_url, config.fingerprint)

    follower.on_retarget(retarget)
    follower.listen(feed)
    return follower.start()


def open_client(data_dir: Path, *, with_feed: bool = False) -> Connection:
    """The OfficeClient this PC's role calls for (LocalOffice, or LanOffice to the hub)."""
    config = read_pc(data_dir)
    if config.role == CLIENT:
        from loket.client.lan import LanOffice

        assert config.hub_url and config.fingerprint and config.token
        lan = LanOffice(config.hub_url, config.fingerprint, config.token)
        lan.pc_dir = data_dir  # this PC's own folder (pc.json, the display's clip cache)
        connection = Connection(CLIENT, lan, _closers=[lan.close])
        if with_feed:
            from loket.client.feed import LanFeed

            feed = LanFeed(config.hub_url, config.fingerprint, config.token)
            connection.feed = feed
            connection._closers.append(feed.close)
            connection.follower = _start_follower(data_dir, lan, feed)
            if connection.follower is not None:
                connection._closers.insert(0, connection.follower.close)
        return connection
    from loket.client.local import LocalOffice
    from loket.store.migrate import open_database

    db = open_database(data_dir, check=True)  # never write into a damaged file
    return Connection(config.role, LocalOffice(db, data_dir), _closers=[db.close])
