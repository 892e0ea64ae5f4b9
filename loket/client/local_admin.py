"""LocalOffice's admin screens: the office, services, counters, policies, data, users, PCs."""

from __future__ import annotations

from datetime import datetime

from loket.app import admin, maintenance, office, users
from loket.app.audit import AuditEntry, entries
from loket.app.office import (
    OfficeSettings,
)
from loket.app.users import UserInfo
from loket.client.local_base import LocalBase
from loket.core.queue import PriorityPolicy
from loket.core.roles import Permission, Role
from loket.store.database import DataVersion
from loket.store.health import backup


class AdminActions(LocalBase):
    """The admin's part of ``LocalOffice``: each checks the permission in the database."""

    # -- admin screens -----------------------------------------------------------------

    def settings(self) -> OfficeSettings:
        with self.db.read() as s:
            return office.load_settings(s)

    def update_office(self, name: str, timezone: str, *, actor: UserInfo | None) -> None:
        user, _ = self._admin(actor, Permission.ADMIN_OFFICE)
        admin.update_office(self.db, user, name=name, timezone=timezone)

    def update_service(
        self,
        service_id: int,
        name: str,
        standard_minutes: int,
        fee: int,
        daily_quota: int | None,
        requirements: str,
        active: bool,
        *,
        actor: UserInfo | None,
    ) -> None:
        user, _ = self._admin(actor, Permission.ADMIN_OFFICE)
        admin.update_service(
            self.db,
            user,
            service_id,
            name=name,
            standard_minutes=standard_minutes,
            fee=fee,
            daily_quota=daily_quota,
            requirements=requirements,
            active=active,
        )

    def add_counter(self, number: int, service_ids: list[int], *, actor: UserInfo | None) -> int:
        self._admin(actor, Permission.ADMIN_OFFICE)
        return office.add_counter(self.db, number=number, service_ids=service_ids)

    def update_counter(
        self, counter_id: int, service_ids: list[int], active: bool, *, actor: UserInfo | None
    ) -> None:
        user, _ = self._admin(actor, Permission.ADMIN_OFFICE)
        admin.update_counter(self.db, user, counter_id, service_ids=service_ids, active=active)

    def save_policies(
        self,
        policy: PriorityPolicy,
        overnight: bool,
        running_text: str,
        *,
        actor: UserInfo | None,
    ) -> None:
        user, _ = self._admin(actor, Permission.ADMIN_OFFICE)
        admin.save_policies(self.db, user, policy, overnight, running_text)

    def data_settings(self, *, actor: UserInfo | None) -> tuple[int, str, datetime | None]:
        self._admin(actor, Permission.ADMIN_OFFICE)
        return (
            maintenance.retention_days(self.db),
            str(maintenance.backup_folder(self.db)),
            maintenance.last_backup_at(self.db),
        )

    def save_data_settings(
        self, retention_days: int, backup_folder: str, *, actor: UserInfo | None
    ) -> None:
        user, who = self._admin(actor, Permission.ADMIN_OFFICE)
        folder = backup_folder.strip() or None
        maintenance.save_data_settings(self.db, who, user.role, retention_days, folder)

    def backup_now(self, *, actor: UserInfo | None) -> str:
        self._admin(actor, Permission.ADMIN_OFFICE)
        return str(backup(self.db, maintenance.backup_folder(self.db)))

    def purge_personal_data(self, *, actor: UserInfo | None) -> int:
        self._admin(actor, Permission.ADMIN_OFFICE)
        return maintenance.purge_personal_data(self.db)

    def users(self, *, actor: UserInfo | None) -> list[UserInfo]:
        self._admin(actor, Permission.MANAGE_USERS)
        return users.list_users(self.db)

    def add_user(self, name: str, role: Role, password: str, *, actor: UserInfo | None) -> UserInfo:
        self._admin(actor, Permission.MANAGE_USERS)
        return users.add_user(self.db, name, role, password)

    def reset_password(self, user_id: int, new: str, *, actor: UserInfo | None) -> None:
        user, _ = self._admin(actor, Permission.MANAGE_USERS)
        users.reset_password(self.db, user, user_id, new)

    def set_user_active(self, user_id: int, active: bool, *, actor: UserInfo | None) -> None:
        user, _ = self._admin(actor, Permission.MANAGE_USERS)
        users.set_active(self.db, user, user_id, active)

    def audit_entries(self, *, actor: UserInfo | None) -> list[AuditEntry]:
        self._admin(actor, Permission.VIEW_PERSONAL_DATA)
        return entries(self.db)

    # -- pairing other PCs with this one (the hub PC's admin screen; not over the LAN) ---

    def pair_code(self, *, actor: UserInfo | None) -> tuple[str, datetime]:
        """A one-time pairing code and when it expires (admins, on the hub PC)."""
        from loket.hub.pairing import new_pair_code

        self._require(actor, Permission.ADMIN_OFFICE)
        code = new_pair_code(self.db)
        return code.code, code.expires_at

    def paired_pcs(self, *, actor: UserInfo | None) -> list[tuple[str, bool, datetime | None]]:
        """(name, still paired, last seen) of each PC ever paired with this hub."""
        from loket.hub.pairing import list_pcs

        self._require(actor, Permission.ADMIN_OFFICE)
        return [(pc.name, pc.active, pc.last_seen) for pc in list_pcs(self.db)]

    def revoke_pc(self, name: str, *, actor: UserInfo | None) -> None:
        """End a PC's pairing and its operators' sessions at once (a stolen/retired PC)."""
        from loket.hub.pairing import revoke

        self._require(actor, Permission.ADMIN_OFFICE)
        revoke(self.db, name)

    def change_probe(self) -> DataVersion:
        """Tells the local change feed when anyone (another process too) commits."""
        return DataVersion(self.db.path)
