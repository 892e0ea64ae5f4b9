"""`loket stats --from/--to`, `loket export` and `loket ikm`, through their handlers.

``loket.cli`` wires them in; here a parser with only this group calls them directly.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from loket.app.simulate import simulate_day
from loket.cli.reports import register, run, run_period_stats, wants_period
from loket.store.migrate import open_database

START = date(2026, 11, 2)
DAYS = 5


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir")
    top = argparse.ArgumentParser(prog="loket")
    sub = top.add_subparsers(dest="command")
    register(sub, common)  # stats (with add_period_args), export, ikm
    return top


def call(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> str:
    args = parser().parse_args([*argv, "--data-dir", str(data)])
    if args.command == "stats":
        assert wants_period(args)
        code = run_period_stats(args, data)
    elif getattr(args, "func", None) is not None:
        code = args.func(args, data)
    else:
        code = run(args, data)
    assert code == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("cli") / "data"
    db = open_database(data)
    try:
        for offset in range(DAYS):
            simulate_day(db, START + timedelta(days=offset), 80, 3, seed=offset)
    finally:
        db.close()
    return data


def period_args() -> list[str]:
    return ["--from", START.isoformat(), "--to", (START + timedelta(days=DAYS - 1)).isoformat()]


def test_stats_for_a_range_add_up(week: Path, capsys: pytest.CaptureFixture[str]) -> None:
    st = json.loads(call(capsys, week, "stats", *period_args(), "--json"))
    assert (st["from"], st["to"]) == ("2026-11-02", "2026-11-06") and "date" not in st
    assert st["taken"] == 80 * DAYS
    ends = ("served", "no_show", "cancelled", "transferred", "open")
    assert sum(st[k] for k in ends) == st["issued"]
    assert sum(d["issued"] for d in st["by_day"]) == st["issued"] and len(st["by_day"]) == DAYS
    assert sum(row["served"] for row in st["by_service"]) == st["served"]
    assert 0 < st["within_standard"]["share"] <= 1
    assert st["skm"]["respondents"] > 0 and st["skm"]["band"] in "ABCD"
    text = call(capsys, week, "stats", *period_args())
    assert "Laporan layanan 2–6 November 2026 (5 hari)" in text and "Menuju loket" in text


def test_one_day_range_equals_the_day_form(week: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from loket.app.stats import stats_for_day

    db = open_database(week)
    try:
        day = stats_for_day(db, START).to_json()
    finally:
        db.close()
    st = json.loads(call(capsys, week, "stats", "--from", START.isoformat(), "--json"))
    assert st["date"] == day["date"]
    for key in ("issued", "served", "waiting_time", "service_time", "by_hour"):
        assert st[key] == day[key]


def test_export_xlsx_csv_and_ikm_agree_with_stats(
    week: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    st = json.loads(call(capsys, week, "stats", *period_args(), "--json"))
    out = call(capsys, week, "export", *period_args(), "--report", "daily", "-o",
               str(tmp_path / "harian.xlsx"))  # fmt: skip
    assert "Laporan Harian Pelayanan" in out
    wb = load_workbook(tmp_path / "harian.xlsx")
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Selesai dilayani"] == st["served"]
    assert summary["Waktu tunggu: median (menit)"] == round(st["waiting_time"]["median"] / 60, 1)
    assert summary["IKM"] == st["skm"]["ikm"]
    days = list(wb["Per hari"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in days] == [d["issued"] for d in st["by_day"]]
    call(capsys, week, "export", *period_args(), "--report", "register", "--format", "csv",
         "-o", str(tmp_path / "register.txt"))  # fmt: skip
    lines = (tmp_path / "register.txt").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + st["issued"]  # the header and one row per ticket
    assert lines[0].startswith("No;Tanggal;Nomor;Layanan")  # Indonesian Excel: ";"
    ikm = json.loads(call(capsys, week, "ikm", *period_args(), "--json"))
    assert ikm["ikm"] == st["skm"]["ikm"] and len(ikm["elements"]) == 9
    assert ikm["ratings"]["count"] == st["ratings"]["count"]
    text = call(capsys, week, "ikm", *period_args())
    assert f"IKM: {str(ikm['ikm']).replace('.', ',')}" in text and "U9" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_export_pdf(
    week: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    qapp,  # type: ignore[no-untyped-def]
) -> None:
    st = json.loads(call(capsys, week, "stats", *period_args(), "--json"))
    call(capsys, week, "export", *period_args(), "--report", "ikm", "-o", str(tmp_path / "i.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "i.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "Indeks Kepuasan Masyarakat" in text
    assert f"{st['skm']['ikm']:.2f}".replace(".", ",") in text


def test_bad_periods_are_refused(week: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from loket.core.errors import InvalidInput

    args = parser().parse_args(["ikm", "--to", "2026-11-02"])
    with pytest.raises(InvalidInput, match="--from"):
        run(args, week)
    args = parser().parse_args(["ikm", "--from", "2026-11-05", "--to", "2026-11-02"])
    with pytest.raises(InvalidInput, match="sebelum"):
        run(args, week)
    args = parser().parse_args(["export", "--from", "2026-11-02", "-o", "x.doc"])
    with pytest.raises(InvalidInput, match="pdf, xlsx atau csv"):
        run(args, week)
    with pytest.raises(SystemExit):
        parser().parse_args(["export", "--from", "2-11-2026", "-o", "x.pdf"])


def test_the_saved_csv_style_is_what_export_writes(
    week: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15 item 6: a saved style (id/en) besides --csv-style, which still wins once."""
    data = tmp_path / "office"
    shutil.copytree(week, data)
    assert "bawaan" in call(capsys, data, "csv-style")
    assert "en (, dan titik" in call(capsys, data, "csv-style", "en")
    assert "en (, dan titik" in call(capsys, data, "csv-style")
    call(capsys, data, "export", *period_args(), "--report", "register", "--format", "csv",
         "-o", str(tmp_path / "en.csv"))  # fmt: skip
    assert (tmp_path / "en.csv").read_text(encoding="utf-8-sig").startswith("No,Tanggal,")
    call(capsys, data, "export", *period_args(), "--report", "register", "--format", "csv",
         "--csv-style", "id", "-o", str(tmp_path / "id.csv"))  # fmt: skip
    assert (tmp_path / "id.csv").read_text(encoding="utf-8-sig").startswith("No;Tanggal;")
    # No office in the folder: said in words, nothing saved.
    from loket.core.errors import LoketError

    empty = parser().parse_args(["csv-style", "en", "--data-dir", str(tmp_path / "none")])
    with pytest.raises(LoketError):
        empty.func(empty, tmp_path / "none")
