"""A citizen's NIK never leaves the counter: not on the ticket, the display, the voice,
the sync outbox, nor in any export. The produced files themselves are searched."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from loket.app.citizens import save_citizen
from loket.app.simulate import simulate_day
from loket.cli import main
from loket.store.migrate import open_database
from loket.store.models import EventRow

NIK = "3273015708900001"
NAME_FULL = "Siti Aminah Lestari"


@pytest.fixture
def office_with_citizens(tmp_path: Path) -> Path:
    data = tmp_path / "office"
    db = open_database(data)
    simulate_day(db, date(2026, 11, 20), 40, seed=8)
    from sqlalchemy import select

    from loket.store.models import TicketRow

    with db.read() as s:
        ids = list(s.scalars(select(TicketRow.id).where(TicketRow.state == "done").limit(5)))
    for ticket_id in ids:
        save_citizen(db, ticket_id, name=NAME_FULL, nik=NIK, phone="081234567890")
    with db.read() as s:
        events = s.scalars(select(EventRow)).all()
        assert NIK not in str([e.data for e in events])  # not in the sync outbox
    db.close()
    return data


def _texts(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".pdf" and shutil.which("pdftotext"):
        data += subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True
        ).stdout
    if path.suffix in (".xlsx", ".zip"):
        import zipfile

        with zipfile.ZipFile(path) as z:
            data += b"".join(z.read(n) for n in z.namelist())
    return data


@pytest.mark.parametrize("report", ["daily", "register", "ikm"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_exports_never_hold_the_nik_or_full_names(
    qtbot,
    office_with_citizens: Path,
    tmp_path: Path,
    report: str,
    fmt: str,  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / f"{report}.{fmt}"
    code = main(
        [
            "export",
            "--data-dir",
            str(office_with_citizens),
            "--from",
            "2026-11-20",
            "--to",
            "2026-11-20",
            "--report",
            report,
            "--format",
            fmt,
            "-o",
            str(out),
        ]
    )
    if fmt == "csv" and report != "register":
        out = out.with_suffix(".zip")  # one CSV per table, zipped
    assert code == 0 and out.is_file()
    content = _texts(out)
    for secret in (NIK, NIK[6:12], "081234567890", "Aminah Lestari"):
        assert secret.encode() not in content, f"{secret} found in the {report} {fmt}"


def test_ticket_display_and_voice_carry_no_personal_data(qtbot, office_with_citizens: Path) -> None:  # type: ignore[no-untyped-def]
    from loket.app.board import read_board
    from loket.core.days import utc_now
    from loket.core.words import call_announcement
    from loket.ui.devices.printing import TicketSlip

    db = open_database(office_with_citizens)
    board = read_board(db, utc_now())
    assert NIK not in repr(board) and "Aminah" not in repr(board)
    assert set(TicketSlip.__dataclass_fields__) == {
        "office_name",
        "service_name",
        "label",
        "issued_at",
        "timezone",
        "ahead",
        "wait_minutes",
        "qr",  # the ticket's id (or its link): no personal data
        "reprinted_at",
        "words",
    }
    assert "Aminah" not in call_announcement("A", 1, 1)
    db.close()
