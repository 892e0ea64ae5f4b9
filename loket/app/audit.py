"""The audit trail: who viewed or changed personal data and admin settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core.days import utc_now
from loket.store.database import Database
from loket.store.models import AuditRow


@dataclass(frozen=True)
class Actor:
    """The person behind an action; ``system`` for automatic ones (purge, backup)."""

    user_id: int | None
    name: str


SYSTEM = Actor(None, "sistem")


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    user_name: str
    action: str
    target: str
    detail: dict[str, Any]


def record(session: Session, actor: Actor, action: str, target: str = "", **detail: Any) -> None:
    """Add an entry in the caller's transaction: the change and its trace commit together."""
    session.add(
        AuditRow(
            at=utc_now(),
            user_id=actor.user_id,
            user_name=actor.name,
            action=action,
            target=target[:200],
            detail=detail,
        )
    )


def entries(db: Database, limit: int = 500) -> list[AuditEntry]:
    with db.read() as s:
        rows = s.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit))
        return [AuditEntry(r.at, r.user_name, r.action, r.target, dict(r.detail)) for r in rows]
