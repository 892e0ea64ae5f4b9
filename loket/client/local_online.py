"""LocalOffice's online extras: the admin's set-up, figures, check-in, ticket links."""

from __future__ import annotations

from loket.app.audit import Actor
from loket.app.desk import IssueResult
from loket.app.online.admin import OnlineSetup
from loket.app.online.figures import OnlineDay
from loket.app.users import UserInfo
from loket.client.local_base import LocalBase
from loket.core.days import service_day
from loket.core.periods import Period
from loket.core.roles import Permission


class OnlineActions(LocalBase):
    """The online part of ``LocalOffice``."""

    # -- online extras ---------------------------------------------------------------

    def online_setup(self, *, actor: UserInfo | None) -> OnlineSetup:
        from loket.app.online.admin import read_setup

        self._require(actor, Permission.ADMIN_OFFICE)
        return read_setup(self.db)

    def save_online_setup(
        self, setup: OnlineSetup, gateway_token: str = "", *, actor: UserInfo | None
    ) -> OnlineSetup:
        from loket.app.online.admin import save_setup

        user = self._require(actor, Permission.ADMIN_OFFICE)
        return save_setup(self.db, setup, gateway_token, Actor(user.id, user.name), user.role)

    def online_figures(self, period: Period, *, actor: UserInfo | None) -> list[OnlineDay]:
        from loket.app.online.figures import online_days

        self._require(actor, Permission.VIEW_FIGURES)
        today = service_day(self.clock(), self.desk.office().tz)
        return online_days(self.db, period.start, period.end, today)

    def document_ready(self, ticket_id: str, *, actor: UserInfo | None) -> bool:
        from loket.app.online.messages import document_ready

        user = self._require(actor, Permission.SERVE)
        return document_ready(self.db, ticket_id, Actor(user.id, user.name), self.clock())

    def check_in_booking(self, code: str, *, actor: UserInfo | None) -> IssueResult:
        from loket.app.online.booking import check_in

        return check_in(self.desk, code)

    def ticket_link_base(self) -> str:
        from loket.app.online.settings import read_online

        return read_online(self.db).link_base
