"""The raw ticket, played back by the interpreter: it fits 58 and 80 mm rolls."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from loket.printing.escpos import (
    CODE_PAGES,
    ROLLS,
    encode,
    escpos_bytes,
    number_magnification,
    wrap,
)
from loket.printing.interpret import Page, interpret
from loket.printing.qr import qr_content, qr_matrix
from loket.printing.slip import Style, TicketSlip

AT = datetime(2026, 11, 23, 2, 5, tzinfo=UTC)
TICKET_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
LONG = TicketSlip(
    "Kelurahan Padang Pasir Kecamatan Padang Barat Kota Padang",
    "Surat Keterangan Tidak Mampu (SKTM) untuk Beasiswa",
    "C-123",
    AT,
    "Asia/Jakarta",
    12,
    45,
    qr=qr_content(TICKET_ID),
)
SLIPS = {
    "long": LONG,
    "short": TicketSlip("Kelurahan Uji", "Domisili", "A-001", AT, "Asia/Makassar", 0, 0),
    "reprint": TicketSlip(
        "Kelurahan Sukamaju",
        "Pengantar SKCK",
        "AB-1000",
        AT,
        "Asia/Jayapura",
        None,
        None,
        qr=qr_content(TICKET_ID, "https://loket.kota.go.id/"),
        reprinted_at=datetime(2026, 11, 23, 4, 40, tzinfo=UTC),
    ),
}


def source_words(slip: TicketSlip) -> set[str]:
    words: set[str] = set()
    for line in slip.lines():
        if line.style not in (Style.QR, Style.RULE):
            words.update(line.text.split())
    return words


def check_fits(page: Page, slip: TicketSlip) -> None:
    assert not page.problems, page.problems
    words = source_words(slip)
    for line in page.lines:
        assert line.x >= 0 and line.x + line.width <= page.dots, line
        assert not line.broken_by_printer, line
        if set(line.text) == {"-"}:  # a rule: exactly the roll's width
            assert line.width == page.dots
            continue
        for word in line.text.split():
            assert word in words, f"cut or changed word {word!r} in {line.text!r}"
        left, right = line.x, page.dots - line.x - line.width
        assert abs(left - right) <= 12 * line.magnify[0], f"not centred: {line}"
    for image in page.images:
        assert image.x >= 0 and image.x + image.width <= page.dots


@pytest.mark.parametrize("native_qr", [True, False], ids=["gs-k", "raster"])
@pytest.mark.parametrize("name", sorted(SLIPS))
@pytest.mark.parametrize("width_mm", [58, 80])
def test_every_line_fits_the_roll_and_no_word_is_cut(
    width_mm: int, name: str, native_qr: bool
) -> None:
    slip = SLIPS[name]
    roll = ROLLS[width_mm]
    page = interpret(escpos_bytes(slip, width_mm, native_qr=native_qr), roll.dots)
    check_fits(page, slip)
    # The whole number on one line, large, and the size back to normal right after it.
    index = next(i for i, line in enumerate(page.lines) if line.text == slip.label)
    number = page.lines[index]
    assert number.magnify[0] == number_magnification(slip.label, roll) >= 4
    assert all(line.magnify == (1, 1) for line in page.lines[index + 1 :])
    assert page.cuts and page.cuts[-1] >= page.lines[-1].y + page.lines[-1].height


def test_the_number_is_as_large_as_the_roll_allows() -> None:
    assert number_magnification("C-123", ROLLS[58]) == 6  # 5 x 12 x 6 = 360 <= 384
    assert number_magnification("C-1234", ROLLS[58]) == 5
    assert number_magnification("C-123", ROLLS[80]) == 8  # GS ! stops at 8
    page = interpret(escpos_bytes(LONG, 58), 384)
    assert "C-123" in page.text()  # the old 8x ticket wrapped it over two lines


def test_the_rule_is_printed_at_normal_size() -> None:
    page = interpret(escpos_bytes(LONG, 58), 384)
    rules = [line for line in page.lines if set(line.text) == {"-"}]
    assert rules and all(r.magnify == (1, 1) and len(r.text) == 32 for r in rules)


def test_long_names_wrap_at_words_balanced() -> None:
    assert wrap("Mohon menunggu panggilan. Terima kasih.", 32) == [
        "Mohon menunggu",
        "panggilan. Terima kasih.",
    ]
    assert wrap("Surat Keterangan Tidak Mampu (SKTM) untuk Beasiswa", 32) == [
        "Surat Keterangan Tidak",
        "Mampu (SKTM) untuk Beasiswa",
    ]
    assert wrap("kata", 32) == ["kata"]
    assert wrap("x" * 40, 32) == ["x" * 32, "x" * 8]  # only a word longer than a line


def test_indonesian_text_needs_no_question_marks() -> None:
    text = "Perkiraan tunggu ± 5 menit – “Kafé” Rp10.000 · 25°C… ‘ok’ Ñ ü"
    for codec in CODE_PAGES:
        data = encode(text, codec)
        assert b"?" not in data, codec
    data = escpos_bytes(
        TicketSlip("Kelurahan Café – “Pusat”", "Legalisir…", "A-001", AT, "Asia/Jakarta", 1, 5),
        58,
    )
    page = interpret(data, 384)
    printed = " ".join(page.text())
    assert "Café" in printed and '"Pusat"' in printed and "±" in printed and "?" not in printed


def test_qr_native_and_raster_carry_the_same_symbol() -> None:
    native = interpret(escpos_bytes(LONG, 58, native_qr=True), 384).images
    raster = interpret(escpos_bytes(LONG, 58, native_qr=False), 384).images
    assert [i.source for i in native] == ["qr"] and native[0].content == TICKET_ID
    assert [i.source for i in raster] == ["raster"]
    matrix = qr_matrix(TICKET_ID)
    image = raster[0]
    # Find the symbol in the raster image and sample each module at its centre.
    dark_rows = [r for r, row in enumerate(image.rows) if any(row)]
    dark_cols = [c for c in range(image.width) if any(row[c] for row in image.rows)]
    top, left = dark_rows[0], dark_cols[0]
    module = (dark_cols[-1] - left + 1) // len(matrix)
    sampled = [
        [image.rows[top + r * module + module // 2][left + c * module + module // 2]
         for c in range(len(matrix))]
        for r in range(len(matrix))
    ]  # fmt: skip
    assert sampled == matrix
    assert image.width == 384 and abs(left - (384 - dark_cols[-1] - 1)) <= 1  # centred


def test_no_qr_without_content() -> None:
    page = interpret(escpos_bytes(SLIPS["short"], 80), 576)
    assert page.images == [] and not page.problems


def test_the_interpreter_reports_what_a_printer_would_wrap() -> None:
    page = interpret(b"\x1b@" + b"x" * 40 + b"\n", 384)
    assert page.lines[0].broken_by_printer and len(page.lines[0].text) == 32
    assert any("had to wrap" in p for p in page.problems)
    assert interpret(b"\x1b@\x1bZ\x00", 384).problems  # a command it does not know
