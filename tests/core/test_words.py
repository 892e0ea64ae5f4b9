from __future__ import annotations

import pytest

from loket.core.words import call_announcement, number_words, prefix_words


@pytest.mark.parametrize(
    "n,words",
    [
        (0, "nol"), (1, "satu"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"),
        (19, "sembilan belas"), (20, "dua puluh"), (23, "dua puluh tiga"),
        (99, "sembilan puluh sembilan"), (100, "seratus"), (101, "seratus satu"),
        (111, "seratus sebelas"), (200, "dua ratus"), (345, "tiga ratus empat puluh lima"),
        (1000, "seribu"), (1100, "seribu seratus"),
        (1999, "seribu sembilan ratus sembilan puluh sembilan"),
        (2000, "dua ribu"), (12_345, "dua belas ribu tiga ratus empat puluh lima"),
        (100_000, "seratus ribu"),
    ],
)  # fmt: skip
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words


def test_number_words_range() -> None:
    with pytest.raises(ValueError):
        number_words(-1)


def test_announcement_reads_letter_names_and_counter() -> None:
    assert call_announcement("A", 12, 2) == ("Nomor antrian A dua belas, silakan menuju loket dua.")
    assert call_announcement("B", 7, 10).startswith("Nomor antrian Be tujuh")
    assert prefix_words("CK") == "ce ka"
