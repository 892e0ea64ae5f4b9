"""A fixed day through the real desk, its figures checked against hand-computed numbers,
and the reports written as XLSX, CSV and PDF and read back.

The day (2026-11-23, WIB; standard times A 10, B 15, C 30 minutes):

=======  =========  ===============================================  =====  =====  =======
ticket   queued     what happens                                     wait   walk   service
=======  =========  ===============================================  =====  =====  =======
A-001    09:00      called 09:12 at counter 2, skipped 09:14         720    –      –
A-002 P  09:02      priority (lansia) first: called 09:10 counter 1  480    60     480 ok
B-001    09:04      called 09:15 counter 2, started 09:16,           660    60     (240)
                    transferred to C at 09:20
B-001→C  09:20      called 09:25 counter 3, finished 10:06 as a      300    60     2400 late
                    follow-up (due 24-11)
A-003    09:30      called 09:31 counter 1, rejected 09:37           60     60     300 ok
B-002    10:00      cancelled 10:30                                  –      –      –
A-004    23:50      called 23:55 counter 1, finished 00:12 the       300    120    900 late
                    next calendar day: still the 23rd's, hour 24
=======  =========  ===============================================  =====  =====  =======
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from loket.app.citizens import save_citizen
from loket.app.feedback import SkmEntry, close_follow_up, rate_ticket, save_skm_response
from loket.app.period_stats import stats_for_period
from loket.app.reports.builders import build_report, daily_report, register_report
from loket.app.reports.writers import write_csv, write_xlsx
from loket.app.stats import stats_for_day
from loket.app.users import add_user
from loket.core.periods import Period
from loket.core.skm import SkmAnswers
from loket.core.tickets import Outcome
from tests.conftest import Office

DAY = date(2026, 11, 23)
AS_OF = date(2026, 11, 26)
WORKED_SKM = [
    (4, 4, 3, 3, 4, 3, 4, 3, 2),
    (3, 3, 3, 4, 3, 3, 3, 3, 3),
    (4, 3, 2, 4, 3, 4, 4, 3, 2),
    (3, 3, 3, 4, 4, 3, 4, 2, 3),
]


def wib(hour: int, minute: int, day: int = 23) -> datetime:
    """An office-local (UTC+7) wall time as the aware UTC instant the desk clock gives."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC) - timedelta(hours=7)


@dataclass
class FixedDay:
    office: Office
    ids: dict[str, str]
    user_id: int


def build_fixed_day(office: Office) -> FixedDay:
    desk, clock, sv, ct = office.desk, office.clock, office.services, office.counters
    user = add_user(office.db, "siti", "operator", "kunci-1234")
    ids: dict[str, str] = {}

    def at(hour: int, minute: int, day: int = 23) -> None:
        clock.now = wib(hour, minute, day)

    at(9, 0)
    ids["A-001"] = desk.issue(sv["A"]).ticket.id
    at(9, 2)
    ids["A-002"] = desk.issue(sv["A"], "lansia").ticket.id
    at(9, 4)
    ids["B-001"] = desk.issue(sv["B"]).ticket.id
    at(9, 10)
    assert desk.call_next(ct[1], user_id=user.id).id == ids["A-002"]  # type: ignore[union-attr]
    at(9, 11)
    desk.start(ids["A-002"], ct[1], user_id=user.id)
    at(9, 12)
    assert desk.call_next(ct[2]).id == ids["A-001"]  # type: ignore[union-attr]
    at(9, 14)
    desk.skip(ids["A-001"], ct[2])
    at(9, 15)
    assert desk.call_next(ct[2]).id == ids["B-001"]  # type: ignore[union-attr]
    at(9, 16)
    desk.start(ids["B-001"], ct[2])
    at(9, 19)
    desk.finish(ids["A-002"], ct[1], user_id=user.id)
    at(9, 20)
    ids["B-001>C"] = desk.transfer(ids["B-001"], ct[2], to_service_id=sv["C"]).id
    at(9, 25)
    assert desk.call_next(ct[3]).id == ids["B-001>C"]  # type: ignore[union-attr]
    at(9, 26)
    desk.start(ids["B-001>C"], ct[3])
    at(9, 30)
    ids["A-003"] = desk.issue(sv["A"]).ticket.id
    at(9, 31)
    assert desk.call_next(ct[1], user_id=user.id).id == ids["A-003"]  # type: ignore[union-attr]
    at(9, 32)
    desk.start(ids["A-003"], ct[1], user_id=user.id)
    at(9, 37)
    desk.finish(ids["A-003"], ct[1], Outcome.REJECTED, reason="KK asli tidak dibawa",
                user_id=user.id)  # fmt: skip
    at(10, 0)
    ids["B-002"] = desk.issue(sv["B"]).ticket.id
    at(10, 6)
    desk.finish(ids["B-001>C"], ct[3], Outcome.FOLLOW_UP)
    at(10, 30)
    desk.cancel(ids["B-002"], "warga pulang")
    at(23, 50)
    ids["A-004"] = desk.issue(sv["A"]).ticket.id
    at(23, 55)
    assert desk.call_next(ct[1], user_id=user.id).id == ids["A-004"]  # type: ignore[union-attr]
    at(23, 57)
    desk.start(ids["A-004"], ct[1], user_id=user.id)
    at(0, 12, day=24)
    desk.finish(ids["A-004"], ct[1], user_id=user.id)
    # The citizens' side
    rate_ticket(office.db, ids["A-002"], 4, clock=clock)
    rate_ticket(office.db, ids["A-003"], 2, clock=clock)
    rate_ticket(office.db, ids["A-004"], 3, clock=clock)
    for scores in WORKED_SKM:
        save_skm_response(office.db, SkmEntry(SkmAnswers(scores)), day=DAY, clock=clock)
    save_citizen(office.db, ids["A-002"], name="Siti Aminah Lestari", nik="3273014101900001",
                 phone="0812-3456-7890")  # fmt: skip
    return FixedDay(office, ids, user.id)


