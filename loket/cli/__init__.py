"""The one `loket` command: the GUI by default, subcommands for the rest.

Every subcommand accepts ``--data-dir`` (also ``LOKET_DATA_DIR``). Messages to people are
Indonesian; ``--json`` output uses snake_case keys for scripts and the city.

One parser (``build_parser``: each command group's module adds its subcommands with
``register(sub, common)``) and one dispatch: every subcommand sets ``func(args,
data_dir) -> exit code``; ``main`` sorts what goes wrong. The groups' modules import
SQLAlchemy, Qt and the server only inside their handlers, so ``--help`` stays light.

Two start-ups are timed (issue 14): ``--version`` answers before any group's module
is imported, and the bare ``loket`` (the operator panel, with at most ``--demo`` and
``--data-dir``) is parsed by the top-level parser alone: a person waits for its window,
and the fifty subcommands' parsers would cost it ~50 ms for nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from loket import __version__

#: Options of the bare ``loket`` (the panel): with these alone no subcommand is parsed.
PANEL_FLAGS = ("--demo", "--self-check")
PANEL_VALUED = ("--data-dir",)


def build_parser(*, subcommands: bool = True) -> argparse.ArgumentParser:
    from loket.cli import diag, gui

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder data (bawaan: LOKET_DATA_DIR atau folder data pengguna)",
    )
    common.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="pakai kantor demo di folder tersendiri (DATA/demo)",
    )
    parser = argparse.ArgumentParser(
        prog="loket",
        description="Loket: antrian dan register layanan kelurahan.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"loket {__version__}")
    diag.add_global_flags(parser)
    parser.set_defaults(func=gui.run, command=None)  # no subcommand: the operator panel
    if not subcommands:
        return parser
    from loket.cli import db, hub, office, online, reports, server, simulate, sync, users

    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    # The order is the order of `loket --help`.
    groups = (gui, simulate, reports, db, users, office, online, sync, hub, server, diag)
    for group in groups:
        group.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a user's or the PC's fault is one Indonesian line and exit 1.

    Known faults (a refusal, a full disk, a read-only folder, a damaged database...) are
    sorted by ``loket.store.errors``; only a bug still shows a traceback. A reader that
    goes away (``loket stats --json | head``) ends the command quietly.
    """
    if list(sys.argv[1:] if argv is None else argv) == ["--voice-probe"]:
        # The display asks the OS's speech engines in a child (loket/ui/devices/voiceprobe.py);
        # in the one-folder bundle that child is this program, with this hidden flag.
        from loket.ui.devices.voiceprobe import main as voice_probe

        return voice_probe()
    given = list(sys.argv[1:] if argv is None else argv)
    if given == ["--version"]:
        print(f"loket {__version__}")
        return 0
    from loket.paths import resolve_data_dir

    args = build_parser(subcommands=not _panel_only(given)).parse_args(given)
    demo = bool(getattr(args, "demo", False))
    data_dir = resolve_data_dir(getattr(args, "data_dir", None), demo=demo)
    try:
        code = _dispatch(args, data_dir)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("PySide6"):
            raise
        # A server install (`pip install 'loket[server]'`) has no Qt: say how to get it.
        print(
            "loket: perintah ini memerlukan antarmuka desk (Qt), yang tidak terpasang. "
            "Pasang dengan: pip install 'loket[desk]'",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from loket.paths import database_path
        from loket.store.errors import known_error

        known = known_error(exc, database_path(data_dir))
        if known is not None:
            print(f"loket: {known.message}", file=sys.stderr)
            return 1
        if isinstance(exc, OSError):  # a file or device fault nobody sorted: still no traceback
            where = f" ({exc.filename})" if exc.filename else ""
            print(f"loket: {exc.strerror or exc}{where}", file=sys.stderr)
            return 1
        raise


def _panel_only(argv: list[str]) -> bool:
    """Whether ``argv`` is the bare ``loket`` with the panel's own options only.

    Anything else (a subcommand, ``--help``, an abbreviation, a mistake) goes to the
    full parser, which says what is wrong as it always did.
    """
    words = iter(argv)
    for word in words:
        if word in PANEL_FLAGS or word.startswith(tuple(f"{v}=" for v in PANEL_VALUED)):
            continue
        if word in PANEL_VALUED:
            value = next(words, None)
            if value is None or value.startswith("-"):
                return False
            continue
        return False
    return True


def _dispatch(args: argparse.Namespace, data_dir: Path) -> int:
    from loket.cli import diag

    handled = diag.handle_global(args, data_dir)  # --self-check
    if handled is not None:
        return handled
    return int(args.func(args, data_dir))


def _silence_stdout() -> None:
    """Point stdout at the null device so Python's exit flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
