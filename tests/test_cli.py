"""The `loket` command as offices and scripts use it (in-process, real data dirs)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from loket.cli import main
from loket.store.migrate import head_revision


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stats_json(capsys: pytest.CaptureFixture[str], data: Path, day: str) -> dict:  # type: ignore[type-arg]
    code, out, _ = run(capsys, "stats", "--data-dir", str(data), "--date", day, "--json")
    assert code == 0
    return json.loads(out)  # type: ignore[no-any-return]


def test_simulate_then_stats_are_consistent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    code, out, _ = run(capsys, "simulate", "--data-dir", str(data), "--date", "2026-11-20",
                       "--tickets", "140", "--counters", "3", "--seed", "5")  # fmt: skip
    assert code == 0 and "140 antrian" in out
    st = stats_json(capsys, data, "2026-11-20")
    ends = ("served", "no_show", "cancelled", "transferred", "open")
    assert st["taken"] == 140
    assert sum(st[k] for k in ends) == st["issued"] == st["taken"] + st["transfers_in"]
    assert st["open"] == 0  # the simulated day is closed
    assert st["served"] > 100 and st["no_show"] > 0 and st["transferred"] > 0
    for key in ("issued", *ends):
        assert sum(row[key] for row in st["by_service"]) == st[key]
    assert sum(row["served"] for row in st["by_counter"]) == st["served"]
    assert sum(h["issued"] for h in st["by_hour"]) == st["issued"]
    assert sum(h["served"] for h in st["by_hour"]) == st["served"]
    w = st["waiting_time"]
    assert 0 <= w["median"] <= w["p90"] <= w["max"] and w["mean"] > 0
    assert set(st["service_time"]) == {"count", "mean", "median", "p90", "max"}
    assert all(re.fullmatch(r"[a-z0-9_]+", k) for k in st)  # snake_case keys


def test_same_seed_same_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figures = []
    for name in ("one", "two"):
        data = tmp_path / name
        assert main(["simulate", "--data-dir", str(data), "--date", "2026-11-19",
                     "--tickets", "60", "--seed", "42"]) == 0  # fmt: skip
        capsys.readouterr()
        figures.append(stats_json(capsys, data, "2026-11-19"))
    assert figures[0] == figures[1]
    other = tmp_path / "three"
    main(["simulate", "--data-dir", str(other), "--date", "2026-11-19", "--tickets", "60",
          "--seed", "43"])  # fmt: skip
    capsys.readouterr()
    assert stats_json(capsys, other, "2026-11-19") != figures[0]


def test_stats_text_report_is_indonesian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    main(["simulate", "--data-dir", str(data), "--date", "2026-11-20", "--tickets", "20"])
    code, out, _ = run(capsys, "stats", "--data-dir", str(data), "--date", "2026-11-20")
    assert code == 0
    assert "Laporan layanan 2026-11-20" in out and "Waktu tunggu" in out
    assert "Surat Keterangan Domisili" in out


def test_stats_without_an_office_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "stats", "--data-dir", str(tmp_path / "empty"))
    assert code == 1 and "Kantor belum diatur" in err


def test_db_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d"
    assert run(capsys, "db", "check", "--data-dir", str(data))[0] == 1  # nothing there yet
    code, out, _ = run(capsys, "db", "upgrade", "--data-dir", str(data))
    assert code == 0 and head_revision() in out
    code, out, _ = run(capsys, "db", "upgrade", "--data-dir", str(data))
    assert "sudah terbaru" in out
    code, out, _ = run(capsys, "db", "check", "--data-dir", str(data))
    assert code == 0 and out.startswith("OK")
    code, out, _ = run(capsys, "db", "backup", "--data-dir", str(data))
    backup = Path(out.strip())
    assert code == 0 and backup.is_file() and backup.parent == data / "backups"


def test_user_add_reads_the_password_from_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = str(tmp_path / "d")
    monkeypatch.setattr("sys.stdin", io.StringIO("kunci-rahasia\n"))
    code, out, _ = run(capsys, "user", "add", "--data-dir", data, "--name", "Siti Aminah",
                       "--role", "supervisor")  # fmt: skip
    assert code == 0 and "Siti Aminah" in out
    from loket.app.users import authenticate
    from loket.store.migrate import open_database

    db = open_database(Path(data))
    assert authenticate(db, "siti  aminah", "kunci-rahasia") is not None
    assert authenticate(db, "Siti Aminah", "salah") is None
    raw = (Path(data) / "loket.db").read_bytes()
    db.close()
    assert b"kunci-rahasia" not in raw
    monkeypatch.setattr("sys.stdin", io.StringIO("kunci-rahasia\n"))
    code, _, err = run(capsys, "user", "add", "--data-dir", data, "--name", "siti aminah",
                       "--role", "operator")  # fmt: skip
    assert code == 1 and "sudah ada" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    code, _, err = run(capsys, "user", "add", "--data-dir", data, "--name", "Budi",
                       "--role", "operator")  # fmt: skip
    assert code == 1 and "paling sedikit" in err


def test_bad_arguments_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["stats", "--date", "23-11-2026"])
    assert info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_help_lists_the_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    for command in ("simulate", "stats", "display", "kiosk", "db", "user"):
        assert command in out


def test_adding_users_needs_an_admin_once_there_is_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = str(tmp_path / "d")
    monkeypatch.setattr("sys.stdin", io.StringIO("admin-pass\n"))
    assert main(["user", "add", "--data-dir", data, "--name", "admin", "--role", "admin"]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    code, _, err = run(
        capsys, "user", "add", "--data-dir", data, "--name", "budi", "--role", "operator"
    )
    assert code == 1 and "--as" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("salah\n1234\n"))
    code, _, err = run(
        capsys,
        "user",
        "add",
        "--data-dir",
        data,
        "--name",
        "budi",
        "--role",
        "operator",
        "--as",
        "admin",
    )
    assert code == 1 and "salah" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("admin-pass\n1234\n"))
    code, out, _ = run(
        capsys,
        "user",
        "add",
        "--data-dir",
        data,
        "--name",
        "budi",
        "--role",
        "operator",
        "--as",
        "admin",
    )
    assert code == 0 and "budi" in out
