"""The desk's log file, and the diagnostics bundle the city's help desk asks for.

When a PC misbehaves in a kelurahan, nobody there can read a traceback on a screen that
is already gone. So every run appends to a rotating file in the data folder
(``logs/loket.log``, 1 MB × 5: a few weeks of a busy desk, never a full disk), and
``export_diagnostics`` packs those logs with the doctor's report and the schema
version into one zip an operator can e-mail.

Whatever goes to that file or that zip passes through ``redact``: device tokens,
passwords and PINs, NIKs and phone numbers never leave the PC, even when a message or an
exception text happens to carry one. The database, the NIK key and the backups are never
put in the zip.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import re
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from loket import __version__
from loket.paths import backups_dir, database_path, logs_dir

LOG_NAME = "loket.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
LOG_FORMAT = "%(asctime)s %(levelname)-7s %(process)d %(name)s: %(message)s"

_SECRET = "[RAHASIA]"
_SECRET_KEYS = (
    r"(?:access_|refresh_|device_)?token|password|passwd|pwd|pin|secret|sandi|kata_sandi"
    r"|authorization|api[_-]?key|enroll(?:ment)?_code|nik"
)
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # A NIK: 16 digits standing alone (also written in groups of four)
    (re.compile(r"(?<![\d.])\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}(?![\d.])"), "[NIK]"),
    # Indonesian mobile numbers: 08xx, +628xx, 628xx with 7-12 more digits
    (re.compile(r"(?<![\d.])(?:\+62|62|0)8\d{1,3}[ -]?\d{3,4}[ -]?\d{3,5}(?![\d.])"), "[TELEPON]"),
    # "Authorization: Bearer abc", "bearer abc"
    (re.compile(r"(?i)\b(bearer|basic)\s+(?!\[)[A-Za-z0-9._~+/=-]+"), r"\1 " + _SECRET),
    # user:password@host in a URL
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]+):[^/\s@]+@"), r"\1:" + _SECRET + "@"),
    # token=abc, "password": "abc", pin: 1234 (the value up to a separator or quote)
    (
        re.compile(
            rf"(?i)\b({_SECRET_KEYS})(\"?'?\s*[:=]\s*\"?'?)"
            r"(?!\[|(?:bearer|basic)\s)[^\s\"',;&)}\]]+"
        ),
        r"\1\2" + _SECRET,
    ),
]


#: Secrets this process holds (the PC's hub token, an operator's session): hidden
#: wherever they appear, even with no ``token=`` in front (a URL, a library's debug line).
_KNOWN_SECRETS: set[str] = set()
_MIN_SECRET = 16  # a short value would blank out ordinary words


def register_secret(value: str | None) -> None:
    """Never let ``value`` reach a log line or the diagnostics zip (see ``redact``)."""
    if value and len(value) >= _MIN_SECRET:
        _KNOWN_SECRETS.add(value)


def _pc_token(data_dir: Path) -> str | None:
    """The token in ``<data>/pc.json`` of a paired PC (read as text: no LAN imports)."""
    try:
        raw = json.loads((data_dir / "pc.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    token = raw.get("token") if isinstance(raw, dict) else None
    return token if isinstance(token, str) else None


def redact(text: str) -> str:
    """``text`` without secrets or personal data, and with the home folder as ``~``.

    The home folder goes because on Windows it carries the person's account name.
    """
    for secret in list(_KNOWN_SECRETS):
        text = text.replace(secret, _SECRET)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    home = str(Path.home())
    if len(home) > 1:
        text = text.replace(home, "~")
    return text


class RedactingFormatter(logging.Formatter):
    """Redacts the whole formatted record, traceback included, at the last moment."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class _LoketFileHandler(logging.handlers.RotatingFileHandler):
    """Marks the handler this module installed, so a second set-up replaces it."""


def log_path(data_dir: Path) -> Path:
    return logs_dir(data_dir) / LOG_NAME


