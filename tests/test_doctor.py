"""`loket doctor` tells IT what is wrong with a PC, each line with what to do."""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import sqlite3
import threading
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest

from loket.app.fieldcheck import city, storage
from loket.app.fieldcheck.findings import Finding, Status, exit_code
from loket.cli import diag as diag_cli
from loket.store.health import backup
from loket.store.migrate import open_database
from loket.store.sync_models import SYNC_STATE_ID, SyncState
from loket.ui.localsettings import LocalSettings
from loket.ui.tools import doctor
from tests.conftest import Office

# Set before the test QApplication exists: the multimedia backend's library probing
# (VA-API, PulseAudio) is noise here, and Qt warnings fail a test.
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")


def statuses(findings: list[Finding]) -> dict[str, Status]:
    return {f.topic: f.status for f in findings}


# -- disk and folder ---------------------------------------------------------------------


def test_a_new_pc_is_told_what_will_happen_not_alarmed(tmp_path: Path) -> None:
    findings = doctor.run_checks(tmp_path / "not-yet", qt=False)
    seen = statuses(findings)
    assert seen["Folder data"] is Status.INFO
    assert seen["Basis data"] is Status.INFO and seen["Cadangan"] is Status.INFO
    assert seen["Server kota"] is Status.INFO
    assert exit_code(findings) == 0
    assert not (tmp_path / "not-yet").exists()  # looking created nothing