@pytest.fixture
def fixed(office: Office) -> FixedDay:
    return build_fixed_day(office)


def test_figures_match_the_hand_computed_day(fixed: FixedDay) -> None:
    st = stats_for_period(fixed.office.db, Period.day(DAY), as_of=AS_OF)
    c = st.counts
    assert (c.issued, c.served, c.no_show, c.cancelled, c.transferred, c.open) == (7, 4, 1, 1, 1, 0)
    assert (st.taken, st.transfers_in) == (6, 1)
    # waits 60 300 300 480 660 720: mean 420, median (300+480)/2, p90 660+0.5*60
    w = st.waiting_time
    assert (w.count, w.mean, w.median, w.p90, w.max) == (6, 420.0, 390.0, 690.0, 720)
    # walks 60 60 60 60 120: p90 at rank 3.6 -> 60 + 0.6*60 = 96
    k = st.walk_time
    assert (k.count, k.mean, k.median, k.p90, k.max) == (5, 72.0, 60.0, 96.0, 120)
    # services 300 480 900 2400: median (480+900)/2, p90 at rank 2.7 -> 900 + 0.7*1500
    s = st.service_time
    assert (s.count, s.mean, s.median, s.p90, s.max) == (4, 1020.0, 690.0, 1950.0, 2400)
    # within standard: yes; A-004 (15 > 10 min) and B-001>C (40 > 30) no
    assert (st.within_standard.within, st.within_standard.timed) == (2, 4)
    by_service = {g.code: g for g in st.by_service}
    assert [by_service[k].counts.issued for k in "ABC"] == [4, 2, 1]
    assert by_service["A"].within_standard.ratio == round(2 / 3, 4)
    assert by_service["C"].within_standard.ratio == 0.0
    by_counter = {g.code: g for g in st.by_counter}
    assert [by_counter[k].counts.served for k in "123"] == [3, 0, 1]
    assert (by_counter["2"].counts.no_show, by_counter["2"].counts.transferred) == (1, 1)
    hours = {h["hour"]: (h["issued"], h["served"]) for h in st.by_hour}
    assert hours[9] == (5, 2) and hours[10] == (1, 1) and hours[23] == (1, 0)
    assert hours[24] == (0, 1)  # finished 00:12 the next day: hour 24 of the 23rd
    assert min(hours) == 9 and max(hours) == 24
    # The operator on counter 1: duty 09:10 -> 00:12 = 54,120 s, busy 9 + 6 + 17 minutes.
    (siti,) = st.by_operator
    assert siti.group.name == "siti" and siti.group.counts.served == 3
    assert (siti.productivity.duty_seconds, siti.productivity.busy_seconds) == (54120, 1920)
    assert siti.productivity.mean_idle_gap == 26100.0
    # Follow-up due 24-11, still open on the 26th: overdue.
    f = st.follow_ups
    assert (f.total, f.open, f.closed, f.overdue) == (1, 1, 0, 1)
    assert st.ratings.counts == (0, 1, 1, 1) and st.ratings.mean == 3.0
    assert st.skm is not None and str(st.skm.ikm) == "80.56" and st.skm.respondents == 4
    # 0-10 min: 60, 300, 300, 480 s; 10-20: 660, 720
    assert st.wait_histogram[:3] == [4, 2, 0] and sum(st.wait_histogram) == 6


