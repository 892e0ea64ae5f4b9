"""A set-aside ticket is re-entered once per citizen, and never when the office's log
holds it again (issue 13: the long property run found a take-over that brings a
set-aside event back; re-entering it would give the citizen a second ticket). The office's
log decides, asked of the hub in the transaction that re-enters, never the file."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from loket.app.users import add_user
from loket.cli import main
from loket.hub.promote import ASIDE_DIR, ASIDE_FILE
from loket.store.models import TicketRow
from tests.conftest import Office


def write_aside(data_dir: Path, entries: list[dict[str, object]], epoch: int = 5) -> None:
    folder = data_dir / ASIDE_DIR / f"epoch-{epoch}-20261123T020000"
    folder.mkdir(parents=True)
    record = {"epoch": epoch, "replaced_by": {"url": "https://127.0.0.1:8765", "epoch": 9,
              "pc_name": "pc2"}, "cut_seq": 3, "at": "2026-11-23T02:00:00+00:00",
              "entries": entries}  # fmt: skip
    (folder / ASIDE_FILE).write_text(json.dumps(record), encoding="utf-8")


def entry(entry_id: str, label: str, ticket_id: str, service_id: int,
          root_id: str | None = None) -> dict[str, object]:  # fmt: skip
    return {"id": entry_id, "ticket_id": ticket_id, "root_id": root_id or ticket_id,
            "label": label, "service_id": service_id, "service": "Domisili",
            "priority_reason": None, "state": "waiting", "issued_here": True,
            "reentered_as": None, "note": None,
            "events": [{"seq": int(entry_id), "id": str(uuid.uuid4()), "kind": "issued",
                        "at": "2026-11-23T01:59:00+00:00"}]}  # fmt: skip


def listed(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    assert main(["hub", "aside", "--json", "--data-dir", str(data_dir)]) == 0
    return {f"{e['epoch']}:{e['label']}": e["status"] for e in json.loads(capsys.readouterr().out)}


def reenter(data_dir: Path, label: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    return main(["hub", "aside", "reenter", label, "--note", "dibawa warga", "--user",
                 "petugas1", "--data-dir", str(data_dir)])  # fmt: skip


def test_a_set_aside_ticket_back_in_the_log_is_marked_and_not_reentered(
    office: Office, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    back = office.desk.issue(office.services["A"]).ticket  # a later hub holds it again
    data_dir = office.db.path.parent
    a = office.services["A"]
    write_aside(data_dir, [entry("7", "A-007", back.id, a),
                           entry("8", "A-008", str(uuid.uuid4()), a),
                           # a re-entry of ``back`` set aside in turn: back too
                           entry("9", "A-009", str(uuid.uuid4()), a, root_id=back.id)])  # fmt: skip
    assert listed(data_dir, capsys) == {"5:A-007": "back", "5:A-008": "aside", "5:A-009": "back"}

    assert main(["hub", "aside", "--data-dir", str(data_dir)]) == 0
    shown = capsys.readouterr().out
    assert f"A-007 (Domisili): issued -> sudah ada lagi di log kantor ({back.label})" in shown
    assert "A-008 (Domisili): issued\n" in shown

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # refused before any password
    for label in ("A-007", "A-009"):
        code = main(["hub", "aside", "reenter", label, "--note", "dibawa warga",
                     "--user", "admin", "--data-dir", str(data_dir)])  # fmt: skip
        assert code != 0
        assert "sudah ada lagi di log kantor" in capsys.readouterr().err
    record = json.loads(next((data_dir / ASIDE_DIR).glob(f"*/{ASIDE_FILE}")).read_text())
    assert all(e["reentered_as"] is None for e in record["entries"])


def test_a_ticket_two_pcs_set_aside_is_reentered_once(
    office: Office, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two returned hubs list the same ticket (one was promoted from a replica that held
    it): the first re-entry gives a new number, the second finds it and is refused."""
    add_user(office.db, "petugas1", "operator", "1234")
    data_dir = office.db.path.parent
    lost = str(uuid.uuid4())
    write_aside(data_dir, [entry("7", "A-007", lost, office.services["A"])], epoch=5)
    write_aside(data_dir, [entry("7", "A-007", lost, office.services["A"])], epoch=6)
    assert listed(data_dir, capsys) == {"5:A-007": "aside", "6:A-007": "aside"}

    assert reenter(data_dir, "A-007", monkeypatch) == 0  # the first list's entry
    assert "dimasukkan ulang sebagai nomor baru A-001" in capsys.readouterr().out
    assert listed(data_dir, capsys) == {"5:A-007": "reentered", "6:A-007": "reentered"}
    # The other PC's list: the office's log holds the citizen's new number already.
    folders = sorted((data_dir / ASIDE_DIR).iterdir())
    (folders[0] / ASIDE_FILE).unlink()  # (only the second list left on this PC)
    assert reenter(data_dir, "A-007", monkeypatch) != 0
    assert "sudah dimasukkan ulang sebagai A-001" in capsys.readouterr().err
    with office.db.read() as s:
        assert s.scalars(select(TicketRow.number)).all() == [1]  # one ticket, once
