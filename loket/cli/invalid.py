"""A refused value of a ``loket server`` command, said in Indonesian.

The commands build the protocol's pydantic models from their options, and pydantic's own
message is English with links to its website: an operator typing ``--minutes 0`` must
read which option was wrong and what it accepts. One place for every command, so a new
command or field gets the same words. Imported only when a value is refused.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

#: The model field -> the option the operator typed.
OPTIONS = {
    "prefix": "--prefix",
    "name": "--name",
    "standard_minutes": "--minutes",
    "requirements": "--requirements",
    "fee": "--fee",
    "key": "--key",
    "text": "--text",
    "starts_at": "--from",
    "ends_at": "--until",
    "day": "--date",
    "service_prefix": "--service",
    "service_name": "--name",
    "weekdays": "--days",
    "start": "--start",
    "end": "--end",
    "quota": "--quota",
}

#: What a field with a pattern accepts (the regular expression says nothing to an operator).
FORMATS = {
    "prefix": "satu atau dua huruf A–Z, mis. A atau BK",
    "weekdays": "angka hari 1–7 (1 = Senin … 7 = Minggu), mis. 12345",
    "start": "jam HH:MM antara 00:00 dan 23:59, mis. 08:00",
    "end": "jam HH:MM antara 00:00 dan 23:59, mis. 10:00",
}


def describe(exc: ValidationError) -> str:
    """One line per refused option: the option, what was given, what is allowed."""
    lines = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error.get("loc") else ""
        option = OPTIONS.get(field, field or "data")
        given = _shown(error.get("input"))
        lines.append(f"{option} {given}tidak diterima ({_allowed(field, error)}).")
    return "\n".join(lines)


def _shown(value: Any) -> str:
    if value is None or isinstance(value, dict):
        return ""
    text = str(value)
    return f"{text[:40]!r} " if len(text) <= 40 else f"{text[:40]!r}… "


def _allowed(field: str, error: Any) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "greater_than_equal":
        return f"harus paling kecil {ctx.get('ge')}"
    if kind == "greater_than":
        return f"harus lebih dari {ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"harus paling besar {ctx.get('le')}"
    if kind == "less_than":
        return f"harus kurang dari {ctx.get('lt')}"
    if kind == "string_too_short":
        least = int(ctx.get("min_length", 1))
        return "tidak boleh kosong" if least <= 1 else f"paling sedikit {least} karakter"
    if kind == "string_too_long":
        return f"paling banyak {ctx.get('max_length')} karakter"
    if kind == "string_pattern_mismatch":
        return "yang boleh: " + FORMATS.get(field, "bentuknya tidak sesuai")
    if kind == "timezone_aware":
        return "sertakan zona waktu, mis. 2026-12-31T16:00+07:00"
    return "nilainya tidak sah"
