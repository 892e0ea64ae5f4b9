"""The one place that says where Loket keeps its files.

Order: an explicit ``--data-dir``, then ``LOKET_DATA_DIR``, then the per-user data
folder of the OS (platformdirs: %LOCALAPPDATA%\\Loket on Windows,
~/.local/share/loket on Linux). The demo office lives in a folder of its own so trying
the app never touches a real register.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "loket"
ENV_DATA_DIR = "LOKET_DATA_DIR"
DB_FILENAME = "loket.db"
ENV_KEY_DIR = "LOKET_KEY_DIR"
#: A folder of its own (not inside the data folder on any OS), so neither a backup nor a
#: copy of the data folder carries the NIK key.
KEY_APP_NAME = "loket-keys"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None, *, demo: bool = False) -> Path:
    if explicit:
        base = Path(explicit).expanduser()
    elif os.environ.get(ENV_DATA_DIR):
        base = Path(os.environ[ENV_DATA_DIR]).expanduser()
    else:
        base = default_data_dir()
    return base / "demo" if demo else base


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def logs_dir(data_dir: Path) -> Path:
    return data_dir / "logs"


def key_dir() -> Path:
    """Where the NIK keys live: ``LOKET_KEY_DIR``, else the per-user (roaming) config
    folder ``loket-keys``, apart from the data folder and its backups."""
    env = os.environ.get(ENV_KEY_DIR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(KEY_APP_NAME, appauthor=False, roaming=True))
