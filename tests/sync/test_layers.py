"""The sync needs the store only: no module under loket/sync imports loket.app.

So the city sync can be read, tested and changed without the desk's use cases; what
needs both (the live position's pusher, the message sender, the wizard's city services)
lives in app/ and calls down into sync. The scan reads every import statement, also
those inside functions.
"""

from __future__ import annotations

from pathlib import Path

import loket
from tests.client.test_layers import imported_modules

SYNC = Path(loket.__file__).parent / "sync"


def test_no_sync_module_imports_app() -> None:
    files = sorted(SYNC.rglob("*.py"))
    assert len(files) > 8, "the scan found almost no sync modules: wrong folder?"
    offenders = [
        f"{path.name}:{line}: {name}"
        for path in files
        for line, name in imported_modules(path)
        if name == "loket.app" or name.startswith("loket.app.")
    ]
    assert not offenders, "sync modules that import app:\n" + "\n".join(offenders)
