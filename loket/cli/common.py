"""What every command group shares: opening the office file, dates, numbers, secrets.

One place for each, so every command opens the database the same way and refuses a bad
date or number with the same Indonesian words. Nothing here imports SQLAlchemy or Qt at
module level: ``loket --version`` and ``loket --help`` must stay light.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loket.core.errors import InvalidInput

if TYPE_CHECKING:
    from loket.store.database import Database


def open_to_write(data_dir: Path, *, check: bool = True) -> Database:
    """For commands that write: a damaged file is refused before anything touches it.

    ``check=False`` is for the set-up commands, which have always opened the file as it
    is (a new office has nothing to check yet).
    """
    from loket.store.migrate import open_database

    return open_database(data_dir, check=check)


def open_to_read(data_dir: Path) -> Database:
    """For commands that only read: ``mode=ro``, so not one byte of the file changes."""
    from loket.store.migrate import open_database

    return open_database(data_dir, readonly=True)


def day(value: str) -> date:
    """An argparse type: a service day as YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"tanggal harus YYYY-MM-DD, bukan {value!r}") from exc


def aware(value: str) -> datetime:
    """An argparse type: an ISO 8601 time that names its zone."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"waktu harus ISO 8601, bukan {value!r}") from exc
    if parsed.tzinfo is None:
        raise argparse.ArgumentTypeError("sertakan zona waktu, mis. 2026-12-01T08:00+07:00")
    return parsed


def positive(value: str) -> int:
    """An argparse type: a whole number, zero or more."""
    try:
        number = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"harus bilangan bulat, bukan {value!r}") from exc
    if number < 0:
        raise argparse.ArgumentTypeError("tidak boleh negatif")
    return number


def read_secret(
    prompt: str, *, again: str | None = None, mismatch: str = "", empty: str = ""
) -> str:
    """A password from the terminal (asked twice when ``again`` is given) or one stdin line.

    Never from the command line, where ``ps`` and the shell history would show it.
    ``mismatch`` is the refusal when the two don't match; ``empty``, when stdin is given
    but empty (blank: an empty line is the password).
    """
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if again is not None and first != getpass.getpass(again):
            raise InvalidInput(mismatch)
        return first
    line = sys.stdin.readline()
    if not line and empty:
        raise InvalidInput(empty)
    return line.rstrip("\r\n")


def print_json(value: Any) -> None:
    """``--json`` output: UTF-8 as it is (names in Indonesian), indented for people too."""
    print(json.dumps(value, ensure_ascii=False, indent=2))
