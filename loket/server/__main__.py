"""``python -m loket.server [run|add-office|revoke|...] ...``: the server commands alone.

The same handlers as ``loket server ...``; useful on a city machine that runs only the
server, and for the benchmarks, which start the server as a separate process.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from loket.cli.server import register


def main(argv: Sequence[str] | None = None) -> int:
    common = argparse.ArgumentParser(add_help=False)
    parser = argparse.ArgumentParser(prog="python -m loket.server")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH", required=True)
    register(sub, common)
    args = parser.parse_args(["server", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args, Path.cwd()))


if __name__ == "__main__":
    sys.exit(main())
