"""The office's saved CSV style: ``id`` (``;``, decimal comma) or ``en`` (``,``, point).

Saved in the office database (``settings``), so the GUI's export and ``loket export``
on any PC of the office write the same CSV once someone chose; an explicit
``--csv-style`` still wins for one export. Without a saved choice the GUI follows its
language and the CLI writes the Indonesian style.
"""

from __future__ import annotations

from loket.app.reports.writers import CSV_STYLES
from loket.core.errors import InvalidInput
from loket.core.roles import Role
from loket.core.settings import CSV_STYLE
from loket.store.database import Database
from loket.store.settings import read_setting, write_setting


def saved_csv_style(db: Database) -> str | None:
    with db.read() as s:
        value = read_setting(s, CSV_STYLE)
    return value if value in CSV_STYLES else None


def save_csv_style(db: Database, style: str, *, role: Role | str | None = None) -> None:
    """Save the office's style (``role``: the person's, checked; None: the CLI)."""
    if style not in CSV_STYLES:
        raise InvalidInput(f"Gaya CSV {style!r} tidak dikenal: pilih id atau en.")
    with db.write() as s:
        write_setting(s, CSV_STYLE, style, role=role)


def csv_style(db: Database, explicit: str | None = None, fallback: str = "id") -> str:
    """The style of one export: the explicit one, else the saved one, else ``fallback``."""
    return explicit or saved_csv_style(db) or fallback