def test_one_day_agrees_with_loket_stats_for_that_day(fixed: FixedDay) -> None:
    day = stats_for_day(fixed.office.db, DAY).to_json()
    period = stats_for_period(fixed.office.db, Period.day(DAY), as_of=AS_OF).to_json()
    for key, value in day.items():
        if key in ("by_service", "by_counter"):
            for row_day, row_period in zip(value, period[key], strict=True):
                assert {k: row_period[k] for k in row_day} == row_day
        else:
            assert period[key] == value, key


def test_a_range_adds_up_the_days(fixed: FixedDay) -> None:
    db = fixed.office.db
    week = stats_for_period(db, Period(date(2026, 11, 20), date(2026, 11, 26)), as_of=AS_OF)
    assert week.counts.issued == 7 and [d.day for d in week.by_day] == [DAY]
    empty = stats_for_period(db, Period(date(2026, 12, 1), date(2026, 12, 31)), as_of=AS_OF)
    assert empty.counts.issued == 0 and empty.waiting_time.mean is None
    assert empty.skm is not None and empty.skm.ikm is None
    # A follow-up from before a period still open counts as its backlog.
    assert empty.follow_ups.backlog_before == 1


def test_closing_a_follow_up_late(fixed: FixedDay) -> None:
    office = fixed.office
    office.clock.now = wib(10, 0, day=25)
    close_follow_up(office.db, fixed.ids["B-001>C"], user_id=fixed.user_id, clock=office.clock)
    f = stats_for_period(office.db, Period.day(DAY), as_of=AS_OF).follow_ups
    assert (f.open, f.closed, f.overdue, f.closed_late) == (0, 1, 0, 1)
    # Judged as of the 24th (before the hand-over) it was still open, not yet overdue.
    f = stats_for_period(office.db, Period.day(DAY), as_of=date(2026, 11, 24)).follow_ups
    assert (f.open, f.overdue) == (1, 0)


