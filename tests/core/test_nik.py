from __future__ import annotations

import pytest

from loket.core.errors import InvalidInput
from loket.core.nik import is_kelurahan, mask_nik, normalize_kode_wilayah, parse_nik


def test_valid_nik_and_female_birth_day() -> None:
    info = parse_nik("3273015708900001")  # day 57 = 17 + 40: a woman born 17-08-90
    assert info.female and info.birth_day == 17 and info.birth_month == 8
    assert info.district_code == "327301"
    assert not parse_nik("3273 0117 0890 0001").female  # spaces are tolerated


@pytest.mark.parametrize(
    "raw,message",
    [
        ("327301170890001", r"16 angka \(yang diisi 15"),
        ("32730117089000012", "16 angka"),
        ("3273011708900a01", "hanya boleh berisi angka"),
        ("3273013213900001", "Bulan lahir"),
        ("3273013202900001", "Tanggal lahir"),  # 32 Feb
        ("3273017202900001", "Tanggal lahir"),  # 72 - 40 = 32
        ("😀", "hanya boleh berisi angka"),
    ],
)
def test_invalid_nik_has_a_clear_message(raw: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_nik(raw)


def test_29_february_passes_because_the_century_is_unknown() -> None:
    assert parse_nik("3273012902000001").birth_day == 29


def test_mask_never_shows_birth_date() -> None:
    assert mask_nik("3273015708900001") == "3273********0001"


def test_kode_wilayah() -> None:
    assert normalize_kode_wilayah("3273011001") == "32.73.01.1001"
    assert is_kelurahan("32.73.01.1001") and not is_kelurahan("32.04.01.2001")
    for bad in ("327301100", "00.73.01.1001", "32.73.01.3001", "abc"):
        with pytest.raises(InvalidInput):
            normalize_kode_wilayah(bad)


def test_full_width_digits_are_normalised_to_ascii() -> None:
    """Issue 10 item 13: a NIK typed with a full-width keyboard layout (IME) is the NIK."""
    info = parse_nik("３２７３０１５７０８９０００01")
    assert info.nik == "3273015708900001" and info.nik.isascii()
    assert parse_nik("3273\u00a00157\u30000890\u20030001").nik == "3273015708900001"


@pytest.mark.parametrize(
    "raw",
    [
        "٣٢٧٣٠١٥٧٠٨٩٠٠٠٠١",  # Arabic-Indic: isdigit() says yes, the hash's ASCII says no
        "۳۲۷۳۰۱۵۷۰۸۹۰۰۰۰۱",  # Extended Arabic-Indic (Persian keyboards)
        "३२७३०१५७०८९००००१",  # Devanagari
        "3273015708900٠٠1",
    ],
)
def test_other_scripts_digits_are_refused_clearly(raw: str) -> None:
    assert raw.isdigit()  # what let them through before
    with pytest.raises(InvalidInput, match="hanya boleh berisi angka 0-9"):
        parse_nik(raw)


def test_kode_wilayah_takes_only_ascii_digits() -> None:
    assert normalize_kode_wilayah("３２.７３.０１.１００１") == "32.73.01.1001"
    with pytest.raises(InvalidInput):
        normalize_kode_wilayah("٣٢.٧٣.٠١.١٠٠١")
