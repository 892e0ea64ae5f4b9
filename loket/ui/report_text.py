"""The dashboard's report texts in the person's language: column titles, charts.

Why here: the figures' tables and charts are built below the UI (``app/reports``), in
Indonesian, because the printed reports a Lurah signs are Indonesian documents. On
screen the dashboard speaks the operator's language: each fixed text is marked here for
the translation tool (which cannot see text passed through a variable) and translated
when shown. A text not listed (a service's name, an hour) is shown as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "ReportText"

# Column titles of the figures' tables, then the charts' titles, series and axes.
TEXTS = frozenset(
    {
        QT_TRANSLATE_NOOP("ReportText", "Ambil nomor"),
        QT_TRANSLATE_NOOP("ReportText", "Antrian"),
        QT_TRANSLATE_NOOP("ReportText", "Batal"),
        QT_TRANSLATE_NOOP("ReportText", "Dialihkan"),
        QT_TRANSLATE_NOOP("ReportText", "Dipanggil"),
        QT_TRANSLATE_NOOP("ReportText", "Diserahkan"),
        QT_TRANSLATE_NOOP("ReportText", "Ditangani"),
        QT_TRANSLATE_NOOP("ReportText", "Hasil"),
        QT_TRANSLATE_NOOP("ReportText", "IKM unsur"),
        QT_TRANSLATE_NOOP("ReportText", "Jam bertugas"),
        QT_TRANSLATE_NOOP("ReportText", "Jeda antar warga rata-rata (menit)"),
        QT_TRANSLATE_NOOP("ReportText", "Jumlah"),
        QT_TRANSLATE_NOOP("ReportText", "Jumlah nilai"),
        QT_TRANSLATE_NOOP("ReportText", "Karakteristik"),
        QT_TRANSLATE_NOOP("ReportText", "Kategori"),
        QT_TRANSLATE_NOOP("ReportText", "Keterangan"),
        QT_TRANSLATE_NOOP("ReportText", "Kode"),
        QT_TRANSLATE_NOOP("ReportText", "Layanan"),
        QT_TRANSLATE_NOOP("ReportText", "Layanan (menit)"),
        QT_TRANSLATE_NOOP("ReportText", "Layanan median (menit)"),
        QT_TRANSLATE_NOOP("ReportText", "Layanan p90 (menit)"),
        QT_TRANSLATE_NOOP("ReportText", "Layanan rata-rata (menit)"),
        QT_TRANSLATE_NOOP("ReportText", "Loket"),
        QT_TRANSLATE_NOOP("ReportText", "Menuju loket median (menit)"),
        QT_TRANSLATE_NOOP("ReportText", "Mulai"),
        QT_TRANSLATE_NOOP("ReportText", "Mutu"),
        QT_TRANSLATE_NOOP("ReportText", "NRR"),
        QT_TRANSLATE_NOOP("ReportText", "NRR tertimbang"),
        QT_TRANSLATE_NOOP("ReportText", "Nama"),
        QT_TRANSLATE_NOOP("ReportText", "Nama warga"),
        QT_TRANSLATE_NOOP("ReportText", "Nilai"),
        QT_TRANSLATE_NOOP("ReportText", "No"),
        QT_TRANSLATE_NOOP("ReportText", "Nomor"),
        QT_TRANSLATE_NOOP("ReportText", "Penilaian"),
        QT_TRANSLATE_NOOP("ReportText", "Persen (%)"),
        QT_TRANSLATE_NOOP("ReportText", "Petugas"),
        QT_TRANSLATE_NOOP("ReportText", "Prioritas"),
        QT_TRANSLATE_NOOP("ReportText", "Saran"),
        QT_TRANSLATE_NOOP("ReportText", "Selesai"),
        QT_TRANSLATE_NOOP("ReportText", "Selesai per jam"),
        QT_TRANSLATE_NOOP("ReportText", "Sesuai standar (%)"),
        QT_TRANSLATE_NOOP("ReportText", "Standar (menit)"),
        QT_TRANSLATE_NOOP("ReportText", "Status"),
        QT_TRANSLATE_NOOP("ReportText", "Tanggal"),
        QT_TRANSLATE_NOOP("ReportText", "Tanggal jadi"),
        QT_TRANSLATE_NOOP("ReportText", "Tanggal layanan"),
        QT_TRANSLATE_NOOP("ReportText", "Tidak hadir"),
        QT_TRANSLATE_NOOP("ReportText", "Tunggu (menit)"),
        QT_TRANSLATE_NOOP("ReportText", "Tunggu median (menit)"),
        QT_TRANSLATE_NOOP("ReportText", "Tunggu p90 (menit)"),
        QT_TRANSLATE_NOOP("ReportText", "Tunggu rata-rata (menit)"),
        QT_TRANSLATE_NOOP("ReportText", "Unsur pelayanan"),
        QT_TRANSLATE_NOOP("ReportText", "Urutan"),
        QT_TRANSLATE_NOOP("ReportText", "Wajah"),
        QT_TRANSLATE_NOOP("ReportText", "Waktu luang (jam)"),
        QT_TRANSLATE_NOOP("ReportText", "Kedatangan dan selesai per jam"),
        QT_TRANSLATE_NOOP("ReportText", "Volume per layanan"),
        QT_TRANSLATE_NOOP("ReportText", "Waktu tunggu per layanan (menit)"),
        QT_TRANSLATE_NOOP("ReportText", "Sebaran waktu tunggu (menit)"),
        QT_TRANSLATE_NOOP("ReportText", "NRR per unsur (1–4)"),
        QT_TRANSLATE_NOOP("ReportText", "Datang"),
        QT_TRANSLATE_NOOP("ReportText", "Median"),
        QT_TRANSLATE_NOOP("ReportText", "p90"),
        QT_TRANSLATE_NOOP("ReportText", "Menit"),
    }
)


def report_tr(text: str) -> str:
    """``text`` in the interface's language when it is one of ``TEXTS``, else as it is."""
    return QCoreApplication.translate(CONTEXT, text) if text in TEXTS else text
