"""``LocalOffice``: the office client over this PC's own SQLite.

Used by a standalone PC's windows, by the GUI on the hub PC, and by the hub server to
execute the LAN clients' calls. Every action re-reads its actor from the database and
checks the role there, so neither a widget nor a LAN client can act above its rights.
"""

from __future__ import annotations

from pathlib import Path

from loket.app.demo import prepare_demo
from loket.app.desk import Clock
from loket.app.office import (
    CounterInfo,
    ServiceInfo,
    has_office,
    list_counters,
    list_services,
)
from loket.app.setup import SetupState, read_setup_state
from loket.app.users import UserInfo, authenticate, change_password
from loket.client.local_admin import AdminActions
from loket.client.local_base import LOGIN_FAILED, NOT_LOGGED_IN
from loket.client.local_figures import FiguresActions
from loket.client.local_online import OnlineActions
from loket.client.local_queue import QueueActions
from loket.core.days import utc_now
from loket.core.errors import InvalidInput, LoketError
from loket.paths import database_path
from loket.store.database import CorruptDatabase, Database, NotADatabase
from loket.store.health import quick_check
from loket.store.migrate import open_database

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


class LocalOffice(QueueActions, FiguresActions, OnlineActions, AdminActions):
    """OfficeClient over a local database (see ``loket.client.api``).

    One class, one method per ``OfficeClient`` method; the methods live in a part per area
    (``local_queue``, ``local_figures``, ``local_online``, ``local_admin``) on the shared
    ``LocalBase`` (the database, the desk, the clock and the role checks). What is here is
    this PC's own file and the login, which a LAN client does not have or does not check.
    """

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

    # -- the office's set-up -----------------------------------------------------------

    def services(self, active_only: bool = False) -> list[ServiceInfo]:
        with self.db.read() as s:
            return list_services(s, active_only=active_only)

    def counters(self, active_only: bool = False) -> list[CounterInfo]:
        with self.db.read() as s:
            return list_counters(s, active_only=active_only)
