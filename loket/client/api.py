"""The one interface between the windows (and the ``loket queue`` CLI) and the office.

Two implementations: ``LocalOffice`` (this PC's SQLite, through the app/ use cases) and
``LanOffice`` (RPC to the office hub). The hub's RPC is generated from these annotations,
so every parameter and result is a plain type JSON can carry: app/ dataclasses, enums,
aware UTC datetimes, dates, str/int/float/bool, lists, ``X | None``.

Methods that act as a person take the keyword ``actor``. The implementation checks the
actor's role itself and never trusts the widget that let the button be pressed; over the
LAN the hub replaces ``actor`` with the user of the session token. Refusals are
``LoketError`` subclasses whose ``.message`` is Indonesian.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol, runtime_checkable

from loket.app.audit import AuditEntry
from loket.app.board import Board, QueueStatus
from loket.app.citizens import CitizenView
from loket.app.counters import CounterState, CounterStatus
from loket.app.desk import IssueResult
from loket.app.desk.reentry import AsideStatus, AsideTicket
from loket.app.feedback import RatingOffer, SkmEntry
from loket.app.ikm_plan import IkmFollowUp
from loket.app.office import CounterInfo, OfficeInfo, OfficeSettings, ServiceInfo
from loket.app.online.admin import OnlineSetup
from loket.app.online.figures import OnlineDay
from loket.app.reports.model import Report
from loket.app.reprint import Reprint
from loket.app.users import UserInfo
from loket.core.letterhead import Letterhead
from loket.core.periods import FollowUp, Period, PeriodStats
from loket.core.queue import PriorityPolicy
from loket.core.roles import Role
from loket.core.tickets import Outcome, PriorityReason, Ticket
from loket.voice.share import ClipFile, ClipManifest


@runtime_checkable
class OfficeClient(Protocol):
    """What a window may ask of the office; see the module docstring for the rules."""

    # -- who -----------------------------------------------------------------------

    def login(self, name: str, password: str) -> UserInfo:
        """The active user with this name and password; refuses with one vague message."""
        ...

    def change_password(self, old: str, new: str, *, actor: UserInfo | None) -> None:
        """The actor changes their own password, proving the old one."""
        ...

    # -- the office's set-up ---------------------------------------------------------

    def office(self) -> OfficeInfo: ...

    def services(self, active_only: bool = False) -> list[ServiceInfo]: ...

    def counters(self, active_only: bool = False) -> list[CounterInfo]: ...

    # -- counter status (shared by every PC of the office) ------------------------------

    def counter_state(self, counter_id: int) -> CounterState: ...

    def set_counter_status(
        self,
        counter_id: int,
        status: CounterStatus,
        reason: str | None = None,
        *,
        actor: UserInfo | None,
    ) -> CounterState:
        """Open, on a break (with a reason) or closed; refused while it holds a citizen."""
        ...

    # -- reading the queue -------------------------------------------------------------

    def board(self, after_seq: int = 0) -> Board:
        """The display's whole state; ``recent_calls`` also lists every call after ``after_seq``."""
        ...

    def queue_status(self) -> QueueStatus:
        """Waiting per service and what each counter holds (``loket queue status``)."""
        ...

    def current(self, counter_id: int) -> Ticket | None:
        """The ticket a counter is calling or serving now, if any."""
        ...

    def waiting(self, service_id: int | None = None) -> list[Ticket]:
        """Waiting tickets in the order they will be called."""
        ...

    def served_today(self, counter_id: int | None = None) -> list[Ticket]:
        """Tickets that reached an end today, newest first."""
        ...

    def estimate(self, service_id: int, priority: bool = False) -> tuple[int, int]:
        """(people ahead, estimated wait in seconds) for a ticket taken now."""
        ...

    def ticket_link_base(self) -> str:
        """The city's address for the tickets' QR links ("" while the office has it off)."""
        ...

    # -- queue actions -------------------------------------------------------------------

    def issue(
        self,
        service_id: int,
        priority_reason: PriorityReason | None = None,
        *,
        actor: UserInfo | None,
    ) -> IssueResult:
        """A new number (the kiosk issues with no actor; an operator's desk with one)."""
        ...

    def aside_status(self, items: list[AsideTicket]) -> list[AsideStatus]:
        """Where each set-aside ticket stands in the office's log (``loket hub aside``)."""
        ...

    def reenter_aside(self, item: AsideTicket, *, actor: UserInfo | None) -> IssueResult:
        """A set-aside ticket's new number: once per citizen, refused when it is back."""
        ...

    def online_setup(self, *, actor: UserInfo | None) -> OnlineSetup:
        """The online settings and booking sessions (admins; the gateway token stays put)."""
        ...

    def save_online_setup(
        self, setup: OnlineSetup, gateway_token: str = "", *, actor: UserInfo | None
    ) -> OnlineSetup:
        """Save them ("" keeps the gateway token); the hub syncs the sessions to the city."""
        ...

    def online_figures(self, period: Period, *, actor: UserInfo | None) -> list[OnlineDay]:
        """Bookings, check-ins, no-shows and messages per day and service (supervisors)."""
        ...

    def document_ready(self, ticket_id: str, *, actor: UserInfo | None) -> bool:
        """A follow-up's document is ready: the citizen is told when they agreed (True)."""
        ...

    def check_in_booking(self, code: str, *, actor: UserInfo | None) -> IssueResult:
        """A booked citizen's ticket: the typed booking code or the scanned signed QR."""
        ...

    def reprint(self, ticket_ref: str, *, actor: UserInfo | None) -> Reprint:
        """Today's ticket (id or label) again: the same number, audited, never a new one."""
        ...

    def reprint_kiosk(self, count: int, *, actor: UserInfo | None) -> list[Reprint]:
        """An admin reprints the kiosk's last ``count`` tickets, oldest first (audited)."""
        ...

    def call_next(self, counter_id: int, *, actor: UserInfo | None) -> Ticket | None: ...

    def call(self, ticket_ref: str, counter_id: int, *, actor: UserInfo | None) -> Ticket: ...

    def recall(self, ticket_id: str, counter_id: int, *, actor: UserInfo | None) -> Ticket: ...

    def skip(self, ticket_id: str, counter_id: int, *, actor: UserInfo | None) -> Ticket: ...

    def return_to_queue(self, ticket_ref: str, *, actor: UserInfo | None) -> Ticket: ...

    def start(self, ticket_id: str, counter_id: int, *, actor: UserInfo | None) -> Ticket: ...

    def finish(
        self,
        ticket_id: str,
        counter_id: int,
        outcome: Outcome = Outcome.COMPLETED,
        reason: str | None = None,
        notes: str | None = None,
        *,
        actor: UserInfo | None,
    ) -> Ticket: ...

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
        """Returns the successor ticket waiting in the target queue."""
        ...

    def cancel(self, ticket_ref: str, reason: str, *, actor: UserInfo | None) -> Ticket: ...

    def quick_serve(
        self,
        service_id: int,
        counter_id: int,
        priority_reason: PriorityReason | None = None,
        *,
        actor: UserInfo | None,
    ) -> Ticket: ...

    # -- the citizen at the counter (personal data: masked, never printed) ---------------

    def citizen_for(self, ticket_id: str, *, actor: UserInfo | None) -> CitizenView | None: ...

    def save_citizen(
        self,
        ticket_id: str,
        name: str = "",
        nik: str = "",
        phone: str = "",
        *,
        actor: UserInfo | None,
    ) -> CitizenView: ...

    # -- feedback ---------------------------------------------------------------------

    def rating_offer(self, counter_id: int) -> RatingOffer | None:
        """The counter's latest finished service the citizen may still rate."""
        ...

    def rate_ticket(self, ticket_id: str, score: int) -> None:
        """The face a citizen tapped (a second tap replaces the first)."""
        ...

    def save_skm_response(
        self, entry: SkmEntry, day: date | None = None, source: str = "kiosk"
    ) -> int:
        """One SKM questionnaire (``day``: the survey date of a paper form)."""
        ...

    # -- figures (supervisors: no personal data) ------------------------------------------

    def period_stats(self, period: Period, *, actor: UserInfo | None) -> PeriodStats:
        """Every figure of a period; follow-ups judged as of today in the office's zone."""
        ...

    def follow_ups(
        self, period: Period, *, actor: UserInfo | None
    ) -> tuple[list[FollowUp], list[FollowUp]]:
        """(the period's follow-ups, open ones left from before it), both by due date."""
        ...

    def open_follow_ups(self, *, actor: UserInfo | None) -> list[FollowUp]:
        """Every follow-up whose document is not handed over yet, by due date (counters)."""
        ...

    def close_follow_up(self, ticket_id: str, notes: str = "", *, actor: UserInfo | None) -> None:
        """The document was handed over to the citizen: the follow-up stops counting open."""
        ...

    def daily_report(self, period: Period, *, actor: UserInfo | None) -> Report:
        """Laporan Harian Pelayanan of a day (or each day of a period)."""
        ...

    def report(self, kind: str, period: Period, *, actor: UserInfo | None) -> Report:
        """A report for *Ekspor laporan*: ``daily``, ``register`` or ``ikm`` of a period."""
        ...

    def ikm_follow_up(self, period: Period, *, actor: UserInfo | None) -> IkmFollowUp:
        """The analysis and follow-up plan saved for exactly this period (or empty)."""
        ...

    def save_ikm_follow_up(
        self, period: Period, analysis: str, plan: str, *, actor: UserInfo | None
    ) -> IkmFollowUp: ...

    def csv_style(self) -> str | None:
        """The office's saved CSV style, ``id`` or ``en`` (None: never chosen)."""
        ...

    def save_csv_style(self, style: str, *, actor: UserInfo | None) -> None:
        """Keep ``style`` for the office's exports (the GUI's and ``loket export``'s)."""
        ...

    # -- the office's recorded voice, shared with the display PCs ---------------------

    def voice_clips(self) -> ClipManifest:
        """The recorded clips on the office PC: names, sizes, hashes and their version."""
        ...

    def voice_clip(self, name: str) -> ClipFile:
        """One clip's WAV bytes (a name from ``voice_clips``)."""
        ...

    # -- admin screens (each checked against the actor's role, each in the audit trail) --

    def letterhead(self) -> Letterhead:
        """The kop surat and signatories printed on every report (defaults if never set)."""
        ...

    def save_letterhead(self, letterhead: Letterhead, *, actor: UserInfo | None) -> Letterhead:
        """Checked and stored (admins); returns it as cleaned."""
        ...

    def settings(self) -> OfficeSettings: ...

    def update_office(self, name: str, timezone: str, *, actor: UserInfo | None) -> None: ...

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
    ) -> None: ...

    def add_counter(
        self, number: int, service_ids: list[int], *, actor: UserInfo | None
    ) -> int: ...

    def update_counter(
        self, counter_id: int, service_ids: list[int], active: bool, *, actor: UserInfo | None
    ) -> None: ...

    def save_policies(
        self,
        policy: PriorityPolicy,
        overnight: bool,
        running_text: str,
        *,
        actor: UserInfo | None,
    ) -> None:
        """Queue policy, overnight queue and the display's running text, in one save."""
        ...

    def data_settings(self, *, actor: UserInfo | None) -> tuple[int, str, datetime | None]:
        """(retention days of personal data, backup folder, last backup) on the office PC."""
        ...

    def save_data_settings(
        self, retention_days: int, backup_folder: str, *, actor: UserInfo | None
    ) -> None: ...

    def backup_now(self, *, actor: UserInfo | None) -> str:
        """A checked backup on the office PC (the hub on a LAN); returns its path."""
        ...

    def purge_personal_data(self, *, actor: UserInfo | None) -> int: ...

    def users(self, *, actor: UserInfo | None) -> list[UserInfo]: ...

    def add_user(
        self, name: str, role: Role, password: str, *, actor: UserInfo | None
    ) -> UserInfo: ...

    def reset_password(self, user_id: int, new: str, *, actor: UserInfo | None) -> None: ...

    def set_user_active(self, user_id: int, active: bool, *, actor: UserInfo | None) -> None: ...

    def audit_entries(self, *, actor: UserInfo | None) -> list[AuditEntry]: ...