def setup_logging(data_dir: Path, *, level: int = logging.INFO) -> Path | None:
    """Send the root logger to ``DATA/logs/loket.log``; None if the folder is not writable.

    Safe to call again (another data dir, a test): the previous Loket handler is
    replaced, other handlers are left alone. Never raises: a desk that cannot log must
    still serve citizens, and ``loket doctor`` reports the unwritable folder.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _LoketFileHandler)]:
        root.removeHandler(handler)
        handler.close()
    path = log_path(data_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _LoketFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(RedactingFormatter(LOG_FORMAT))
    handler.setLevel(level)
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    logging.captureWarnings(True)
    _log_uncaught_exceptions()
    logging.getLogger("loket").info(
        "loket %s started (%s, Python %s)", __version__, _system(), sys.version.split()[0]
    )
    return path


def _system() -> str:
    """The OS in a few words, without ``platform.platform()``.

    Why: that one reads the Python executable to find the C library's version, ~30 ms
    of every GUI start before its first window (issue 14); the diagnostics bundle still
    has the full string.
    """
    if sys.platform == "win32":
        version = sys.getwindowsversion()
        return f"Windows {version.major}.{version.minor}.{version.build}"
    uname = os.uname()
    return f"{uname.sysname} {uname.release} {uname.machine}"


def teardown_logging() -> None:
    """Undo ``setup_logging``: its handler, warnings capture and crash hook (tests, exit)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _LoketFileHandler)]:
        root.removeHandler(handler)
        handler.close()
    logging.captureWarnings(False)
    previous = getattr(sys.excepthook, "_loket_previous", None)
    if previous is not None:
        sys.excepthook = previous


def _log_uncaught_exceptions() -> None:
    """A crash goes to the log file before Python prints it (a GUI has no console)."""
    previous = sys.excepthook
    if getattr(previous, "_loket", False):
        return

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            logging.getLogger("loket").critical("uncaught exception", exc_info=(kind, exc, tb))
        previous(kind, exc, tb)

    hook._loket = True  # type: ignore[attr-defined]
    hook._loket_previous = previous  # type: ignore[attr-defined]
    sys.excepthook = hook


# -- diagnostics -----------------------------------------------------------------------


def schema_revision(data_dir: Path) -> str | None:
    """The schema revision written in the database, read-only and without Alembic."""
    import sqlite3  # here: the GUI's start-up logs without it

    path = database_path(data_dir)
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def _head_revision() -> str | None:
    try:
        from loket.store.migrate import head_revision

        return head_revision()
    except Exception:  # a broken install is exactly what a diagnostics zip must survive
        return None


def _qt_version() -> str | None:
    # From the package metadata: only loket/ui imports Qt.
    from importlib import metadata

    try:
        return f"PySide6 {metadata.version('PySide6-Essentials')}"
    except metadata.PackageNotFoundError:
        return None


def system_info(data_dir: Path) -> dict[str, object]:
    """What the help desk needs to know first: versions and the folder's shape, no data."""
    import platform

    db = database_path(data_dir)
    backups = sorted(backups_dir(data_dir).glob("*.db")) if backups_dir(data_dir).is_dir() else []
    return {
        "loket_version": __version__,
        "schema_revision": schema_revision(data_dir),
        "schema_head": _head_revision(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "qt": _qt_version(),
        "frozen": bool(getattr(sys, "frozen", False)),
        "data_dir": redact(str(data_dir)),
        "database_bytes": db.stat().st_size if db.is_file() else None,
        "backups": [{"name": b.name, "bytes": b.stat().st_size} for b in backups],
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _doctor_report(data_dir: Path) -> str:
    try:
        from loket.app.fieldcheck.findings import format_report
        from loket.app.fieldcheck.report import run_field_checks

        return format_report(run_field_checks(data_dir), data_dir)
    except Exception as exc:  # the zip is still worth sending without it
        logging.getLogger(__name__).exception("doctor failed while exporting diagnostics")
        return f"Pemeriksaan gagal dijalankan: {type(exc).__name__}: {exc}\n"


def export_diagnostics(data_dir: Path, dest_zip: Path, *, doctor_text: str | None = None) -> Path:
    """Zip the logs, the doctor's report and the versions for the city's help desk.

    ``doctor_text`` is the report when the caller already has one (``loket diagnostics``
    passes the doctor's, devices included); otherwise the checks that need no Qt run now
    (``loket.app.fieldcheck``: logging never imports the GUI). Everything is redacted
    again on the way in (a log written by an older version may hold what this one would
    hide). The file appears whole or not at all.
    """
    import zipfile

    dest_zip = Path(dest_zip)
    dest_zip.parent.mkdir(parents=True, exist_ok=True)
    register_secret(_pc_token(data_dir))  # pc.json itself never goes in; nor its token
    report = doctor_text if doctor_text is not None else _doctor_report(data_dir)
    info = system_info(data_dir)
    tmp = dest_zip.with_name(dest_zip.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doctor.txt", redact(report))
        archive.writestr("info.json", json.dumps(info, indent=2, ensure_ascii=False) + "\n")
        archive.writestr("schema.txt", f"{info['schema_revision']} (head {info['schema_head']})\n")
        folder = logs_dir(data_dir)
        if folder.is_dir():
            for log in sorted(folder.glob(LOG_NAME + "*")):
                text = log.read_text(encoding="utf-8", errors="replace")
                archive.writestr(f"logs/{log.name}", redact(text))
    tmp.replace(dest_zip)
    return dest_zip