def test_a_data_dir_that_cannot_be_written_fails_with_advice(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    finding = storage.check_writable(blocker / "data")
    assert finding.status is Status.FAIL
    assert "izin tulis" in finding.advice


@pytest.mark.parametrize(
    ("timings", "status"),
    [([0.4, 0.5, 0.6], Status.OK), ([45.0, 50.0, 60.0], Status.WARN), ([400.0] * 3, Status.FAIL)],
)
def test_slow_fsync_is_graded(tmp_path: Path, timings: list[float], status: Status) -> None:
    finding = storage.check_fsync(tmp_path, measure=lambda _folder: timings)
    assert finding.status is status
    assert f"{sorted(timings)[1]:.1f} ms" in finding.detail
    if status is not Status.OK:
        assert "flashdisk" in finding.advice


def test_fsync_is_measured_on_the_real_disk(tmp_path: Path) -> None:
    timings = storage.measure_fsync(tmp_path, rounds=3)
    assert len(timings) == 3 and all(t >= 0 for t in timings)
    assert list(tmp_path.iterdir()) == []  # the probe file is gone


@pytest.mark.parametrize(
    ("free_mb", "status"), [(100, Status.FAIL), (500, Status.WARN), (50_000, Status.OK)]
)
def test_free_space_is_graded(tmp_path: Path, free_mb: int, status: Status) -> None:
    finding = storage.check_free_space(
        tmp_path, usage=lambda _p: SimpleNamespace(free=free_mb * 1024**2)
    )
    assert finding.status is status


# -- database and backups ------------------------------------------------------------------


def test_a_healthy_office_with_todays_backup_is_all_ok(office: Office) -> None:
    data = office.db.path.parent
    backup(office.db)
    findings = [*storage.check_database(data), storage.check_backups(data)]
    assert all(f.status is Status.OK for f in findings), findings
    assert "Kelurahan Uji" in findings[0].detail and "3 loket" in findings[0].detail


def test_a_file_that_is_not_a_database_fails(tmp_path: Path) -> None:
    data = tmp_path / "bad"
    data.mkdir()
    (data / "loket.db").write_bytes(b"not sqlite at all" * 100)
    (finding,) = storage.check_database(data)
    assert finding.status is Status.FAIL and "cadangan" in finding.advice


def _set_revision(data: Path, revision: str) -> None:
    db = open_database(data)
    db.close()
    with contextlib.closing(sqlite3.connect(data / "loket.db")) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.commit()


def test_an_older_schema_warns_and_a_newer_one_fails(tmp_path: Path) -> None:
    _set_revision(tmp_path / "old", "0001")
    old = statuses(storage.check_database(tmp_path / "old"))
    assert old["Versi skema"] is Status.WARN
    _set_revision(tmp_path / "new", "9999")
    new = storage.check_database(tmp_path / "new")
    assert statuses(new)["Versi skema"] is Status.FAIL
    assert "lebih baru" in new[-1].detail


def test_backup_age_is_read_from_the_name_and_graded(tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_database(data).close()
    assert storage.check_backups(data).status is Status.WARN  # none yet
    folder = data / "backups"
    folder.mkdir()
    made = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)
    (folder / f"loket-{made:%Y%m%dT%H%M%S}000000Z.db").write_bytes(b"x")
    assert storage.check_backups(data, now=made + timedelta(hours=20)).status is Status.OK
    late = storage.check_backups(data, now=made + timedelta(days=4))
    assert late.status is Status.WARN and "4 hari" in late.detail
    assert "loket db backup" in late.advice
    assert storage.check_backups(data, now=made + timedelta(days=20)).status is Status.FAIL


# -- city server ---------------------------------------------------------------------------


@contextlib.contextmanager
def city_server(skew: timedelta) -> Iterator[str]:
    """A stand-in for the city server's health endpoint, its clock off by ``skew``."""

    class Health(BaseHTTPRequestHandler):
        def date_time_string(self, timestamp: float | None = None) -> str:
            return format_datetime(datetime.now(UTC) + skew, usegmt=True)

        def do_GET(self) -> None:
            body = b'{"status": "ok"}' if self.path == city.HEALTH_PATH else b"{}"
            self.send_response(200 if self.path == city.HEALTH_PATH else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def enroll(office: Office, url: str) -> Path:
    with office.db.write() as s:
        s.add(
            SyncState(
                id=SYNC_STATE_ID,
                server_url=url,
                desk_id="d-1",
                token="secret-token",
                office_code="3273011001",
                enrolled_at=datetime.now(UTC),
            )
        )
    return office.db.path.parent


def test_an_enrolled_desk_reaches_the_city_and_compares_clocks(office: Office) -> None:
    with city_server(timedelta(seconds=2)) as url:
        server, clock = city.check_city_server(enroll(office, url))
    assert server.status is Status.OK and url in server.detail
    assert clock.status is Status.OK


@pytest.mark.parametrize(
    ("skew", "status", "words"),
    [
        (timedelta(minutes=12), Status.WARN, "terlambat 12 menit"),
        (timedelta(hours=-3), Status.FAIL, "terlalu cepat 3 jam"),
    ],
)
def test_a_wrong_clock_is_caught(
    office: Office, skew: timedelta, status: Status, words: str
) -> None:
    with city_server(skew) as url:
        _, clock = city.check_city_server(enroll(office, url))
    assert clock.status is status and words in clock.detail
    assert "jam" in clock.advice.lower()


def test_an_unreachable_city_server_only_warns(office: Office) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (finding,) = city.check_city_server(enroll(office, f"http://127.0.0.1:{port}"))
    assert finding.status is Status.WARN and "tanpa jaringan" in finding.advice
    assert "secret-token" not in finding.detail + finding.advice


# -- Qt: printer, voice, screens ---------------------------------------------------------


def test_printer_off_is_information(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert doctor.check_printer(LocalSettings(print_mode="none")).status is Status.INFO
    assert doctor.check_printer(LocalSettings(), demo=True).status is Status.INFO


def test_a_network_thermal_printer_is_reached_or_reported(qtbot) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        target = f"127.0.0.1:{listener.getsockname()[1]}"
        ok = doctor.check_printer(LocalSettings(print_mode="escpos", escpos_target=target))
    assert ok.status is Status.OK
    gone = doctor.check_printer(LocalSettings(print_mode="escpos", escpos_target=target))
    assert gone.status is Status.FAIL and "IP" in gone.advice


def test_a_network_printer_out_of_paper_fails_the_check(qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.printing.test_devices import PAPER_OUT, FakePrinter

    printer = FakePrinter(PAPER_OUT)
    try:
        found = doctor.check_printer(
            LocalSettings(print_mode="escpos", escpos_target=printer.target)
        )
    finally:
        printer.close()
    assert found.status is Status.FAIL and "habis" in found.detail


def test_system_printer_missing_or_virtual(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinterInfo

    monkeypatch.setattr(QPrinterInfo, "availablePrinterNames", staticmethod(lambda: []))
    none = doctor.check_printer(LocalSettings(print_mode="system"))
    assert none.status is Status.FAIL and "driver" in none.advice
    monkeypatch.setattr(
        QPrinterInfo, "availablePrinterNames", staticmethod(lambda: ["Microsoft Print to PDF"])
    )
    monkeypatch.setattr(
        QPrinterInfo, "defaultPrinterName", staticmethod(lambda: "Microsoft Print to PDF")
    )
    virtual = doctor.check_printer(LocalSettings(print_mode="system"))
    assert virtual.status is Status.WARN and "bukan printer kertas" in virtual.detail
    named = doctor.check_printer(LocalSettings(print_mode="system", printer_name="TM-T82"))
    assert named.status is Status.FAIL and "TM-T82" in named.detail


def test_without_an_os_voice_the_doctor_names_the_bundled_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    finding = doctor.check_voice(engines=["mock"])  # Qt's test engine speaks no Indonesian
    assert finding.status is Status.OK and "suara bawaan Loket" in finding.detail


def test_recorded_clips_are_named_when_complete(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from loket.voice.clips import call_clips, clips_folder, slug
    from loket.voice.pcm import RATE, Pcm, wav_bytes

    folder = clips_folder(tmp_path)
    folder.mkdir(parents=True)
    tone = Pcm(RATE)
    tone.samples.extend([4000, -4000] * 2000)
    for phrase in call_clips("A", 123, 1):
        if phrase != ",":
            (folder / f"{slug(phrase)}.wav").write_bytes(wav_bytes(tone))
    finding = doctor.check_voice(engines=["mock"], data_dir=tmp_path)
    assert finding.status is Status.OK and "Rekaman suara kantor" in finding.detail


def test_no_voice_at_all_warns_with_how_to_get_one(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from loket.voice import espeak

    monkeypatch.setattr(espeak, "available", lambda: "espeak-ng tidak ikut terpasang")
    finding = doctor.check_voice(engines=["mock"])
    assert finding.status is Status.WARN and "hanya dengan bel" in finding.detail
    assert "espeak" in finding.advice or "Bahasa Indonesia" in finding.advice


def test_screens_are_reported(qtbot) -> None:  # type: ignore[no-untyped-def]
    finding = doctor.check_screens()
    assert finding.status is Status.INFO and "offscreen" in finding.detail


# -- the command ----------------------------------------------------------------------------


def parse(*argv: str) -> argparse.Namespace:
    """The `loket` parser as cli.py builds it with this module's additions."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS)
    common.add_argument("--demo", action="store_true", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="loket", parents=[common])
    diag_cli.add_global_flags(parser)
    sub = parser.add_subparsers(dest="command")
    diag_cli.register(sub, common)
    return parser.parse_args(argv)


def test_loket_doctor_prints_a_report_and_fails_on_a_broken_database(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        doctor, "check_voice", lambda **_: Finding(Status.OK, "Suara panggilan", "-")
    )
    data = tmp_path / "data"
    data.mkdir()
    (data / "loket.db").write_bytes(b"garbage" * 200)
    args = parse("doctor", "--data-dir", str(data))
    assert diag_cli.handle_global(args, data) is None  # not --self-check: cli.py goes on
    assert args.func(args, data) == 1
    out = capsys.readouterr().out
    assert "FAIL  Basis data:" in out and "-> " in out
    assert out.rstrip().splitlines()[-1].startswith("Ringkasan:")
    for line in out.splitlines()[3:-2]:
        assert line.startswith(("OK ", "INFO ", "WARN ", "FAIL ", "      -> "))


def test_loket_diagnostics_writes_a_zip_for_the_help_desk(  # type: ignore[no-untyped-def]
    qtbot,
    office: Office,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(
        doctor, "check_voice", lambda **_: Finding(Status.OK, "Suara panggilan", "-")
    )
    data = office.db.path.parent
    dest = tmp_path / "diag.zip"
    args = parse("diagnostics", "--data-dir", str(data), "--out", str(dest))
    assert args.func(args, data) == 0
    assert str(dest) in capsys.readouterr().out
    with zipfile.ZipFile(dest) as archive:
        assert "Basis data: Utuh" in archive.read("doctor.txt").decode()
        assert not any(name.endswith(".db") for name in archive.namelist())


def test_other_commands_are_left_to_cli(tmp_path: Path) -> None:
    assert diag_cli.handle_global(parse("doctor"), tmp_path) is None
    assert diag_cli.handle_global(argparse.Namespace(command="stats"), tmp_path) is None
