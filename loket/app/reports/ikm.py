"""The IKM report (PermenPANRB 14/2017): the index, each element, the weakest, the
respondents' profile, the suggestions, and the supervisor's analysis and plan.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from loket.app.feedback import skm_profile_in, skm_suggestions_in
from loket.app.ikm_plan import IkmFollowUp, ikm_follow_up_in
from loket.app.letterhead import letterhead_in
from loket.app.office import load_office
from loket.app.period_stats import stats_in
from loket.app.reports.common import local_now
from loket.app.reports.model import (
    Chart,
    Column,
    Kind,
    Report,
    Table,
)
from loket.app.reports.tables import (
    rating_table,
)
from loket.core.days import service_day, utc_now
from loket.core.periods import Period
from loket.core.skm import PROFILE_FIELDS, SkmResult
from loket.store.database import Database

# -- the IKM report -----------------------------------------------------------------------------


def ikm_tables(skm: SkmResult) -> list[Table]:
    has = skm.respondents > 0
    rows = [
        (
            i,
            e.element.code,
            e.element.name,
            e.total,
            round(float(e.nrr), 4) if has else None,
            round(float(e.weighted), 4) if has else None,
            float(e.index) if has else None,
            e.band.letter if has else "",
        )
        for i, e in enumerate(skm.elements, start=1)
    ]
    columns = (
        Column("No", Kind.INT, 0.4),
        Column("Kode", Kind.TEXT, 0.5),
        Column("Unsur pelayanan", Kind.TEXT, 3.2),
        Column("Jumlah nilai", Kind.INT),
        Column("NRR", Kind.NUMBER),
        Column("NRR tertimbang", Kind.NUMBER),
        Column("IKM unsur", Kind.NUMBER),
        Column("Mutu", Kind.TEXT, 0.5),
    )
    per_element = Table(
        "IKM per unsur",
        "Nilai per unsur pelayanan",
        columns,
        rows,
        note="NRR = jumlah nilai ÷ jumlah responden; NRR tertimbang = NRR × 1/9; "
        "IKM unsur = NRR × 25.",
    )
    band = skm.band
    total_rows: list[tuple[Any, ...]] = [
        ("Jumlah responden", skm.respondents),
        (
            "Jumlah NRR tertimbang",
            round(float(sum(e.weighted for e in skm.elements)), 4) if has else None,
        ),
        ("IKM unit pelayanan", float(skm.ikm) if skm.ikm is not None else None),
        ("Mutu pelayanan", band.letter if band else "–"),
        ("Kinerja unit pelayanan", band.name if band else "Belum ada responden"),
    ]
    summary = Table(
        "IKM",
        "Indeks Kepuasan Masyarakat",
        (Column("Uraian", Kind.TEXT, 3), Column("Nilai", Kind.NUMBER, 2)),
        total_rows,
        note="IKM = (Σ NRR × 1/9) × 25. Mutu: A 88,31–100 Sangat Baik · "
        "B 76,61–88,30 Baik · C 65,00–76,60 Kurang Baik · D 25,00–64,99 Tidak Baik.",
    )
    return [summary, per_element]


def weakest_table(skm: SkmResult, count: int = 3) -> Table:
    """The elements to improve first: the lowest NRR (ties kept), as the report names them."""
    rows: list[tuple[Any, ...]] = []
    if skm.respondents:
        ranked = sorted(skm.elements, key=lambda e: (e.nrr, e.element.code))
        cutoff = ranked[min(count, len(ranked)) - 1].nrr
        for rank, e in enumerate((e for e in ranked if e.nrr <= cutoff), start=1):
            rows.append(
                (
                    rank,
                    e.element.code,
                    e.element.name,
                    round(float(e.nrr), 4),
                    float(e.index),
                    e.band.letter,
                )
            )
    columns = (
        Column("Urutan", Kind.INT, 0.5),
        Column("Kode", Kind.TEXT, 0.5),
        Column("Unsur pelayanan", Kind.TEXT, 3.2),
        Column("NRR", Kind.NUMBER),
        Column("IKM unsur", Kind.NUMBER),
        Column("Mutu", Kind.TEXT, 0.5),
    )
    return Table(
        "Unsur terlemah",
        "Unsur dengan nilai terendah (prioritas perbaikan)",
        columns,
        rows,
        note="Tiga unsur dengan NRR terendah; nilai yang sama ikut ditampilkan.",
    )


def _profile_table(profile: dict[str, dict[str | None, int]], respondents: int) -> Table:
    rows: list[tuple[Any, ...]] = []
    for field_name, (label, options) in PROFILE_FIELDS.items():
        counts = profile.get(field_name, {})
        for code, name in options.items():
            n = counts.get(code, 0)
            rows.append((label, name, n, round(n / respondents, 4) if respondents else None))
        empty = counts.get(None, 0)
        if empty:
            rows.append(
                (
                    label,
                    "Tidak diisi",
                    empty,
                    round(empty / respondents, 4) if respondents else None,
                )
            )
    columns = (
        Column("Karakteristik", Kind.TEXT, 1.3),
        Column("Kategori", Kind.TEXT, 2),
        Column("Jumlah", Kind.INT),
        Column("Persen (%)", Kind.SHARE),
    )
    return Table("Profil responden", "Profil responden", columns, rows)


def ikm_report(db: Database, period: Period, *, now: datetime | None = None) -> Report:
    """The IKM per period as offices publish it: per-element NRR, the index, its band.

    Everything it shows is read in one snapshot.
    """
    with db.read() as s:
        office = load_office(s)
        st = stats_in(s, period, as_of=service_day(now or utc_now(), office.tz))
        profile = skm_profile_in(s, period)
        notes = skm_suggestions_in(s, period)
        letterhead = letterhead_in(s)
        sections = _ikm_sections(ikm_follow_up_in(s, period))
    skm = st.skm
    assert skm is not None
    tables = ikm_tables(skm)
    tables.append(weakest_table(skm))
    tables.append(_profile_table(profile, skm.respondents))
    tables.append(rating_table(st))
    if notes:
        tables.append(
            Table(
                "Saran",
                "Saran dan masukan",
                (Column("Tanggal", Kind.DATE, 1), Column("Saran", Kind.TEXT, 6)),
                [(d, n) for d, n in notes],
            )
        )
    chart = Chart(
        "ikm-unsur",
        "NRR per unsur (1–4)",
        [e.element.code for e in skm.elements],
        [("NRR", [round(float(e.nrr), 3) for e in skm.elements])],
        "NRR",
        max_value=4.0,
    )
    return Report(
        "ikm",
        "Laporan Indeks Kepuasan Masyarakat (IKM)",
        office,
        period,
        local_now(office, now),
        tables,
        [chart] if skm.respondents else [],
        letterhead=letterhead,
        sections=sections,
    )


def _ikm_sections(saved: IkmFollowUp) -> list[tuple[str, str]]:
    empty = "(belum diisi: Kasi Pelayanan mengisinya di Dasbor → Analisis IKM)"
    return [
        ("Analisis hasil survei", saved.analysis or empty),
        ("Rencana tindak lanjut", saved.plan or empty),
    ]
