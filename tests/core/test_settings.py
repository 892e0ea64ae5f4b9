"""The declared office settings: types, rights and unknown keys, refused in Indonesian."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import loket
from loket.core import settings
from loket.core.errors import InvalidInput
from loket.core.roles import Permission, Role
from loket.core.settings import (
    BACKUP_FOLDER,
    CONFIG_VERSION,
    CSV_STYLE,
    FAMILIES,
    IKM_FOLLOW_UP,
    OVERNIGHT_QUEUE,
    RETENTION_DAYS,
    SETTINGS,
    OfficeSetting,
    declared,
    require_declared,
)

PACKAGE = Path(loket.__file__).parent
#: Strings equal to a key that are not a key: (module, string) and why.
NOT_A_KEY = {
    ("store/queue_statements.py", "config_version"): "the name of a compiled statement",
    ("store/queue_sql.py", "config_version"): "the same statement, run by its name",
}


def test_every_setting_is_declared_once_with_a_reason() -> None:
    keys = [spec.key for spec in SETTINGS]
    assert len(keys) == len(set(keys))
    for spec in SETTINGS:
        assert spec.why.strip(), spec.key
        assert spec.check(spec.default) == spec.default  # the default has the type
        assert spec.changed_by is None or isinstance(spec.changed_by, Permission)
        assert declared(spec.key) is spec


def test_no_key_is_written_as_a_literal_outside_the_registry() -> None:
    keys = {spec.key for spec in SETTINGS}
    prefixes = tuple(family.prefix for family in FAMILIES)
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name == "core/settings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            if (node.value in keys or node.value.startswith(prefixes)) and (
                name,
                node.value,
            ) not in NOT_A_KEY:
                found.append(f"{name}:{node.lineno} {node.value!r}")
    assert found == [], "use loket.core.settings' declarations, not the key's text"


def test_a_value_of_another_type_is_refused_in_indonesian() -> None:
    with pytest.raises(InvalidInput, match="'retention_days' harus berupa bilangan bulat"):
        RETENTION_DAYS.check("365")
    with pytest.raises(InvalidInput, match="bilangan bulat"):
        RETENTION_DAYS.check(True)  # a bool is an int to Python, not to the office
    with pytest.raises(InvalidInput, match="'overnight_queue' harus berupa ya/tidak"):
        OVERNIGHT_QUEUE.check(1)
    with pytest.raises(InvalidInput, match="harus berupa teks atau kosong"):
        BACKUP_FOLDER.check(5)
    assert BACKUP_FOLDER.check(None) is None
    with pytest.raises(InvalidInput, match="harus berupa objek atau kosong"):
        IKM_FOLLOW_UP.at("2026-01-01:2026-06-30").check("teks")


def test_a_stored_value_of_another_type_reads_back_as_the_default_or_converted() -> None:
    assert RETENTION_DAYS.coerce(None) == 365
    assert RETENTION_DAYS.coerce("30") == 30  # an older Loket's text
    assert RETENTION_DAYS.coerce("tiga puluh") == 365
    assert RETENTION_DAYS.coerce([30]) == 365
    assert OVERNIGHT_QUEUE.coerce("ya") is False


def test_who_may_change_what() -> None:
    RETENTION_DAYS.allow(Role.ADMIN)
    RETENTION_DAYS.allow(None)  # the program itself (a backup, the CLI on the office PC)
    with pytest.raises(InvalidInput, match="tidak berhak mengubah pengaturan 'retention_days'"):
        RETENTION_DAYS.allow(Role.SUPERVISOR)
    with pytest.raises(InvalidInput, match="tidak berhak"):
        RETENTION_DAYS.allow("tamu")  # not a role at all
    CSV_STYLE.allow(Role.SUPERVISOR)  # figures: supervisors choose the CSV style
    with pytest.raises(InvalidInput, match="tidak berhak"):
        CSV_STYLE.allow(Role.OPERATOR)
    with pytest.raises(InvalidInput, match="tidak berhak"):
        CONFIG_VERSION.allow(Role.ADMIN)  # kept by the program: no person writes it


def test_an_unknown_key_is_refused() -> None:
    with pytest.raises(InvalidInput, match="Pengaturan 'retensi' tidak dikenal"):
        declared("retensi")
    with pytest.raises(InvalidInput, match="tidak dikenal"):
        declared(IKM_FOLLOW_UP.prefix)  # a family's prefix alone names nothing
    member = declared(IKM_FOLLOW_UP.prefix + "2026-01-01:2026-06-30")
    assert member == IKM_FOLLOW_UP.at("2026-01-01:2026-06-30")
    made_up = OfficeSetting("retention_days", str, "", Permission.SERVE, "not declared")
    with pytest.raises(InvalidInput, match="tidak dikenal"):
        require_declared(made_up)
    assert settings.SETTINGS  # the module holds the declarations
