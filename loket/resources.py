"""The one place that finds files shipped with Loket: a checkout, a wheel or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parent.parent


def migrations_dir() -> Path:
    """The desk database's Alembic scripts."""
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller one-folder app
    candidates = [Path(bundle) / "migrations"] if bundle else []
    candidates.append(_REPO_ROOT / "migrations")
    for candidate in candidates:
        if (candidate / "env.py").is_file():
            return candidate
    # An installed wheel carries migrations/ as the package loket._migrations.
    from importlib import resources  # here: every GUI start imports this module

    return Path(str(resources.files("loket._migrations")))


def resource_path(*parts: str) -> Path:
    """A file under resources/ (icons, sounds, translations, styles)."""
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) / "resources" if bundle else _REPO_ROOT / "resources"
    return base.joinpath(*parts)
