"""The windows: ``loket`` (the operator panel), ``loket display`` and ``loket kiosk``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``display`` and ``kiosk``; the bare ``loket`` runs ``run`` too (the panel)."""
    display = sub.add_parser("display", parents=[common], help="layar antrian untuk ruang tunggu")
    display.add_argument("--screen", type=int, default=None, help="nomor layar (0, 1, ...)")
    display.add_argument("--windowed", action="store_true", help="jendela biasa, bukan layar penuh")
    display.set_defaults(func=run)
    kiosk = sub.add_parser("kiosk", parents=[common], help="kios ambil nomor (layar sentuh)")
    kiosk.add_argument("--windowed", action="store_true", help="jendela biasa, bukan layar penuh")
    kiosk.set_defaults(func=run)


def run(args: argparse.Namespace, data_dir: Path) -> int:
    """Open the window the command names (none: the operator panel)."""
    from loket.logsetup import setup_logging
    from loket.ui.app import run_gui

    setup_logging(data_dir)  # a GUI has no console: its problems go to DATA/logs
    return run_gui(
        data_dir,
        demo=bool(getattr(args, "demo", False)),
        mode=args.command or "operator",
        screen=getattr(args, "screen", None),
        windowed=getattr(args, "windowed", False),
    )
