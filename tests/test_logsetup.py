"""The desk's log file and the diagnostics zip: useful to the help desk, no secrets."""

from __future__ import annotations

import json
import logging
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from loket import logsetup
from loket.logsetup import export_diagnostics, log_path, redact, setup_logging, teardown_logging
from loket.store.migrate import head_revision, open_database

NIK = "3273011203900001"


@pytest.fixture
def logging_to(tmp_path: Path) -> Iterator[Path]:
    """Logging set up for a data dir, and taken down again (other tests log elsewhere)."""
    data = tmp_path / "data"
    path = setup_logging(data)
    assert path is not None
    yield data
    teardown_logging()


def test_messages_land_in_the_data_dirs_log_without_secrets(logging_to: Path) -> None:
    log = logging.getLogger("loket.sync")
    log.warning("enroll with token=abc123secret for NIK %s, phone 081234567890", NIK)
    log.info("server said Authorization: Bearer eyJhbGciOi.x-y")
    try:
        raise ValueError("password=hunter2 rejected")
    except ValueError:
        log.exception("login failed")
    text = log_path(logging_to).read_text(encoding="utf-8")
    assert "loket.sync" in text and "login failed" in text and "ValueError" in text
    for secret in ("abc123secret", NIK, "081234567890", "eyJhbGciOi", "hunter2"):
        assert secret not in text
    assert "token=[RAHASIA]" in text and "[NIK]" in text and "Bearer [RAHASIA]" in text


def test_the_log_rotates_instead_of_filling_the_disk(logging_to: Path) -> None:
    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h, logsetup._LoketFileHandler)
    )
    handler.maxBytes = 2000  # the real limit is 1 MB; the mechanism is the same
    log = logging.getLogger("loket.test")
    for i in range(200):
        log.info("line %d %s", i, "x" * 60)
    files = sorted(log_path(logging_to).parent.glob("loket.log*"))
    assert [f.name for f in files] == ["loket.log", *(f"loket.log.{i}" for i in range(1, 6))]
    assert all(f.stat().st_size <= 2200 for f in files)


def test_setting_up_twice_keeps_one_file_handler(tmp_path: Path, logging_to: Path) -> None:
    hook = sys.excepthook
    setup_logging(tmp_path / "other")
    ours = [h for h in logging.getLogger().handlers if isinstance(h, logsetup._LoketFileHandler)]
    assert len(ours) == 1
    assert Path(ours[0].baseFilename) == log_path(tmp_path / "other")
    assert sys.excepthook is hook  # the crash hook is not stacked twice


@pytest.mark.qt_no_exception_capture  # pytest-qt would count the hooked crash as a failure
def test_a_crash_is_written_to_the_log(
    logging_to: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        raise RuntimeError("printer driver exploded")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert "printer driver exploded" in log_path(logging_to).read_text(encoding="utf-8")
    assert "printer driver exploded" in capsys.readouterr().err  # still printed as before


def test_an_unwritable_log_folder_does_not_stop_the_desk(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.mkdir()
    (blocker / "logs").write_text("a file where the folder should be")
    assert setup_logging(blocker) is None


def test_redact_keeps_what_the_help_desk_needs() -> None:
    line = "A-012 called at counter 2, seq 1234567, backup loket-20261123T020000123456Z.db"
    assert redact(line) == line
    assert redact('{"token": "s3cr3t"}') == '{"token": "[RAHASIA]"}'
    assert redact("nik=3273 0112 0390 0001") == "nik=[NIK]"
    assert redact(f"home {Path.home()}/x") == "home ~/x"


def test_diagnostics_zip_has_logs_report_and_schema_but_no_data(logging_to: Path) -> None:
    db = open_database(logging_to)
    db.close()
    (logging_to / "nik.key").write_bytes(b"k" * 32)
    logging.getLogger("loket").warning("citizen NIK %s saved", NIK)
    dest = export_diagnostics(
        logging_to, logging_to.parent / "out" / "diag.zip", doctor_text="OK    Basis data: Utuh.\n"
    )
    with zipfile.ZipFile(dest) as archive:
        names = set(archive.namelist())
        assert {"doctor.txt", "info.json", "schema.txt", "logs/loket.log"} <= names
        assert not any(n.endswith((".db", ".key")) for n in names)
        info = json.loads(archive.read("info.json"))
        assert info["schema_revision"] == info["schema_head"] == head_revision()
        assert archive.read("schema.txt").decode().startswith(head_revision())
        assert "Basis data: Utuh." in archive.read("doctor.txt").decode()
        assert NIK not in archive.read("logs/loket.log").decode()
    assert not list(dest.parent.glob("*.part"))


def test_diagnostics_of_an_empty_folder_still_make_a_zip(tmp_path: Path) -> None:
    dest = export_diagnostics(tmp_path / "nothing", tmp_path / "d.zip", doctor_text="-")
    with zipfile.ZipFile(dest) as archive:
        assert json.loads(archive.read("info.json"))["schema_revision"] is None


def test_logging_and_its_diagnostics_never_import_the_gui(tmp_path: Path) -> None:
    """Logging runs where Qt is not installed (a server) or broken: it must not need it."""
    import subprocess

    code = (
        "import sys; from pathlib import Path; from loket.logsetup import export_diagnostics; "
        f"export_diagnostics(Path({str(tmp_path / 'd')!r}), Path({str(tmp_path / 'z.zip')!r})); "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'loket.ui'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)  # fmt: skip
    assert done.stdout.strip() == "[]"
    with zipfile.ZipFile(tmp_path / "z.zip") as archive:
        assert "Folder data" in archive.read("doctor.txt").decode()  # the checks still ran
