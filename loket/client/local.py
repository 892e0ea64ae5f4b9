"""``LocalOffice``: the office client over this PC's own SQLite.

Used by a standalone PC's windows, by the GUI on the hub PC, and by the hub server to
execute the LAN clients' calls. Every action re-reads its actor from the database and
checks the role there, so neither a widget nor a LAN client can act above its rights.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from loket.app import admin, citizens, feedback, maintenance, office, users
from loket.app.audit import Actor, AuditEntry, entries
from loket.app.board import Board, QueueStatus, queue_status, read_board, served_today
from loket.app.citizens import CitizenView
from loket.app.counters import CounterState, CounterStatus, counter_state, set_counter_status
from loket.app.demo import prepare_demo
from loket.app.desk import Clock, Desk, IssueResult
from loket.app.export_settings import save_csv_style, saved_csv_style
from loket.app.feedback import RatingOffer, SkmEntry, close_follow_up
from loket.app.ikm_plan import IkmFollowUp, load_ikm_follow_up, save_ikm_follow_up
from loket.app.letterhead import load_letterhead, save_letterhead
from loket.app.office import (
    CounterInfo,
    OfficeInfo,
    OfficeSettings,
    ServiceInfo,
    has_office,
    list_counters,
    list_services,
)
from loket.app.online.admin import OnlineSetup
from loket.app.online.figures import OnlineDay
from loket.app.period_stats import follow_up_list, stats_for_period
from loket.app.reports import builders as reports
from loket.app.reports.model import Report
from loket.app.reprint import Reprint, reprint, reprint_last
from loket.app.setup import SetupState, read_setup_state
from loket.app.users import UserInfo, authenticate, change_password, get_user
from loket.core.days import service_day, utc_now
from loket.core.errors import InvalidInput, LoketError, NotFound
from loket.core.letterhead import Letterhead
from loket.core.periods import FollowUp, Period, PeriodStats
from loket.core.queue import PriorityPolicy
from loket.core.roles import Permission, Role, can
from loket.core.tickets import Outcome, PriorityReason, Ticket
from loket.paths import database_path
from loket.store.database import CorruptDatabase, Database, DataVersion, NotADatabase
from loket.store.health import backup, quick_check
from loket.store.migrate import open_database
from loket.voice import share
from loket.voice.clips import clips_folder
from loket.voice.share import ClipFile, ClipManifest

LOGIN_FAILED = "Nama atau kata sandi salah."
NOT_LOGGED_IN = "Masuk sebagai petugas lebih dulu."
NOT_ALLOWED = "Anda tidak berhak melakukan ini. Minta admin kantor."
INACTIVE = "Akun ini tidak aktif lagi. Minta admin kantor."


#: The local database handle, for the one window that must create it: the set-up wizard
#: (it writes a new office through ``loket.app.setup``). Every other window uses
#: ``LocalOffice`` through ``OfficeClient``.
LocalDatabase = Database

#: The refusals a recovery screen answers (restore a backup), never a new file.
DAMAGED: tuple[type[Exception], ...] = (CorruptDatabase, NotADatabase)


def open_local(data_dir: Path, *, clock: Clock = utc_now, check: bool = False,
               readonly: bool = False) -> LocalOffice:  # fmt: skip
    """Open (and migrate) the office database in ``data_dir``.

    ``check``: quick_check first, on a read-only connection (a damaged file raises one of
    ``DAMAGED``, unchanged); ``readonly``: SQLite ``mode=ro``, for a look that must not
    write (see ``open_database``).
    """
    return LocalOffice(open_database(data_dir, check=check, readonly=readonly), data_dir,
                       clock=clock)  # fmt: skip


def damaged(message: str) -> Exception:
    """The error a failed integrity check raises (one of ``DAMAGED``)."""
    return CorruptDatabase(message)


def office_configured(data_dir: Path) -> bool:
    """Whether the data dir holds a complete office (without creating anything there).

    An office without a service, a counter or an admin (enrolled before set-up, or
    half-made) is not configured: the wizard finishes it.
    """
    if not database_path(data_dir).exists():
        return False
    try:
        local = open_local(data_dir, readonly=True)  # a look: never a write to a damaged file
    except LoketError:
        return True  # a problem with a real file: opening it for the GUI explains it
    try:
        return local.setup_state().complete
    except LoketError:
        return True  # a problem with a real file: opening it for the GUI explains it
    finally:
        local.close()


class LocalOffice:
    """OfficeClient over a local database (see ``loket.client.api``)."""

    def __init__(
        self, db: Database, data_dir: Path | None = None, *, clock: Clock = utc_now
    ) -> None:
        self.db = db
        self.data_dir = data_dir if data_dir is not None else db.path.parent
        self.clock = clock
        self.desk = Desk(db, clock=clock)

    # -- this PC's own file (not part of OfficeClient: a LAN client has no file) --------

    def close(self) -> None:
        self.db.close()

    def quick_check(self) -> str:
        """SQLite's quick_check: "ok", or the first problem found (run at every start)."""
        return quick_check(self.db)

    def has_office(self) -> bool:
        return has_office(self.db)

    def setup_state(self) -> SetupState:
        """What of the office is set up, and what is missing (the wizard's start)."""
        return read_setup_state(self.db)

    def prepare_demo(self) -> None:
        """Fill the demo office (its own data dir) with services, counters and users."""
        prepare_demo(self.db)

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

    # -- who ---------------------------------------------------------------------------

    def login(self, name: str, password: str) -> UserInfo:
        user = authenticate(self.db, name, password)
        if user is None:
            raise InvalidInput(LOGIN_FAILED)
        return user

    def change_password(self, old: str, new: str, *, actor: UserInfo | None) -> None:
        if actor is None:
            raise InvalidInput(NOT_LOGGED_IN)
        change_password(self.db, actor, old, new)

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

    # -- the office's set-up -----------------------------------------------------------

    def office(self) -> OfficeInfo:
        return self.desk.office()

    def services(self, active_only: bool = False) -> list[ServiceInfo]:
        with self.db.read() as s:
            return list_services(s, active_only=active_only)

    def counters(self, active_only: bool = False) -> list[CounterInfo]:
        with self.db.read() as s:
            return list_counters(s, active_only=active_only)

    # -- counter status ----------------------------------------------------------------

    def counter_state(self, counter_id: int) -> CounterState:
        with self.db.read() as s:
            return counter_state(s, counter_id)

    def set_counter_status(
        self,
        counter_id: int,
        status: CounterStatus,
        reason: str | None = None,
        *,
        actor: UserInfo | None,
    ) -> CounterState:
        user = self._require(actor, Permission.SERVE)
        return set_counter_status(
            self.db, counter_id, status, reason, actor=Actor(user.id, user.name), now=self.clock()
        )

    # -- reading the queue -------------------------------------------------------------

    def board(self, after_seq: int = 0) -> Board:
        return read_board(self.db, self.clock(), after_seq=after_seq)

    def queue_status(self) -> QueueStatus:
        return queue_status(self.db, self.clock())

    def current(self, counter_id: int) -> Ticket | None:
        return self.desk.current(counter_id)

    def waiting(self, service_id: int | None = None) -> list[Ticket]:
        return self.desk.waiting(service_id)

    def served_today(self, counter_id: int | None = None) -> list[Ticket]:
        return served_today(self.db, self.clock(), counter_id)

    def estimate(self, service_id: int, priority: bool = False) -> tuple[int, int]:
        return self.desk.estimate(service_id, priority=priority)

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

    # -- queue actions -----------------------------------------------------------------

    def issue(
        self,
        service_id: int,
        priority_reason: PriorityReason | None = None,
        *,
        actor: UserInfo | None,
    ) -> IssueResult:
        # The kiosk issues without anyone logged in; a named actor must be allowed to serve.
        user_id = self._server(actor) if actor is not None else None
        return self.desk.issue(service_id, priority_reason, user_id=user_id)

    def reprint(self, ticket_ref: str, *, actor: UserInfo | None) -> Reprint:
        user = self._require(actor, Permission.SERVE)
        return reprint(self.desk, ticket_ref, Actor(user.id, user.name))

    def reprint_kiosk(self, count: int, *, actor: UserInfo | None) -> list[Reprint]:
        return reprint_last(self.desk, count, self._require(actor, Permission.ADMIN_OFFICE))

    def call_next(self, counter_id: int, *, actor: UserInfo | None) -> Ticket | None:
        return self.desk.call_next(counter_id, user_id=self._server(actor))

    def call(self, ticket_ref: str, counter_id: int, *, actor: UserInfo | None) -> Ticket:
        return self.desk.call(ticket_ref, counter_id, user_id=self._server(actor))

    def recall(self, ticket_id: str, counter_id: int, *, actor: UserInfo | None) -> Ticket:
        return self.desk.recall(ticket_id, counter_id, user_id=self._server(actor))

    def skip(self, ticket_id: str, counter_id: int, *, actor: UserInfo | None) -> Ticket:
        return self.desk.skip(ticket_id, counter_id, user_id=self._server(actor))

    def return_to_queue(self, ticket_ref: str, *, actor: UserInfo | None) -> Ticket:
        return self.desk.return_to_queue(ticket_ref, user_id=self._server(actor))

    def start(self, ticket_id: str, counter_id: int, *, actor: UserInfo | None) -> Ticket:
        return self.desk.start(ticket_id, counter_id, user_id=self._server(actor))

    def finish(
        self,
        ticket_id: str,
        counter_id: int,
        outcome: Outcome = Outcome.COMPLETED,
        reason: str | None = None,
        notes: str | None = None,
        *,
        actor: UserInfo | None,
    ) -> Ticket:
        user_id = self._server(actor)
        return self.desk.finish(
            ticket_id, counter_id, outcome, reason=reason, notes=notes, user_id=user_id
        )

    def transfer(
        self,
        ticket_id: str,
        counter_id: int,
        to_service_id: int | None = None,
        to_counter_id: int | None = None,
        notes: str | None = None,
        *,
        actor: UserInfo | None,
    ) -> Ticket:
        user_id = self._server(actor)
        return self.desk.transfer(
            ticket_id,
            counter_id,
            to_service_id=to_service_id,
            to_counter_id=to_counter_id,
            notes=notes,
            user_id=user_id,
        )

    def cancel(self, ticket_ref: str, reason: str, *, actor: UserInfo | None) -> Ticket:
        return self.desk.cancel(ticket_ref, reason, user_id=self._server(actor))

    def quick_serve(
        self,
        service_id: int,
        counter_id: int,
        priority_reason: PriorityReason | None = None,
        *,
        actor: UserInfo | None,
    ) -> Ticket:
        user_id = self._server(actor)
        return self.desk.quick_serve(
            service_id, counter_id, priority_reason=priority_reason, user_id=user_id
        )

    # -- the citizen at the counter ----------------------------------------------------

    def citizen_for(self, ticket_id: str, *, actor: UserInfo | None) -> CitizenView | None:
        self._server(actor)
        return citizens.citizen_for(self.db, ticket_id)

    def save_citizen(
        self,
        ticket_id: str,
        name: str = "",
        nik: str = "",
        phone: str = "",
        *,
        actor: UserInfo | None,
    ) -> CitizenView:
        self._server(actor)
        return citizens.save_citizen(self.db, ticket_id, name=name, nik=nik, phone=phone)

    # -- feedback ----------------------------------------------------------------------

    def rating_offer(self, counter_id: int) -> RatingOffer | None:
        return feedback.offer_for_counter(self.db, counter_id, clock=self.clock)

    def rate_ticket(self, ticket_id: str, score: int) -> None:
        feedback.rate_ticket(self.db, ticket_id, score, clock=self.clock)

    def save_skm_response(
        self, entry: SkmEntry, day: date | None = None, source: str = "kiosk"
    ) -> int:
        return feedback.save_skm_response(self.db, entry, day=day, source=source, clock=self.clock)

    # -- figures -----------------------------------------------------------------------

    def _today(self) -> date:
        return service_day(self.clock(), self.office().tz)

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

    # -- admin screens -----------------------------------------------------------------

    def _admin(self, actor: UserInfo | None, permission: Permission) -> tuple[UserInfo, Actor]:
        user = self._require(actor, permission)
        return user, Actor(user.id, user.name)

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