def test_xlsx_holds_real_numbers_and_dates(fixed: FixedDay, tmp_path: Path) -> None:
    report = daily_report(fixed.office.db, Period.day(DAY), now=wib(12, 0, day=26))
    path = write_xlsx(report, tmp_path / "harian.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Info" and "Per layanan" in wb.sheetnames
    assert wb["Info"]["A1"].value == "Kelurahan Uji"
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Selesai dilayani"] == 4 and isinstance(summary["Selesai dilayani"], int)
    assert summary["Waktu tunggu: median (menit)"] == 6.5  # 390 s
    assert summary["Selesai dalam waktu standar (%)"] == 50.0
    assert summary["IKM"] == 80.56
    services = list(wb["Per layanan"].iter_rows(values_only=True))
    header, rows = services[0], services[1:]
    a = dict(zip(header, rows[0], strict=True))
    assert a["Kode"] == "A" and a["Antrian"] == 4 and a["Sesuai standar (%)"] == 66.7
    follow = list(wb["Tindak lanjut"].iter_rows(min_row=2, values_only=True))
    assert follow[0][0] == "B-001" and follow[0][3] == datetime(2026, 11, 24)  # a real date
    assert follow[0][5] == "Terlambat"


def test_register_has_one_row_per_ticket_and_no_nik(fixed: FixedDay, tmp_path: Path) -> None:
    report = register_report(fixed.office.db, Period.day(DAY), now=wib(12, 0))
    path = write_csv(report, tmp_path / "register.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert len(rows) == 7
    assert [r["Nomor"] for r in rows] == [
        "A-001", "A-002", "B-001", "B-001", "A-003", "B-002", "A-004",
    ]  # fmt: skip
    a2 = rows[1]
    assert a2["Prioritas"] == "Lansia" and a2["Nama warga"] == "Siti A. L."
    assert a2["Tunggu (menit)"] == "8,0" and a2["Penilaian"] == "4" and a2["Loket"] == "1"
    assert float(a2["Tunggu (menit)"].replace(",", ".")) == 8.0  # decimal comma
    assert rows[-1]["Selesai"] == "24-11-2026 00:12"  # local time, past midnight
    assert rows[3]["Hasil"] == "Tindak lanjut" and rows[3]["Tanggal jadi"] == "24-11-2026"
    english = write_csv(report, tmp_path / "register-en.csv", style="en")
    with english.open(encoding="utf-8-sig", newline="") as fh:
        en_rows = list(csv.DictReader(fh))
    assert en_rows[1]["Tunggu (menit)"] == "8.0" and en_rows[-1]["Selesai"] == "2026-11-24 00:12"
    raw = path.read_text(encoding="utf-8-sig")
    assert "3273014101900001" not in raw and "0001" not in raw.replace("A-001", "")
    assert "0812" not in raw and "Aminah" not in raw
    xlsx = write_xlsx(report, tmp_path / "register.xlsx")
    sheet = load_workbook(xlsx)["Buku Register"]
    assert sheet.max_row == 8  # the header and seven tickets
    assert sheet["F2"].value == datetime(2026, 11, 23, 9, 0)  # a real date-time


def test_ikm_report_layout(fixed: FixedDay, tmp_path: Path) -> None:
    report = build_report(fixed.office.db, "ikm", Period.day(DAY), now=wib(12, 0))
    per_element = report.table("IKM per unsur")
    assert [r[3] for r in per_element.rows] == [14, 13, 11, 15, 14, 13, 15, 11, 10]
    assert per_element.rows[0][4] == 3.5 and per_element.rows[8][7] == "D"
    summary = dict(report.table("IKM").rows)
    assert summary["IKM unit pelayanan"] == 80.56 and summary["Mutu pelayanan"] == "B"
    assert summary["Kinerja unit pelayanan"] == "Baik" and summary["Jumlah responden"] == 4
    written = write_csv(report, tmp_path / "ikm.csv")
    assert written.suffix == ".zip"  # several tables: one CSV each, zipped
    with zipfile.ZipFile(written) as zf:
        names = zf.namelist()
        assert all(n.startswith("kelurahan-uji_laporan-indeks-kepuasan-masyarakat-ikm_2026-11-23_")
                   for n in names)  # fmt: skip
        summary = zf.read(names[0]).decode("utf-8-sig")
    rows = list(csv.reader(summary.splitlines(), delimiter=";"))
    assert rows[0] == ["Uraian", "Nilai"] and ["IKM unit pelayanan", "80,56"] in rows


def test_daily_csv_shares_are_percentages_like_the_summary(fixed: FixedDay, tmp_path: Path) -> None:
    """Issue 10 item 9: "Sesuai standar" was 1.0 per service and 100.0 in the summary."""
    report = daily_report(fixed.office.db, Period.day(DAY), now=wib(12, 0, day=26))
    with zipfile.ZipFile(write_csv(report, tmp_path / "harian.csv")) as zf:
        files = {
            n.rsplit("_", 1)[-1].split("-", 1)[-1]: zf.read(n).decode("utf-8-sig")
            for n in zf.namelist()
        }
    summary = dict(csv.reader(files["ringkasan.csv"].splitlines(), delimiter=";"))
    assert summary["Selesai dalam waktu standar (%)"] == "50,0"
    services = list(csv.DictReader(files["per-layanan.csv"].splitlines(), delimiter=";"))
    shares = {r["Kode"]: r["Sesuai standar (%)"] for r in services}
    assert shares == {"A": "66,7", "B": "", "C": "0,0"}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_pdf_shows_the_same_figures(fixed: FixedDay, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from loket.ui.devices.report_print import write_pdf

    db = fixed.office.db
    pdf = write_pdf(daily_report(db, Period.day(DAY), now=wib(12, 0, day=26)), tmp_path / "h.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "Laporan Harian Pelayanan" in text and "Kelurahan Uji" in text
    assert "Periode: 23 November 2026" in text
    lines = {" ".join(line.split()[:-1]): line.split()[-1] for line in text.splitlines()
             if line.strip()}  # fmt: skip
    assert lines["Selesai dilayani"] == "4"
    assert lines["Waktu tunggu: median (menit)"] == "6,50"
    assert lines["IKM"] == "80,56"
    assert "Terlambat" in text  # the overdue follow-up
    ikm = write_pdf(build_report(db, "ikm", Period.day(DAY)), tmp_path / "ikm.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(ikm), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "80,56" in text and "Persyaratan" in text and "Baik" in text
