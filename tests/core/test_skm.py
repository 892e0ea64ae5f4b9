"""SKM/IKM with worked numbers, computed by hand in the comments."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from loket.core.errors import InvalidInput
from loket.core.skm import (
    ELEMENTS,
    Profile,
    RatingSummary,
    SkmAnswers,
    band_of,
    check_rating,
    ikm,
    ikm_of,
    round2,
)

# Four respondents, nine elements (U1..U9):
WORKED = [
    (4, 4, 3, 3, 4, 3, 4, 3, 2),
    (3, 3, 3, 4, 3, 3, 3, 3, 3),
    (4, 3, 2, 4, 3, 4, 4, 3, 2),
    (3, 3, 3, 4, 4, 3, 4, 2, 3),
]


def test_the_worked_example_by_hand() -> None:
    result = ikm_of([SkmAnswers(r) for r in WORKED])
    # Totals per element: 14 13 11 15 14 13 15 11 10
    assert [e.total for e in result.elements] == [14, 13, 11, 15, 14, 13, 15, 11, 10]
    # NRR = total / 4: 3.50 3.25 2.75 3.75 3.50 3.25 3.75 2.75 2.50 (sum 29)
    assert [float(e.nrr) for e in result.elements] == [
        3.5, 3.25, 2.75, 3.75, 3.5, 3.25, 3.75, 2.75, 2.5,
    ]  # fmt: skip
    # IKM = (29 × 1/9) × 25 = 80.5555... -> 80.56, band B "Baik"
    assert result.exact == Fraction(725, 9)
    assert result.ikm == Decimal("80.56")
    assert result.band is not None and (result.band.letter, result.band.name) == ("B", "Baik")
    # The weighted NRR of U1 is 3.5 / 9; U9 on its own (2.5 × 25 = 62.50) is band D.
    assert result.elements[0].weighted == Fraction(7, 18)
    assert result.elements[8].index == Decimal("62.50")
    assert result.elements[8].band.letter == "D"
    assert result.respondents == 4
    js = result.to_json()
    assert js["ikm"] == 80.56 and js["band"] == "B" and js["elements"][0]["nrr"] == 3.5


def test_exactly_one_ninth_not_0_111() -> None:
    # Ten respondents whose totals add up to 318: Σ NRR = 31.8.
    # Exact: 31.8 × 25 / 9 = 88.333... -> A. With 0.111: 31.8 × 0.111 × 25 = 88.245 -> B.
    result = ikm([36, 36, 36, 36, 36, 36, 34, 34, 34], 10)
    assert result.ikm == Decimal("88.33")
    assert result.band is not None and result.band.letter == "A"
    assert round(31.8 * 0.111 * 25, 2) < 88.31  # what the shortcut would have said


@pytest.mark.parametrize(
    ("value", "letter", "name"),
    [
        ("100.00", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.30", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("25.00", "D", "Tidak Baik"),
    ],
)
def test_bands_at_their_edges(value: str, letter: str, name: str) -> None:
    band = band_of(Decimal(value))
    assert (band.letter, band.name) == (letter, name)


def test_rounding_is_half_up_from_the_exact_value() -> None:
    assert round2(Fraction(88305, 1000)) == Decimal("88.31")  # half up, not to even
    assert round2(Fraction(76605, 1000)) == Decimal("76.61")
    assert band_of(round2(Fraction(88305, 1000))).letter == "A"


def test_no_respondents_gives_no_index() -> None:
    result = ikm([0] * 9, 0)
    assert result.ikm is None and result.band is None
    assert result.to_json()["ikm"] is None


def test_questionnaires_are_checked() -> None:
    with pytest.raises(InvalidInput, match="9 unsur"):
        SkmAnswers((4, 4, 4))
    with pytest.raises(InvalidInput, match="U3"):
        SkmAnswers((4, 4, 5, 4, 4, 4, 4, 4, 4))
    with pytest.raises(InvalidInput):
        Profile(sex="X")
    with pytest.raises(ValueError):
        ikm([50] + [10] * 8, 10)  # more than 4 per respondent
    assert len(ELEMENTS) == 9 and ELEMENTS[8].name.startswith("Penanganan pengaduan")


def test_one_tap_rating_summary() -> None:
    summary = RatingSummary.of({1: 1, 3: 2, 4: 1}, served=8)
    # (1 + 3 + 3 + 4) / 4 = 2.75; satisfied (3 or 4): 3 of 4; rated 4 of 8 served
    assert (summary.count, summary.mean, summary.satisfied_share) == (4, 2.75, 0.75)
    assert summary.response_rate == 0.5
    assert RatingSummary.of({}).mean is None
    assert check_rating(4) == 4
    with pytest.raises(InvalidInput):
        check_rating(5)
