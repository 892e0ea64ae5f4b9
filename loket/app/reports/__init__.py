"""The reports: ``model`` (typed tables and charts), ``tables`` (the daily report's tables
and charts), ``builders`` (daily report, register, ``build_report``), ``ikm`` (the IKM
report), ``common`` (the office, letterhead and time every report's head shows) and
``writers`` (XLSX and CSV; the PDF is drawn by ``loket.ui.devices.report_print``).
"""
