"""Fixtures for the process tests: children that run ``child.py`` or the ``loket`` CLI."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from loket.paths import ENV_DATA_DIR

from .helpers import CHILD_DEADLINE_S, CHILD_SCRIPT, Child, RunLoket, Spawn


@pytest.fixture
def child_env(tmp_path: Path) -> dict[str, str]:
    """The environment of every child: no LOKET_DATA_DIR, a home dir of its own."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != ENV_DATA_DIR}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        LOCALAPPDATA=str(home / "AppData" / "Local"),
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture
def spawn(tmp_path: Path, child_env: dict[str, str]) -> Iterator[Spawn]:
    """Start ``child.py ROLE ARGS``; every child still running at teardown is killed."""
    started: list[Child] = []
    numbers = itertools.count(1)

    def _spawn(role: str, *args: object) -> Child:
        stderr_path = tmp_path / f"child-{next(numbers)}-{role}.stderr"
        with stderr_path.open("w") as stderr:
            proc = subprocess.Popen(
                [sys.executable, str(CHILD_SCRIPT), role, *map(str, args)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=child_env,
                text=True,
                encoding="utf-8",
            )
        watchdog = threading.Timer(CHILD_DEADLINE_S, proc.kill)
        watchdog.daemon = True
        watchdog.start()
        child = Child(proc, stderr_path, watchdog)
        started.append(child)
        return child

    yield _spawn
    for child in started:
        child.watchdog.cancel()
        if child.proc.poll() is None:
            child.proc.kill()
        child.proc.wait()
        for stream in (child.proc.stdin, child.proc.stdout):
            if stream is not None:
                stream.close()


@pytest.fixture
def run_loket(child_env: dict[str, str]) -> RunLoket:
    """Run ``python -m loket ARGS`` to its end; ``env`` adds variables for that run."""

    def _run(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "loket", *map(str, args)],
            env={**child_env, **(env or {})},
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=CHILD_DEADLINE_S,
            check=False,
        )

    return _run
