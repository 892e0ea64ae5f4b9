"""``loket office init`` / ``status`` in-process: clear Indonesian refusals, and a half
office (an older version's separate steps) called "not set up" by every command."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from loket.app.desk import Desk
from loket.app.office import ServiceSpec, add_services, create_office
from loket.app.setup import read_setup_state
from loket.cli import main
from loket.store.migrate import open_database

INIT = ["office", "init", "--name", "Kelurahan Cihapit", "--kode", "3273011006", "--zone",
        "WITA", "--services", "A,B,C", "--admin", "admin"]  # fmt: skip


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *argv: object,
    stdin: str = "rahasia-1\n",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_office_init_says_what_is_wrong_in_indonesian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "kantor"
    cases = [
        (["--kode", "32", "--counters", "2"], "10 angka"),
        (["--zone", "GMT", "--counters", "2"], "WIB, WITA atau WIT"),
        (["--services", "A,Z", "--counters", "2"], "tidak ada di daftar awal: Z"),
        (["--counter", "1=A"], "Layanan tanpa loket: B, C"),
        (["--counter", "satu=A"], "NOMOR=KODE"),
        (["--counter", "1=A,B", "--counter", "1=C"], "Loket 1 disebut dua kali"),
        (["--counters", "2", "--counter", "1=A"], "bukan keduanya"),
        ([], "--counter 1=A,B"),
    ]
    for extra, expected in cases:
        code, _, err = run(capsys, monkeypatch, *INIT, *extra, "--data-dir", data)
        assert code == 1 and expected in err, (extra, err)
    code, _, err = run(capsys, monkeypatch, *INIT, "--counters", "2", "--data-dir", data, stdin="")
    assert code == 1 and "stdin kosong" in err
    code, _, err = run(capsys, monkeypatch, *INIT, "--counters", "2", "--data-dir", data,
                       stdin="123\n")  # fmt: skip
    assert code == 1 and "paling sedikit 8 karakter" in err
    assert not read_setup_state(open_database(data)).services  # nothing was written
    services = tmp_path / "layanan.csv"
    services.write_text("kode;nama;menit;persyaratan\nP;Legalisir;5;KTP asli\nQ;SKCK;20;\n")
    code, _, err = run(
        capsys, monkeypatch, "office", "init", "--name", "Kelurahan Baru", "--kode",
        "3273011007", "--zone", "WIB", "--services-file", services, "--counters", "2",
        "--admin", "admin", "--data-dir", data,
    )  # fmt: skip
    assert code == 0, err
    db = open_database(data)
    state = read_setup_state(db)
    db.close()
    assert [(s.prefix, s.standard_minutes, s.requirements) for s in state.services] == [
        ("P", 5, "KTP asli"),
        ("Q", 20, ""),
    ]
    assert run(capsys, monkeypatch, "office", "status", "--data-dir", data)[0] == 0


def test_a_services_file_with_mistakes_is_refused_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "layanan.csv"
    for text, expected in (
        ("P,Legalisir\n", "baris 1: isi kode, nama dan menit"),
        ("P,Legalisir,lima\n", "menit dan biaya harus angka"),
        ("# kosong\n", "tidak berisi layanan"),
    ):
        bad.write_text(text)
        code, _, err = run(capsys, monkeypatch, *INIT[:-4], "--services-file", bad,
                           "--counters", "1", "--admin", "admin",
                           "--data-dir", tmp_path / "d")  # fmt: skip
        assert code == 1 and expected in err, (text, err)
    missing = tmp_path / "none.csv"
    code, _, err = run(capsys, monkeypatch, *INIT[:-4], "--services-file", missing,
                       "--counters", "1", "--admin", "admin",
                       "--data-dir", tmp_path / "d")  # fmt: skip
    assert code == 1 and "tidak dapat dibaca" in err


def test_a_half_office_is_not_set_up_anywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An office with services but no counter or admin (an older version killed half-way)."""
    data = tmp_path / "kantor"
    db = open_database(data)
    create_office(db, name="Kelurahan Lama", code="3273011002")
    add_services(db, [ServiceSpec("A", "Domisili", 10), ServiceSpec("B", "SKTM", 15)])
    db.close()
    said = "Penyiapan kantor Kelurahan Lama belum selesai: belum ada loket dan belum ada akun admin"
    for argv in (
        ["simulate", "--date", "2026-11-20", "--tickets", "5"],  # was an IndexError
        ["stats", "--date", "2026-11-20"],
        ["ikm", "--from", "2026-11-01", "--to", "2026-11-30"],
    ):
        code, _, err = run(capsys, monkeypatch, *argv, "--data-dir", data)
        assert code == 1 and said in err, (argv, err)
    code, out, _ = run(capsys, monkeypatch, "db", "check", "--data-dir", data)
    assert code == 1 and said in out
    code, out, _ = run(capsys, monkeypatch, "office", "status", "--data-dir", data)
    assert code == 1 and said in out
    # The script completes it: what exists is kept, only what is missing is given.
    code, out, err = run(capsys, monkeypatch, "office", "init", "--counters", "2", "--admin",
                         "admin", "--data-dir", data)  # fmt: skip
    assert code == 0, err
    assert "Kelurahan Lama (32.73.01.1002) siap: 2 layanan, 2 loket" in out
    code, _, err = run(capsys, monkeypatch, "simulate", "--date", "2026-11-20", "--tickets", "5",
                       "--data-dir", data)  # fmt: skip
    assert code == 0, err
    db = open_database(data)
    assert Desk(db).find("A-001", date(2026, 11, 20)) is not None
    db.close()


def test_an_office_made_by_simulate_lacks_only_its_admin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Figures work (no accounts needed); the GUI and db check say the admin is missing."""
    data = tmp_path / "kantor"
    assert run(capsys, monkeypatch, "simulate", "--date", "2026-11-20", "--tickets", "5",
               "--data-dir", data)[0] == 0  # fmt: skip
    assert run(capsys, monkeypatch, "stats", "--date", "2026-11-20", "--data-dir", data)[0] == 0
    code, _, _ = run(capsys, monkeypatch, "db", "check", "--data-dir", data)
    assert code == 0  # (a note names a missing admin; simulate's accounts vary)
    if not read_setup_state(open_database(data)).complete:
        code, _, err = run(capsys, monkeypatch, "office", "init", "--admin", "admin",
                             "--data-dir", data)  # fmt: skip
        assert code == 0, err
    assert read_setup_state(open_database(data)).complete
