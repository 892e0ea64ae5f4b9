"""This PC's role (pc.json): standalone by default; a client never syncs nor serves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loket.cli import main
from loket.client.connect import CLIENT, HUB, PcConfig, open_client, read_pc, write_pc
from loket.client.local import LocalOffice
from loket.core.errors import LoketError

from .helpers import PASSWORD, make_office


def _client_pc(data_dir: Path) -> None:
    write_pc(data_dir, PcConfig(role=CLIENT, hub_url="https://127.0.0.1:9", fingerprint="00" * 32,
                                token="t"))  # fmt: skip


def test_a_pc_without_pc_json_is_standalone_and_works_locally(tmp_path: Path) -> None:
    make_office(tmp_path / "d")
    assert read_pc(tmp_path / "d").role == "standalone"
    with open_client(tmp_path / "d") as conn:
        assert isinstance(conn.client, LocalOffice) and conn.feed is None


def test_queue_commands_standalone_print_the_json_keys_of_the_lan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_office(tmp_path / "d")
    assert main(["--data-dir", str(tmp_path / "d"), "queue", "issue", "--service", "A",
                 "--priority", "lansia", "--json"]) == 0  # fmt: skip
    issued = json.loads(capsys.readouterr().out)
    assert issued["label"] == "A-001" and issued["ticket"]["priority_reason"] == "lansia"
    assert {"ticket", "service_name", "ahead", "estimated_wait_seconds", "label"} <= issued.keys()
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["--data-dir", str(tmp_path / "d"), "queue", "call-next", "--counter", "1",
                 "--user", "petugas1", "--json"]) == 0  # fmt: skip
    called = json.loads(capsys.readouterr().out)
    assert called["label"] == "A-001" and called["counter"] == 1
    assert main(["--data-dir", str(tmp_path / "d"), "queue", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert {"office_name", "day", "waiting", "counters"} <= status.keys()
    assert main(["--data-dir", str(tmp_path / "d"), "queue", "issue", "--service", "Z"]) == 1
    assert "Tidak ada layanan aktif berawalan" in capsys.readouterr().err


def test_a_client_pc_never_syncs_with_the_city_nor_serves_as_hub(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _client_pc(tmp_path / "c")
    assert main(["--data-dir", str(tmp_path / "c"), "sync", "--once"]) == 1
    assert "hanya PC utama" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path / "c"), "enroll", "--server", "https://x",
                 "--code", "ABC"]) == 1  # fmt: skip
    assert main(["--data-dir", str(tmp_path / "c"), "hub", "run", "--port", "0"]) == 1
    assert "tidak dapat menjadi PC utama" in capsys.readouterr().err
    write_pc(tmp_path / "h", PcConfig(role=HUB))
    assert main(["--data-dir", str(tmp_path / "h"), "pair", "--hub", "127.0.0.1",
                 "--code", "ABCDEFGHJK"]) == 1  # fmt: skip
    assert "PC utama tidak dipasangkan" in capsys.readouterr().err


def test_a_damaged_pc_json_is_a_message_not_a_trace(tmp_path: Path) -> None:
    (tmp_path / "pc.json").write_text("{not json")
    with pytest.raises(LoketError, match="rusak"):
        read_pc(tmp_path)
