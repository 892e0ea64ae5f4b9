"""Who may do what: one table, asked by the screens and the CLI alike."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Permission(StrEnum):
    SERVE = "serve"  # call, serve, issue at a counter
    VIEW_FIGURES = "view_figures"  # dashboard, reports without personal data
    VIEW_PERSONAL_DATA = "view_personal_data"  # the register with citizens, audit trail
    ADMIN_OFFICE = "admin_office"  # office, services, counters, policies, backups
    MANAGE_USERS = "manage_users"


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.OPERATOR: frozenset({Permission.SERVE}),
    Role.SUPERVISOR: frozenset(
        {Permission.SERVE, Permission.VIEW_FIGURES, Permission.VIEW_PERSONAL_DATA}
    ),
    Role.ADMIN: frozenset(Permission),
}


def can(role: Role | str, permission: Permission) -> bool:
    try:
        return permission in GRANTS[Role(role)]
    except ValueError:
        return False
