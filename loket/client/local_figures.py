"""LocalOffice's figures and documents: statistics, reports, IKM, CSV style, letterhead, voice."""

from __future__ import annotations

from loket.app.export_settings import save_csv_style, saved_csv_style
from loket.app.feedback import close_follow_up
from loket.app.ikm_plan import IkmFollowUp, load_ikm_follow_up, save_ikm_follow_up
from loket.app.letterhead import load_letterhead, save_letterhead
from loket.app.period_stats import follow_up_list, stats_for_period
from loket.app.reports import builders as reports
from loket.app.reports.model import Report
from loket.app.users import UserInfo
from loket.client.local_base import LocalBase
from loket.core.errors import NotFound
from loket.core.letterhead import Letterhead
from loket.core.periods import FollowUp, Period, PeriodStats
from loket.core.roles import Permission
from loket.voice import share
from loket.voice.clips import clips_folder
from loket.voice.share import ClipFile, ClipManifest


class FiguresActions(LocalBase):
    """The figures' part of ``LocalOffice`` (supervisors and admins)."""

    # -- figures -----------------------------------------------------------------------

    def period_stats(self, period: Period, *, actor: UserInfo | None) -> PeriodStats:
        self._require(actor, Permission.VIEW_FIGURES)
        return stats_for_period(self.db, period, as_of=self._today())

    def follow_ups(
        self, period: Period, *, actor: UserInfo | None
    ) -> tuple[list[FollowUp], list[FollowUp]]:
        self._require(actor, Permission.VIEW_FIGURES)
        return follow_up_list(self.db, period, as_of=self._today())

    def open_follow_ups(self, *, actor: UserInfo | None) -> list[FollowUp]:
        self._require(actor, Permission.SERVE)  # no personal data: labels, services, dates
        today = self._today()
        period_items, backlog = follow_up_list(self.db, Period.day(today), as_of=today)
        items = [f for f in backlog + period_items if f.closed_on is None]
        return sorted(items, key=lambda f: (f.due_date, f.label))

    def close_follow_up(self, ticket_id: str, notes: str = "", *, actor: UserInfo | None) -> None:
        user = self._require(actor, Permission.SERVE)
        close_follow_up(self.db, ticket_id, user_id=user.id, notes=notes, clock=self.clock)

    def daily_report(self, period: Period, *, actor: UserInfo | None) -> Report:
        self._require(actor, Permission.VIEW_FIGURES)
        return reports.daily_report(self.db, period, now=self.clock())

    def report(self, kind: str, period: Period, *, actor: UserInfo | None) -> Report:
        self._require(actor, Permission.VIEW_FIGURES)
        return reports.build_report(self.db, kind, period, now=self.clock())

    def ikm_follow_up(self, period: Period, *, actor: UserInfo | None) -> IkmFollowUp:
        self._require(actor, Permission.VIEW_FIGURES)
        return load_ikm_follow_up(self.db, period)

    def save_ikm_follow_up(
        self, period: Period, analysis: str, plan: str, *, actor: UserInfo | None
    ) -> IkmFollowUp:
        user = self._require(actor, Permission.VIEW_FIGURES)
        return save_ikm_follow_up(self.db, user, period, analysis, plan)

    def csv_style(self) -> str | None:
        return saved_csv_style(self.db)

    def save_csv_style(self, style: str, *, actor: UserInfo | None) -> None:
        user = self._require(actor, Permission.VIEW_FIGURES)
        save_csv_style(self.db, style, role=user.role)

    def voice_clips(self) -> ClipManifest:
        return share.manifest(clips_folder(self.data_dir))

    def voice_clip(self, name: str) -> ClipFile:
        try:
            return share.read_clip(clips_folder(self.data_dir), name)
        except (share.ClipShareError, OSError) as exc:
            raise NotFound(f"Rekaman {name!r} tidak ada di PC kantor.") from exc

    def letterhead(self) -> Letterhead:
        return load_letterhead(self.db)

    def save_letterhead(self, letterhead: Letterhead, *, actor: UserInfo | None) -> Letterhead:
        user = self._require(actor, Permission.ADMIN_OFFICE)
        return save_letterhead(self.db, user, letterhead)
