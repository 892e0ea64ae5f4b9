"""TLS: verified by default; an office behind a city CA gives its bundle, never ``verify=off``."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from loket.server.db import ServerDatabase
from loket.store.database import Database
from loket.sync.client import Refused
from loket.sync.engine import client_for, enroll_database, sync_once

from ..server.live import LiveServer
from .conftest import NewCode
from .helpers import DEMO_CODE, FAST, assert_server_holds_exactly, make_client

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for 127.0.0.1 signed by it."""
    folder = tmp_path_factory.mktemp("tls")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
             "-out", "ca.pem", "-days", "2", "-subj", "/CN=Loket Test CA", cwd=folder)  # fmt: skip
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key",
             "-out", "server.csr", "-subj", "/CN=127.0.0.1", cwd=folder)  # fmt: skip
    (folder / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext",
             cwd=folder)  # fmt: skip
    return folder / "ca.pem", folder / "server.pem", folder / "server.key"


@pytest.fixture
def tls_server(
    server_db: ServerDatabase, certificates: tuple[Path, Path, Path]
) -> Iterator[LiveServer]:
    _ca, cert, key = certificates
    server = LiveServer(server_db, tls=(str(cert), str(key))).start()
    yield server
    server.stop()


@pytest.mark.parametrize("server_db_url", ["sqlite"], indirect=True)
def test_an_unknown_ca_is_refused_and_a_given_bundle_is_used_from_then_on(
    desk: Database,
    tls_server: LiveServer,
    server_db: ServerDatabase,
    new_code: NewCode,
    certificates: tuple[Path, Path, Path],
) -> None:
    ca = str(certificates[0])
    code = new_code()
    with pytest.raises(Refused) as refused:
        enroll_database(desk, make_client(tls_server.url), code)
    assert refused.value.code == "tls" and "Sertifikat TLS" in refused.value.message
    enroll_database(desk, make_client(tls_server.url, verify=ca), code, ca_bundle=ca)
    # The stored enrollment remembers the bundle: a plain client_for() verifies with it.
    report = sync_once(desk, client_for(desk), policy=FAST)
    assert report.ok, report.error
    assert_server_holds_exactly(server_db, desk, DEMO_CODE)
