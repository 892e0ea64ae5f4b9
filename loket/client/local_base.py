"""What every part of ``LocalOffice`` shares: the database, the desk, the clock, the checks.

``LocalOffice`` is one class implementing ``OfficeClient``, assembled from a part per area
(``local_queue``, ``local_figures``, ``local_admin``, ``local_online``); each part is a
subclass of this base, so it reaches the database and re-reads its actor the same way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from loket.app.audit import Actor
from loket.app.desk import Clock, Desk
from loket.app.office import (
    OfficeInfo,
)
from loket.app.users import UserInfo, get_user
from loket.core.days import service_day, utc_now
from loket.core.errors import InvalidInput
from loket.core.roles import Permission, can
from loket.store.database import Database

LOGIN_FAILED = "Nama atau kata sandi salah."
NOT_LOGGED_IN = "Masuk sebagai petugas lebih dulu."
NOT_ALLOWED = "Anda tidak berhak melakukan ini. Minta admin kantor."
INACTIVE = "Akun ini tidak aktif lagi. Minta admin kantor."


class LocalBase:
    """The state and the role checks of ``LocalOffice``."""

    def __init__(
        self, db: Database, data_dir: Path | None = None, *, clock: Clock = utc_now
    ) -> None:
        self.db = db
        self.data_dir = data_dir if data_dir is not None else db.path.parent
        self.clock = clock
        self.desk = Desk(db, clock=clock)

    def _require(self, actor: UserInfo | None, permission: Permission) -> UserInfo:
        """The actor as the database knows it now, if it may do ``permission``."""
        if actor is None:
            raise InvalidInput(NOT_LOGGED_IN)
        user = get_user(self.db, actor.id)
        if user is None or not user.active:
            raise InvalidInput(INACTIVE)
        if not can(user.role, permission):
            raise InvalidInput(NOT_ALLOWED)
        return user

    def _server(self, actor: UserInfo | None) -> int:
        return self._require(actor, Permission.SERVE).id

    def _admin(self, actor: UserInfo | None, permission: Permission) -> tuple[UserInfo, Actor]:
        user = self._require(actor, permission)
        return user, Actor(user.id, user.name)

    def _today(self) -> date:
        return service_day(self.clock(), self.office().tz)

    def office(self) -> OfficeInfo:
        return self.desk.office()
