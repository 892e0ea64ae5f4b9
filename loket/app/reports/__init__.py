"""The reports: ``model`` (typed tables and charts), ``tables`` (the daily report's
tables and charts), ``builders`` (daily report, register, IKM report from the database)
and ``writers`` (XLSX and CSV; the PDF is drawn by ``loket.ui.devices.report_print``).
"""
