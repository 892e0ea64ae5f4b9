"""Every field check that needs no Qt, in the order IT reads them.

``loket doctor`` adds the Qt checks (printer, voice, sound, screens) in
``loket.ui.tools.doctor``; the diagnostics zip falls back to these alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

from loket import __version__
from loket.app.fieldcheck import city, storage
from loket.app.fieldcheck.findings import Finding, Status


def run_field_checks(data_dir: Path) -> list[Finding]:
    """Versions, the data folder, its disk, the database, the backups, the city server."""
    findings = [
        Finding(
            Status.INFO,
            "Versi",
            f"Loket {__version__}, Python {sys.version.split()[0]}, {sys.platform}.",
        ),
        storage.check_writable(data_dir),
        storage.check_free_space(data_dir),
        storage.check_fsync(data_dir),
    ]
    findings += storage.check_database(data_dir)
    findings.append(storage.check_backups(data_dir))
    findings += city.check_city_server(data_dir)
    return findings
