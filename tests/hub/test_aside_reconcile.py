"""A set-aside number that a later take-over brought back into the office's log is not
offered for re-entry (issue 13: the long property run found it; re-entering would give
the citizen a second ticket)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from loket.cli import main
from loket.hub.promote import ASIDE_DIR, ASIDE_FILE
from loket.store.models import EventRow
from tests.conftest import Office


def write_aside(data_dir: Path, entries: list[dict[str, object]]) -> None:
    folder = data_dir / ASIDE_DIR / "epoch-5-20261123T020000"
    folder.mkdir(parents=True)
    record = {"epoch": 5, "replaced_by": {"url": "https://127.0.0.1:8765", "epoch": 6,
              "pc_name": "pc2"}, "cut_seq": 3, "at": "2026-11-23T02:00:00+00:00",
              "entries": entries}  # fmt: skip
    (folder / ASIDE_FILE).write_text(json.dumps(record), encoding="utf-8")


def entry(entry_id: str, label: str, event_id: str, service_id: int) -> dict[str, object]:
    return {"id": entry_id, "ticket_id": f"t-{entry_id}", "label": label,
            "service_id": service_id, "service": "Domisili", "priority_reason": None,
            "state": "waiting", "issued_here": True, "reentered_as": None, "note": None,
            "events": [{"seq": int(entry_id), "id": event_id, "kind": "issued",
                        "at": "2026-11-23T01:59:00+00:00"}]}  # fmt: skip


def test_a_set_aside_event_back_in_the_log_is_marked_and_not_reentered(
    office: Office, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    office.desk.issue(office.services["A"])
    with office.db.read() as s:
        back_id = s.scalars(select(EventRow.id)).one()  # the event a later hub holds again
    data_dir = office.db.path.parent
    a = office.services["A"]
    write_aside(data_dir, [entry("7", "A-007", back_id, a), entry("8", "A-008", "gone", a)])

    assert main(["hub", "aside", "--json", "--data-dir", str(data_dir)]) == 0
    listed = {e["label"]: e["in_office_log"] for e in json.loads(capsys.readouterr().out)}
    assert listed == {"A-007": True, "A-008": False}

    assert main(["hub", "aside", "--data-dir", str(data_dir)]) == 0
    shown = capsys.readouterr().out
    assert "A-007" in shown and "sudah ada lagi di log kantor" in shown
    assert "A-008 (Domisili): issued\n" in shown

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # refused before any password
    code = main(["hub", "aside", "reenter", "A-007", "--note", "dibawa warga",
                 "--user", "admin", "--data-dir", str(data_dir)])  # fmt: skip
    assert code != 0
    assert "sudah ada lagi di log kantor" in capsys.readouterr().err
    record = json.loads(next((data_dir / ASIDE_DIR).glob(f"*/{ASIDE_FILE}")).read_text())
    assert all(e["reentered_as"] is None for e in record["entries"])
