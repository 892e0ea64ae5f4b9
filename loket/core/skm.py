"""Citizen satisfaction: the SKM index (PermenPANRB 14/2017) and the one-tap rating.

The index is computed in exact fractions and rounded once, half up, to the two decimals
the published bands use: a float sum of nine NRRs times 0.111 can land an office on the
wrong side of 88.31, and offices are compared on that line. The weight is exactly 1/9.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from loket.core.errors import InvalidInput


@dataclass(frozen=True)
class Element:
    """One of the nine SKM elements (unsur) and the wording of its four answers."""

    code: str
    name: str
    answers: tuple[str, str, str, str]  # score 1..4


ELEMENTS: tuple[Element, ...] = (
    Element("U1", "Persyaratan", ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Element(
        "U2",
        "Sistem, mekanisme dan prosedur",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    Element("U3", "Waktu penyelesaian", ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    Element("U4", "Biaya/tarif", ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    Element(
        "U5",
        "Produk spesifikasi jenis pelayanan",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Element(
        "U6",
        "Kompetensi pelaksana",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    Element(
        "U7",
        "Perilaku pelaksana",
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
    ),
    Element("U8", "Sarana dan prasarana", ("Buruk", "Cukup", "Baik", "Sangat baik")),
    Element(
        "U9",
        "Penanganan pengaduan, saran dan masukan",
        (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
    ),
)

ELEMENT_COUNT = len(ELEMENTS)
#: The weight of each element: exactly one ninth (not 0.111).
WEIGHT = Fraction(1, ELEMENT_COUNT)

#: Optional respondent profile: stored codes and their printed names. No name, no NIK.
AGE_BANDS = {
    "<20": "Di bawah 20 tahun",
    "20-29": "20–29 tahun",
    "30-39": "30–39 tahun",
    "40-49": "40–49 tahun",
    "50-59": "50–59 tahun",
    "60+": "60 tahun ke atas",
}
SEXES = {"L": "Laki-laki", "P": "Perempuan"}
EDUCATION = {
    "sd": "SD ke bawah",
    "smp": "SMP",
    "sma": "SMA/SMK",
    "diploma": "D1–D3",
    "s1": "D4/S1",
    "s2": "S2 ke atas",
}
OCCUPATIONS = {
    "pns": "PNS/TNI/Polri",
    "swasta": "Pegawai swasta",
    "wiraswasta": "Wiraswasta/usaha",
    "pelajar": "Pelajar/mahasiswa",
    "irt": "Ibu rumah tangga",
    "lainnya": "Lainnya",
}
PROFILE_FIELDS: dict[str, tuple[str, dict[str, str]]] = {
    "sex": ("Jenis kelamin", SEXES),
    "age_band": ("Umur", AGE_BANDS),
    "education": ("Pendidikan", EDUCATION),
    "occupation": ("Pekerjaan", OCCUPATIONS),
}


@dataclass(frozen=True)
class Band:
    letter: str  # mutu pelayanan
    name: str  # kinerja unit pelayanan
    low: Decimal  # inclusive, on the index rounded to two decimals


#: PermenPANRB 14/2017 bands of the converted index (25–100), best first.
BANDS: tuple[Band, ...] = (
    Band("A", "Sangat Baik", Decimal("88.31")),
    Band("B", "Baik", Decimal("76.61")),
    Band("C", "Kurang Baik", Decimal("65.00")),
    Band("D", "Tidak Baik", Decimal("25.00")),
)

TWO_PLACES = Decimal("0.01")


def round2(value: Fraction) -> Decimal:
    """Half up to two decimals, from the exact value (no float on the way)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def band_of(index: Decimal) -> Band:
    """The band of an index already rounded to two decimals (25.00–100.00)."""
    for band in BANDS:
        if index >= band.low:
            return band
    return BANDS[-1]


@dataclass(frozen=True)
class SkmAnswers:
    """One questionnaire: the nine scores, in element order."""

    scores: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.scores) != ELEMENT_COUNT:
            raise InvalidInput(f"Kuesioner SKM harus berisi {ELEMENT_COUNT} unsur.")
        for element, score in zip(ELEMENTS, self.scores, strict=True):
            if not isinstance(score, int) or not 1 <= score <= 4:
                raise InvalidInput(
                    f"Nilai unsur {element.code} ({element.name}) harus 1–4.", element=element.code
                )


@dataclass(frozen=True)
class Profile:
    """The optional respondent profile; every field may be left empty."""

    age_band: str | None = None
    sex: str | None = None
    education: str | None = None
    occupation: str | None = None

    def __post_init__(self) -> None:
        for field_name, (label, options) in PROFILE_FIELDS.items():
            value = getattr(self, field_name)
            if value is not None and value not in options:
                raise InvalidInput(f"Pilihan {label} tidak dikenal: {value!r}.", field=field_name)


