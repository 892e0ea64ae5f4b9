"""What start-up loads before it answers (issue 14): checked in a fresh interpreter.

``loket --version`` and ``--help`` load the parser and nothing else: no SQLAlchemy, no
Qt, not even the core's ticket rules. The operator panel's login window is built with
Qt alone: the store, SQLAlchemy, the reports, the simulation and the other windows are
not imported by the time it is shown (the office opens behind it, on a worker).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("sqlalchemy", "PySide6", "loket.store", "loket.app", "loket.core.tickets", "alembic")
BEHIND_THE_LOGIN = (
    "sqlalchemy",
    "loket.store",
    "loket.app.reports",
    "loket.app.simulate",
    "loket.ui.windows.kiosk",
    "loket.ui.windows.operator",
    "loket.ui.devices.printing",
)


def _loaded(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def test_version_and_help_load_only_the_parser() -> None:
    for flag in ("--version", "--help"):
        loaded = _loaded(
            "import contextlib, io, json, sys\n"
            "from loket.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
            f"    main([{flag!r}])\n"
            "print(json.dumps(sorted(sys.modules)))"
        )
        assert [m for m in loaded if m.startswith(HEAVY)] == [], flag


def test_the_login_window_is_built_without_the_store_or_the_other_windows() -> None:
    loaded = _loaded(
        "import json, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "import loket.cli.gui, loket.ui.app, loket.ui.startup\n"
        "from loket.ui.dialogs.login import LoginDialog\n"
        "login = LoginDialog(None, [], last_user='petugas1')\n"
        "login.show(); app.processEvents()\n"
        "assert not login.login_button.isEnabled()\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    assert [m for m in loaded if m.startswith(BEHIND_THE_LOGIN)] == []


def test_a_standalone_pc_loads_no_lan_code_before_the_login(tmp_path: object) -> None:
    """Without ``pc.json`` (a standalone PC) the hub's client waits until it is needed."""
    loaded = _loaded(
        "import json, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from loket.ui.startup import open_lan_session\n"
        f"assert open_lan_session(Path({str(tmp_path)!r})) is False\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    late = ("loket.client.connect", "loket.ui.session", "loket.ui.feed", "sqlalchemy")
    assert [m for m in loaded if m.startswith(late)] == []
