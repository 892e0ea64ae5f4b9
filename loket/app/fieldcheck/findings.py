"""What a field check finds: one line, OK / INFO / WARN / FAIL, with advice in Indonesian.

FAIL means "Loket will not work properly here" and makes the exit code 1; WARN means "it
works, but something a person would notice is missing"; INFO is a fact worth having in a
support call. The report is plain text: `loket doctor` prints it and the diagnostics zip
carries it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from pathlib import Path

from loket import __version__


class Status(StrEnum):
    OK = "OK"
    INFO = "INFO"
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Finding:
    status: Status
    topic: str
    detail: str
    advice: str = ""


def format_report(findings: Sequence[Finding], data_dir: Path | None = None) -> str:
    lines = [f"Pemeriksaan PC untuk Loket {__version__}"]
    if data_dir is not None:
        lines.append(f"Folder data: {data_dir}")
    lines.append("")
    for f in findings:
        lines.append(f"{f.status.value:<5} {f.topic}: {f.detail}")
        if f.advice and f.status is not Status.OK:
            lines.append(f"      -> {f.advice}")
    counts = {s: sum(1 for f in findings if f.status is s) for s in Status}
    lines += ["", "Ringkasan: " + ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)]
    return "\n".join(lines) + "\n"


def exit_code(findings: Sequence[Finding]) -> int:
    return 1 if any(f.status is Status.FAIL for f in findings) else 0


# -- wording -----------------------------------------------------------------------------


def size_text(n: float) -> str:
    """Bytes as people read them: 812 B, 3.4 MB."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"  # pragma: no cover


def age_text(delta: timedelta) -> str:
    """How long ago, in the unit a person would say: detik, menit, jam, hari."""
    seconds = round(delta.total_seconds())  # rounded: an HTTP Date has whole seconds
    if seconds < 120:
        return f"{seconds} detik"
    if seconds < 2 * 3600:
        return f"{round(seconds / 60)} menit"
    if seconds < 2 * 86400:
        return f"{round(seconds / 3600)} jam"
    return f"{round(seconds / 86400)} hari"
