"""Fixtures of the benchmarks: each target is measured beside its physical baseline.

Run them with::

    pytest tests/benchmarks --benchmark-only

(``--benchmark-only`` overrides the ``--benchmark-skip`` of the project's ``addopts``.)
The normal ``pytest`` run skips every test here at collection, before any fixture is
set up, so it never builds these.

Baselines use the stdlib ``sqlite3`` module with the app's connection pragmas (WAL,
``synchronous=FULL``, ``foreign_keys=ON``, the app's busy timeout), on a file in the
same folder as the database under test. A run ends with a markdown table of the figures
and their ratios to the baselines.

The five-year database (about 414,000 tickets and 1.5 million events, ~0.7 GB, about a
minute to build) is cached under ``$LOKET_BENCH_CACHE`` (default:
``<system temp>/loket-benchmarks``); see ``support.five_years_dir`` for its key.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from loket.paths import database_path

from .support import (
    BareCommit,
    DemoDesk,
    FiveYears,
    Recorder,
    Timing,
    build_five_years,
    demo_desk,
    fill_queue,
    five_years_dir,
    markdown_table,
    open_five_years,
)

RESULTS = pytest.StashKey[dict[str, Timing]]()


@pytest.fixture
def record(request: pytest.FixtureRequest) -> Recorder:
    return Recorder(request.config.stash.setdefault(RESULTS, {}))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    results = terminalreporter.config.stash.get(RESULTS, None)
    if results:
        terminalreporter.section("loket benchmarks")
        for line in markdown_table(results):
            terminalreporter.write_line(line)


def _say(config: pytest.Config, line: str) -> None:
    """Print past pytest's output capture (a first build takes a minute)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None:
        return
    if capture is None:
        reporter.write_line(line)
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(line)


# -- the write path: the bare file and the desks' data dirs share one folder --------------


@pytest.fixture(scope="module")
def bench_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("write-path")


@pytest.fixture
def bare_commit(bench_dir: Path) -> Iterator[BareCommit]:
    bare = BareCommit(bench_dir / "bare.db")
    bare.warm()
    yield bare
    bare.close()


@pytest.fixture
def demo_office(bench_dir: Path, request: pytest.FixtureRequest) -> Iterator[DemoDesk]:
    """A fresh data dir beside the bare file: the demo office, three counters."""
    desk = demo_desk(bench_dir / f"data-{request.node.name}")
    yield desk
    desk.close()


@pytest.fixture
def second_office(bench_dir: Path, request: pytest.FixtureRequest) -> Iterator[DemoDesk]:
    """Another fresh demo office in the same folder: issues paired with another benchmark."""
    desk = demo_desk(bench_dir / f"paired-{request.node.name}")
    yield desk
    desk.close()


@pytest.fixture
def queue_10k(demo_office: DemoDesk) -> DemoDesk:
    assert fill_queue(demo_office, 10_000) == 10_000
    return demo_office


# -- the read path: five years of a busy office ----------------------------------------------


@pytest.fixture(scope="session")
def five_years(request: pytest.FixtureRequest) -> Iterator[FiveYears]:
    folder = five_years_dir()
    if not database_path(folder).exists():
        _say(request.config, f"\nbuilding the five-year database, cached in {folder}")
        started = time.perf_counter()
        build_five_years(folder)
        _say(request.config, f"built in {time.perf_counter() - started:.0f} s")
    data = open_five_years(folder)
    yield data
    data.db.close()
