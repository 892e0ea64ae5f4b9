"""The per-PC token in pc.json: owner-only, and never in a log, a diagnostics zip or a backup.

A paired PC's token is the key to the office queue and its citizens' data: whoever holds
it is that PC to the hub. It lives in ``<data>/pc.json`` (mode 0600) and nowhere else a
help desk or a backup disk could see it, even in a library's log line with no
``token=`` in front of it.
"""

from __future__ import annotations

import json
import logging
import stat
import sys
import zipfile
from pathlib import Path

import pytest

from loket.app.demo import DEMO_STAFF_PASSWORD
from loket.client.connect import PcConfig, read_pc, write_pc
from loket.logsetup import setup_logging

from .helpers import HubProcess
from .test_lan import lan, loket

ADMIN = "admin"


def _files_holding(folder: Path, secret: str) -> list[str]:
    needle = secret.encode()
    return [
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and needle in path.read_bytes()
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_pc_json_is_owner_only_even_over_a_world_readable_file(tmp_path: Path) -> None:
    path = tmp_path / "pc.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0o644)  # e.g. copied by hand from another PC
    write_pc(tmp_path, PcConfig(role="client", hub_url="https://127.0.0.1:8765",
                                fingerprint="ab" * 32, token="t" * 43))  # fmt: skip
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(tmp_path.glob("*.part"))  # written whole, no leftover


def test_the_token_never_reaches_logs_the_diagnostics_zip_or_a_backup(
    hub: HubProcess, tmp_path: Path
) -> None:
    made = loket("--data-dir", hub.data_dir, "hub", "pair", "--json")
    assert made.returncode == 0, made.stderr
    client_dir = tmp_path / "loket1"
    paired = loket("--data-dir", client_dir, "pair", "--hub", hub.url,
                   "--code", json.loads(made.stdout)["code"], "--name", "Loket 1")  # fmt: skip
    assert paired.returncode == 0, paired.stderr
    if sys.platform != "win32":
        assert stat.S_IMODE((client_dir / "pc.json").stat().st_mode) == 0o600
    token = json.loads((client_dir / "pc.json").read_text(encoding="utf-8"))["token"]

    # A log written by an older version (or a library) holding the bare token:
    logs = client_dir / "logs"
    logs.mkdir(exist_ok=True)
    (logs / "loket.log.1").write_text(f"urllib3 debug: sent {token} to the hub\n", "utf-8")
    # ... and this version's own log, from a process that read pc.json:
    setup_logging(client_dir)
    try:
        config = read_pc(client_dir)
        assert config.token == token
        logging.getLogger("urllib3.connectionpool").warning("header value %s", token)
        office = lan(client_dir)
        try:
            admin = office.login(ADMIN, DEMO_STAFF_PASSWORD)
            backup_path = Path(office.backup_now(actor=admin))  # on the hub, over the LAN
            session = office._session_token
            assert session
            logging.getLogger("loket.test").warning("session %s", session)
        finally:
            office.close()
    finally:
        logging.getLogger().handlers[:] = [
            h for h in logging.getLogger().handlers if not isinstance(h, logging.FileHandler)
        ]
    assert _files_holding(logs, token) == ["loket.log.1"]  # only the planted old line
    assert not _files_holding(logs, session)
    assert "[RAHASIA]" in (logs / "loket.log").read_text(encoding="utf-8")

    out = tmp_path / "diag.zip"
    done = loket("--data-dir", client_dir, "diagnostics", "--out", out)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        blob = b"".join(archive.read(name) for name in names)
    assert "pc.json" not in " ".join(names)
    assert token.encode() not in blob and b"[RAHASIA]" in blob

    assert backup_path.is_file() and backup_path.is_relative_to(hub.data_dir)
    assert not _files_holding(backup_path.parent, token)  # the hub keeps only its hash
    assert token not in hub.stderr()
