"""Office settings through the store and the use cases: typed, checked, one transaction."""

from __future__ import annotations

import pytest

from loket.app import admin, maintenance
from loket.app.audit import entries
from loket.app.office import load_settings, running_text
from loket.app.users import add_user
from loket.core.errors import InvalidInput
from loket.core.queue import PriorityMode, PriorityPolicy
from loket.core.roles import Role
from loket.core.settings import CONFIG_VERSION, RETENTION_DAYS, OfficeSetting
from loket.store.database import Database
from loket.store.models import Setting
from loket.store.settings import config_version, read_setting, write_setting
from tests.conftest import Office


def test_a_write_is_typed_and_checked(db: Database) -> None:
    with db.write() as s:
        assert read_setting(s, RETENTION_DAYS) == 365  # nothing stored: the default
        assert write_setting(s, RETENTION_DAYS, 30, role=Role.ADMIN) == 365
        assert write_setting(s, RETENTION_DAYS, 60) == 30  # the program: no role
    with db.write() as s, pytest.raises(InvalidInput, match="harus berupa bilangan bulat"):
        write_setting(s, RETENTION_DAYS, "90")  # type: ignore[arg-type]
    with db.write() as s, pytest.raises(InvalidInput, match="tidak berhak mengubah"):
        write_setting(s, RETENTION_DAYS, 90, role=Role.SUPERVISOR)
    with db.write() as s, pytest.raises(InvalidInput, match="tidak berhak mengubah"):
        write_setting(s, CONFIG_VERSION, 99, role=Role.ADMIN)
    made_up: OfficeSetting[int] = OfficeSetting("lama_simpan", int, 1, None, "not declared")
    with db.write() as s, pytest.raises(InvalidInput, match="'lama_simpan' tidak dikenal"):
        write_setting(s, made_up, 5)
    with db.read() as s:
        assert read_setting(s, RETENTION_DAYS) == 60
        assert s.get(Setting, "lama_simpan") is None


def test_a_junk_row_reads_as_the_default(db: Database) -> None:
    with db.write() as s:
        s.add(Setting(key=RETENTION_DAYS.key, value={"hari": 30}))  # a hand edit
    assert maintenance.retention_days(db) == 365


def _admin(office: Office) -> admin.UserInfo:
    return add_user(office.db, "admin", "admin", "rahasia-admin-1")


def test_the_policies_and_their_audit_entry_commit_together(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = _admin(office)
    before = _config(office.db)

    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("disk full while writing the audit entry")

    monkeypatch.setattr(admin, "record", broken)
    wanted = PriorityPolicy(PriorityMode.ONE_IN_N, 2)
    with pytest.raises(RuntimeError):
        admin.save_policies(office.db, user, wanted, True, "Selamat datang")
    with office.db.read() as s:  # neither the change nor its trace
        assert load_settings(s).priority_policy == PriorityPolicy()
        assert load_settings(s).overnight_queue is False
        assert running_text(s) == ""
    assert _config(office.db) == before
    assert [e for e in entries(office.db) if e.action == "policy_changed"] == []
    monkeypatch.undo()
    admin.save_policies(office.db, user, wanted, True, "Selamat datang")
    with office.db.read() as s:
        assert load_settings(s).priority_policy == wanted and running_text(s) == "Selamat datang"
    actions = [e.action for e in entries(office.db)]
    assert {"policy_changed", "running_text_changed"} <= set(actions)
    assert _config(office.db) == before + 1


def test_a_refused_running_text_leaves_the_policies_as_they_were(office: Office) -> None:
    user = _admin(office)
    actor = office.client.login("admin", "rahasia-admin-1")
    with pytest.raises(InvalidInput, match="Teks berjalan terlalu panjang"):
        office.client.save_policies(PriorityPolicy(PriorityMode.ONE_IN_N, 2), True, "x" * 501,
                                    actor=actor)  # fmt: skip
    with office.db.read() as s:
        assert load_settings(s).overnight_queue is False
    assert [e for e in entries(office.db) if e.action == "policy_changed"] == []
    assert user.role == "admin"


def test_data_settings_are_one_audited_change(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    _admin(office)
    actor = office.client.login("admin", "rahasia-admin-1")
    calls = []
    real = maintenance.record

    def second_fails(*args: object, **kw: object) -> None:
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("crash between the two settings")
        real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(maintenance, "record", second_fails)
    with pytest.raises(RuntimeError):
        office.client.save_data_settings(30, "/mnt/usb", actor=actor)
    assert maintenance.retention_days(office.db) == 365  # the first one rolled back too
    assert [e for e in entries(office.db) if e.action == "setting_changed"] == []


def test_a_supervisor_cannot_change_the_retention(office: Office) -> None:
    add_user(office.db, "kepala", "supervisor", "rahasia-kepala-1")
    user = office.client.login("kepala", "rahasia-kepala-1")
    with office.db.write() as s, pytest.raises(InvalidInput, match="tidak berhak mengubah"):
        maintenance.change_setting(s, maintenance.SYSTEM, RETENTION_DAYS, 7, role=user.role)
    assert maintenance.retention_days(office.db) == 365


def _config(db: Database) -> int:
    with db.read() as s:
        return config_version(s)


def test_the_online_setup_is_one_change_with_its_sessions(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from loket.app.online import admin as online_admin
    from loket.app.online import booking

    _admin(office)
    actor = office.client.login("admin", "rahasia-admin-1")
    setup = office.client.online_setup(actor=actor)
    wanted = replace(setup, live=True, link_base="https://kota.example", notify_ahead=5)

    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("crash while writing the sessions")

    monkeypatch.setattr(booking, "store_session_rules", broken)
    with pytest.raises(RuntimeError):
        office.client.save_online_setup(wanted, actor=actor)
    assert online_admin.read_setup(office.db) == setup  # the settings did not stay alone
    assert [e for e in entries(office.db) if e.action == "online_settings_changed"] == []
    monkeypatch.undo()
    saved = office.client.save_online_setup(wanted, actor=actor)
    assert saved.live and saved.notify_ahead == 5
    assert online_admin.read_setup(office.db) == saved


def test_a_kiosk_reprint_batch_is_audited_whole_or_not_at_all(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    from loket.app import reprint

    _admin(office)
    actor = office.client.login("admin", "rahasia-admin-1")
    for _ in range(3):
        office.client.issue(office.services["A"], actor=None)  # the kiosk
    calls = []
    real = reprint.record

    def third_fails(*args: object, **kw: object) -> None:
        calls.append(args)
        if len(calls) == 3:
            raise RuntimeError("crash in the middle of the batch")
        real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(reprint, "record", third_fails)
    with pytest.raises(RuntimeError):
        office.client.reprint_kiosk(3, actor=actor)
    assert [e for e in entries(office.db) if e.action == reprint.AUDIT_ACTION] == []
    monkeypatch.undo()
    printed = office.client.reprint_kiosk(3, actor=actor)
    assert [r.ticket.label for r in printed] == ["A-001", "A-002", "A-003"]
    assert len([e for e in entries(office.db) if e.action == reprint.AUDIT_ACTION]) == 3
