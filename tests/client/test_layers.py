"""No window touches the store: every module under loket/ui reaches the office through
``loket.client`` (or app/ use cases), never ``loket.store``, SQLAlchemy or sqlite3.

The scan reads the import statements themselves (also the ones inside functions and
under ``TYPE_CHECKING``), so a lazy import cannot slip past it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import loket

FORBIDDEN = ("loket.store", "sqlalchemy", "sqlite3")
UI = Path(loket.__file__).parent / "ui"


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against loket.ui
                base = "loket.ui" + (f".{base}" if base else "")
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def test_no_ui_module_imports_the_store_sqlalchemy_or_sqlite3() -> None:
    files = sorted(UI.rglob("*.py"))
    assert len(files) > 20, "the scan found almost no UI modules: wrong folder?"
    offenders = [
        f"{path.relative_to(UI.parent.parent)}:{line}: {name}"
        for path in files
        for line, name in imported_modules(path)
        if _forbidden(name)
    ]
    assert not offenders, "UI modules that reach the store directly:\n" + "\n".join(offenders)


def test_the_scan_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n    from loket.store.database import Database\n"
        "import sqlite3 as q\nfrom loket import store\n",
        encoding="utf-8",
    )
    assert {name for _, name in imported_modules(sample) if _forbidden(name)} == {
        "loket.store.database",
        "loket.store.database.Database",
        "sqlite3",
        "loket.store",
    }
