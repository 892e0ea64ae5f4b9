"""The PDF reports as documents a Lurah signs (issue 15 items 1–4), read back from the PDF.

Each report is rendered to PNG with pdftoppm (a page a person would see) and its text
is read with pdftotext: the kop surat, the signature block, "Halaman N dari M" on every
page, and the register's cells: the text found inside each drawn cell's box equals the
data (nothing elided, nothing spilling into the next column).
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from loket.app.letterhead import load_letterhead, save_letterhead
from loket.app.reports.builders import build_report, register_report
from loket.app.users import add_user
from loket.core.errors import InvalidInput
from loket.core.letterhead import Letterhead
from loket.core.periods import Period
from loket.ui.devices.report_print import MARGIN_MM, PDF_DPI, DrawnCell, pdf_bytes
from tests.app.test_reports import DAY, build_fixed_day, wib
from tests.conftest import Office

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) not installed",
)

LOGO = (Path(__file__).parents[2] / "resources" / "icons" / "loket.png").read_bytes()
LETTERHEAD = Letterhead(
    government="Pemerintah Kota Bandung",
    district="Kecamatan Sukajadi",
    office="Kelurahan Sukamaju",
    address="Jl. Sukamaju No. 12, Bandung 40162",
    phone="(022) 2012345",
    email="kel.sukamaju@bandung.go.id",
    head_name="Drs. Ahmad Fauzi",
    head_nip="197503122000031004",
    officer_name="Siti Rahmawati",
    officer_nip="198208152006042010",
    logo=LOGO,
)


@pytest.fixture
def signed_office(office: Office) -> Office:
    build_fixed_day(office)
    admin = add_user(office.db, "kepala", "admin", "kunci-rahasia-1")
    save_letterhead(office.db, admin, LETTERHEAD)
    # A long service name: it must wrap in the register, not be cut at 20 characters.
    with office.db.write() as s:
        from loket.store.models import Service

        row = s.get(Service, office.services["C"])
        assert row is not None
        row.name = "Surat Keterangan Tidak Mampu untuk Keringanan Biaya Pendidikan"
    return office


def pdftotext(pdf: Path, *args: str) -> str:
    done = subprocess.run(["pdftotext", "-layout", *args, str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=60)  # fmt: skip
    return done.stdout


def pages_of(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True,
                          timeout=60).stdout  # fmt: skip
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_letterhead_is_checked_and_saved(signed_office: Office) -> None:
    stored = load_letterhead(signed_office.db)
    assert stored.government == "Pemerintah Kota Bandung" and stored.logo == LOGO
    operator = add_user(signed_office.db, "budi", "operator", "4321")
    with pytest.raises(InvalidInput):
        save_letterhead(signed_office.db, operator, LETTERHEAD)  # admins only
    with pytest.raises(InvalidInput, match="NIP"):
        Letterhead(head_nip="1234").cleaned()
    with pytest.raises(InvalidInput, match="PNG"):
        Letterhead(logo=b"GIF89a").cleaned()


@pytest.mark.parametrize("kind", ["daily", "register", "ikm"])
def test_every_report_has_kop_signature_and_page_numbers(
    signed_office: Office, tmp_path: Path, kind: str, qapp
) -> None:  # type: ignore[no-untyped-def]
    report = build_report(signed_office.db, kind, Period.day(DAY), now=wib(12, 0, day=26))
    pdf = tmp_path / f"{kind}.pdf"
    pdf.write_bytes(pdf_bytes(report))
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / kind)], check=True,
                   timeout=120)  # fmt: skip
    assert sorted(tmp_path.glob(f"{kind}*.png"))  # a person can look at every page
    first = pdftotext(pdf, "-f", "1", "-l", "1")
    for line in ("PEMERINTAH KOTA BANDUNG", "KECAMATAN SUKAJADI", "KELURAHAN SUKAMAJU",
                 "Jl. Sukamaju No. 12", "Telp. (022) 2012345", report.title.upper()):  # fmt: skip
        assert line in first, line
    text = pdftotext(pdf)
    for line in ("Mengetahui,", "Lurah Sukamaju", "Sukamaju, 26 November 2026", "Kasi Pelayanan",
                 "Drs. Ahmad Fauzi", "NIP. 19750312 200003 1 004", "Siti Rahmawati",
                 "NIP. 19820815 200604 2 010"):  # fmt: skip
        assert line in text, line
    total = pages_of(pdf)
    for page in range(1, total + 1):
        assert f"Halaman {page} dari {total}" in pdftotext(pdf, "-f", str(page), "-l", str(page))


def test_register_cells_read_back_equal_the_data(
    signed_office: Office, tmp_path: Path, qapp
) -> None:  # type: ignore[no-untyped-def]
    report = register_report(signed_office.db, Period.day(DAY), now=wib(12, 0, day=26))
    assert report.landscape
    cells: list[DrawnCell] = []
    pdf = tmp_path / "register.pdf"
    pdf.write_bytes(pdf_bytes(report, cells=cells))
    table = report.tables[0]
    assert len(cells) == len(table.rows) * len(table.columns)
    petugas = [c.text for c in cells if table.columns[c.column].title == "Petugas"]
    assert "siti" in petugas  # who served: filled from the ticket's operator
    names = {c.text for c in cells if table.columns[c.column].title == "Layanan"}
    assert "Surat Keterangan Tidak Mampu untuk Keringanan Biaya Pendidikan" in names
    scale = 72 / PDF_DPI  # device pixels to PDF points
    margin = MARGIN_MM / 25.4 * 72
    for cell in cells:
        r = cell.rect
        x, y = int(margin + r.left() * scale), int(margin + r.top() * scale)
        w, h = int(r.width() * scale) + 1, int(r.height() * scale) + 1
        page = str(cell.page)
        crop = ["-f", page, "-l", page, "-r", "72", "-x", str(x), "-y", str(y), "-W", str(w),
                "-H", str(h)]  # fmt: skip
        found = " ".join(pdftotext(pdf, *crop).split())
        want = " ".join(cell.text.split()) if cell.text != "–" else "–"
        assert found == want, (table.columns[cell.column].title, cell.row, found, want)


def test_empty_letterhead_still_gives_a_kop(office: Office, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    build_fixed_day(office)
    report = build_report(office.db, "daily", Period.day(date(2026, 11, 23)), now=wib(12, 0))
    pdf = tmp_path / "plain.pdf"
    pdf.write_bytes(pdf_bytes(report))
    text = pdftotext(pdf)
    assert "KELURAHAN UJI" in text and "Halaman 1 dari" in text and "Mengetahui," in text
