"""The windows of one GUI run (``Session``) and opening the office for them.

Apart from ``app`` (which starts the GUI) so that ``startup`` (the login-first start)
can build a session without importing the module that imports it: no import circle.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from loket.core.errors import LoketError
from loket.ui.dialogs.login import LoginDialog
from loket.ui.feed import OfficeFeed
from loket.ui.localsettings import LocalSettings
from loket.ui.signals import app_signals
from loket.ui.widgets import fit_on_screen

# Everything of the office (the store, SQLAlchemy, the windows past the login, printing)
# is imported where it is used: the login window shows before any of it (issue 14).
if TYPE_CHECKING:
    from loket.app.users import UserInfo
    from loket.client.api import OfficeClient
    from loket.client.local import LocalOffice
    from loket.ui.devices.announcer import Announcer
    from loket.ui.windows.display import DisplayWindow
    from loket.ui.windows.kiosk import KioskWindow
    from loket.ui.windows.operator import OperatorWindow


def fail(text: str) -> int:
    QMessageBox.critical(None, "Loket", text)
    return 1


def open_checked(data_dir: Path) -> LocalOffice:
    """Open the database once SQLite's quick_check passed on a read-only connection.

    A damaged file raises one of ``DAMAGED`` before anything could write to it (no
    migration, no WAL checkpoint, no ``PRAGMA optimize``).
    """
    from loket.client.local import open_local

    return open_local(data_dir, check=True)


def open_for_gui(data_dir: Path, demo: bool) -> LocalOffice | None:
    """Open the data dir for the windows; explain any problem in a message box.

    A damaged database gets the recovery screen (restore a backup), never a new file.
    """
    from loket.client.local import DAMAGED

    for _attempt in range(3):
        try:
            return _open_for_gui(data_dir, demo)
        except DAMAGED as exc:
            from loket.ui.dialogs.recovery import RecoveryDialog

            if not RecoveryDialog(data_dir, getattr(exc, "message", str(exc))).exec():
                return None
    return None


def _open_for_gui(data_dir: Path, demo: bool) -> LocalOffice | None:
    from loket.client.local import DAMAGED

    try:
        local = open_checked(data_dir)
        if demo:
            local.prepare_demo()
        elif not (state := local.setup_state()).can_queue:
            # (run_gui sends an incomplete office to the wizard before this; a missing
            # admin alone does not stop a kiosk or a display)
            local.close()
            if state.office is None:
                fail(
                    QApplication.translate(
                        "app",
                        "Kantor belum diatur di {0}. Coba dulu dengan `loket --demo`, atau atur "
                        "kantor dengan wizard penyiapan (`loket`) atau `loket office init`.",
                    ).format(data_dir)
                )
            else:
                fail(state.describe())
            return None
    except DAMAGED:
        raise
    except LoketError as exc:
        fail(exc.message)
        return None
    return local


class Session:
    """The windows of one GUI run, kept alive together, all on one office client.

    ``client`` is a ``LocalOffice`` on a standalone or hub PC (then the local change
    feed follows the file, and this PC runs the backups and the city sync), or the LAN
    client of a paired PC (then ``feed`` is the hub's push feed).
    """

    def __init__(self, client: OfficeClient, demo: bool, feed: OfficeFeed | None = None) -> None:
        self.client = client
        self.demo = demo
        self.scope = "-demo" if demo else ""
        self.settings = LocalSettings.load(self.scope)
        if demo and self.settings.print_mode == "system":
            self.settings.print_mode = "none"  # the demo must not print on a real printer
        from loket.client.local import LocalOffice

        self.office = client.office()
        self.services = client.services()
        self.counters = client.counters()
        self.local = client if isinstance(client, LocalOffice) else None
        if feed is None and self.local is not None:
            feed = OfficeFeed.local(self.local.change_probe())
        self.feed = feed
        self.windows: list[QWidget] = []
        self.user: UserInfo | None = None  # who logged in at the operator panel
        self.closers: list[Callable[[], None]] = []  # the LAN connection, on a client PC
        self.announcer: Announcer | None = None

    def operator(self, login: LoginDialog | None = None) -> OperatorWindow | None:
        """The operator panel, after ``login`` (asked here when not done already)."""
        from loket.ui.controller import DeskController
        from loket.ui.devices.printing import slip_printer, watch_printer
        from loket.ui.windows.operator import OperatorWindow

        if login is None:
            from loket.app.demo import DEMO_PASSWORD

            hint = ""
            if self.demo:
                hint = QApplication.translate(
                    "app", "Demo: masuk sebagai petugas1, petugas2 atau petugas3, PIN {0}."
                ).format(DEMO_PASSWORD)
            login = LoginDialog(self.client, self.counters,
                                counter_id=self.settings.counter_id,
                                last_user=self.settings.last_user, hint=hint)  # fmt: skip
            if not login.exec():
                return None
        if login.user is None:
            return None
        counter_id = login.counter_id()
        counter = next(c for c in self.counters if c.id == counter_id)
        self.user = login.user
        self.settings.counter_id = counter.id
        self.settings.last_user = login.user.name
        self.settings.save(self.scope)
        controller = DeskController(self.client, counter, login.user)
        window = OperatorWindow(controller, self.office, self.services, self.counters,
                                print_slip=slip_printer(self.settings),
                                feed=self.feed)  # fmt: skip
        window.local_scope = self.scope
        opening = self._opening(window)
        window.openKiosk.connect(opening(lambda: self.kiosk(fullscreen=False)))
        window.openDisplay.connect(opening(lambda: self.display(None, fullscreen=False)))
        window.openDashboard.connect(opening(self.dashboard))
        window.openRating.connect(opening(lambda: self.rating(counter.id)))
        window.openSkm.connect(opening(self.skm_form))
        fit_on_screen(window, 1280, 760)
        window.show()
        self.windows.append(window)
        self.start_background(window)
        watch_printer(self.settings, window.show_printer, window)  # paper-out before the next
        return window

    @staticmethod
    def _opening(window: OperatorWindow) -> Callable[[Callable[[], object]], Callable[[], None]]:
        """A menu slot that opens a window; a refusal (the hub went away) is shown, not
        raised out of the slot."""

        def wrap(open_window: Callable[[], object]) -> Callable[[], None]:
            def slot() -> None:
                try:
                    open_window()
                except LoketError as exc:
                    window.show_error(exc.message)

            return slot

        return wrap

    def start_background(self, window: OperatorWindow) -> None:
        """Backups, purges and the city sync run where the office file is, never on a
        LAN client (the hub does them)."""
        from loket.ui.background import Background

        if self.local is None:
            return
        self.background = Background(self.local, window)
        self.background.syncStatus.connect(window.show_sync)
        self.background.maintenance.connect(window.show_message)
        window.syncNow.connect(self.background.sync_now)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.background.stop)
        self.background.start_sync()
        self.background.start_messages()
        self.background.run_maintenance()

    def dashboard(self) -> QWidget:
        from loket.ui.windows.dashboard import DashboardWindow

        window = DashboardWindow(self.client, actor=self.user, feed=self.feed)
        fit_on_screen(window, 1400, 860)
        window.show()
        self.windows.append(window)
        return window

    def rating(self, counter_id: int) -> QWidget:
        """The citizen-facing four faces for this counter (a small second screen)."""
        from loket.ui.windows.rating import RatingWindow

        window = RatingWindow(self.client, counter_id, feed=self.feed)
        window.show()
        self.windows.append(window)
        return window

    def skm_form(self) -> QWidget:
        from loket.ui.windows.skm_form import SkmForm

        window = SkmForm(self.client, self.services, source="paper")
        window.show()
        self.windows.append(window)
        return window

    def kiosk(self, *, fullscreen: bool = True) -> KioskWindow:
        from loket.ui.devices.printing import slip_printer, watch_printer
        from loket.ui.windows.kiosk import KioskWindow

        window = KioskWindow(self.client, self.office, self.services, slip_printer(self.settings))
        watch_printer(self.settings, lambda text, ok: window.print_status.setText(text), window)
        if fullscreen:
            window.showFullScreen()
        else:
            fit_on_screen(window, 1024, 768)
            window.show()
        self.windows.append(window)
        return window

    def display(self, screen: int | None, *, fullscreen: bool = True) -> DisplayWindow:
        from loket.ui.devices.announcer import Announcer, VoiceSettings
        from loket.ui.windows.display import DisplayWindow
        from loket.voice.clips import clips_folder

        if self.announcer is None:  # never blocks: the OS voice is asked in a child process
            # The office's recordings are in the data folder of the PC holding the office;
            # a LAN display keeps a copy in its own data folder, fetched from the hub.
            clips = clips_folder(self.local.data_dir) if self.local is not None else None
            pc_dir = getattr(self.client, "pc_dir", None)
            if clips is None and isinstance(pc_dir, Path):
                clips = clips_folder(pc_dir)
            self.announcer = Announcer(settings=VoiceSettings.load(self.scope), clips_dir=clips)
            self.announcer.voice_scope = self.scope
            self.announcer.notice.connect(app_signals().message.emit)
            if self.local is None and clips is not None and self.feed is not None:
                from loket.ui.devices.clip_sync import ClipSync

                self.clip_sync = ClipSync(self.client, clips, self.announcer)
                self.feed.clipsChanged.connect(self.clip_sync.request)
                self.clip_sync.request()  # whatever the hub has now
        window = DisplayWindow(self.client, announcer=self.announcer, feed=self.feed)
        window.show_on_screen(screen, fullscreen=fullscreen)
        self.windows.append(window)
        return window

    def close(self) -> None:
        if self.feed is not None:
            self.feed.stop()
        if self.local is not None:
            self.local.close()
        for closer in self.closers:
            closer()
        self.closers.clear()