@dataclass(frozen=True)
class ElementResult:
    element: Element
    total: int  # sum of the scores
    nrr: Fraction  # total / respondents

    @property
    def weighted(self) -> Fraction:
        """NRR tertimbang: NRR × 1/9."""
        return self.nrr * WEIGHT

    @property
    def index(self) -> Decimal:
        """The element on the 25–100 scale (NRR × 25), for the per-element band."""
        return round2(self.nrr * 25)

    @property
    def band(self) -> Band:
        return band_of(self.index)


@dataclass(frozen=True)
class SkmResult:
    """IKM of a period: per-element NRR, the index and its band."""

    respondents: int
    elements: tuple[ElementResult, ...]
    exact: Fraction | None  # (Σ NRR × 1/9) × 25, None without respondents

    @property
    def ikm(self) -> Decimal | None:
        return None if self.exact is None else round2(self.exact)

    @property
    def band(self) -> Band | None:
        value = self.ikm
        return None if value is None else band_of(value)

    def to_json(self) -> dict[str, Any]:
        band = self.band
        return {
            "respondents": self.respondents,
            "ikm": float(self.ikm) if self.ikm is not None else None,
            "band": band.letter if band else None,
            "band_name": band.name if band else None,
            "elements": [
                {
                    "code": e.element.code,
                    "name": e.element.name,
                    "total": e.total,
                    "nrr": round(float(e.nrr), 4) if self.respondents else None,
                    "weighted_nrr": round(float(e.weighted), 4) if self.respondents else None,
                    "index": float(e.index) if self.respondents else None,
                    "band": e.band.letter if self.respondents else None,
                }
                for e in self.elements
            ],
        }


def ikm(totals: Sequence[int], respondents: int) -> SkmResult:
    """The index from each element's score total and the number of respondents.

    NRR per element = total / respondents; IKM = (Σ NRR × 1/9) × 25.
    """
    if len(totals) != ELEMENT_COUNT:
        raise ValueError(f"need {ELEMENT_COUNT} element totals")
    if respondents < 0:
        raise ValueError("respondents must be >= 0")
    if respondents == 0:
        empty = tuple(ElementResult(e, 0, Fraction(0)) for e in ELEMENTS)
        return SkmResult(0, empty, None)
    for total in totals:
        if not respondents <= total <= 4 * respondents:
            raise ValueError("an element total is outside 1..4 per respondent")
    results = tuple(
        ElementResult(e, int(t), Fraction(int(t), respondents))
        for e, t in zip(ELEMENTS, totals, strict=True)
    )
    exact = sum((r.nrr * WEIGHT for r in results), Fraction(0)) * 25
    return SkmResult(respondents, results, exact)


def ikm_of(answers: Sequence[SkmAnswers]) -> SkmResult:
    """The index of a list of questionnaires (tests and small sets; the app sums in SQL)."""
    totals = [sum(a.scores[i] for a in answers) for i in range(ELEMENT_COUNT)]
    return ikm(totals, len(answers))


# -- the one-tap rating ------------------------------------------------------------------

FACES = {1: "Sangat tidak puas", 2: "Tidak puas", 3: "Puas", 4: "Sangat puas"}


def check_rating(score: int) -> int:
    if not isinstance(score, int) or score not in FACES:
        raise InvalidInput("Penilaian harus 1–4.", score=score)
    return score


@dataclass(frozen=True)
class RatingSummary:
    """The faces tapped in a period: how many of each, their mean, the share satisfied."""

    counts: tuple[int, int, int, int]  # taps of face 1..4
    served: int = 0  # finished services in the period, to show how many rated

    @classmethod
    def of(cls, by_score: Mapping[int, int], served: int = 0) -> RatingSummary:
        counts = tuple(int(by_score.get(s, 0)) for s in (1, 2, 3, 4))
        return cls((counts[0], counts[1], counts[2], counts[3]), served)

    @property
    def count(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        if not self.count:
            return None
        return round(
            sum(s * n for s, n in zip((1, 2, 3, 4), self.counts, strict=True)) / self.count, 2
        )

    @property
    def satisfied_share(self) -> float | None:
        """Share of taps on "puas" or "sangat puas" (faces 3 and 4)."""
        if not self.count:
            return None
        return round((self.counts[2] + self.counts[3]) / self.count, 4)

    @property
    def response_rate(self) -> float | None:
        if not self.served:
            return None
        return round(self.count / self.served, 4)

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "by_score": {str(s): n for s, n in zip((1, 2, 3, 4), self.counts, strict=True)},
            "mean": self.mean,
            "satisfied_share": self.satisfied_share,
            "response_rate": self.response_rate,
        }
