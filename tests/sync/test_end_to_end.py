"""Done-when of issue 5: two desks on one PC (two data dirs) enroll with a local server,
simulate a day each, sync through the fault proxy, and the city figures equal each
desk's own ``loket stats``."""

from __future__ import annotations

import argparse
from pathlib import Path

import requests

from loket.app.simulate import simulate_day
from loket.cli.sync import register as register_sync
from loket.server.admin import add_office
from loket.server.db import ServerDatabase
from loket.store.migrate import open_database
from loket.sync.engine import enroll_database, sync_once

from ..server.live import LiveServer
from .conftest import DAY
from .faultproxy import Fault, FaultProxy
from .helpers import (
    FAST,
    assert_server_holds_exactly,
    city_figures,
    desk_figures,
    make_client,
    setup_demo_like_office,
)

OFFICES = {
    "timur": ("32.73.01.1001", "Kelurahan Sukamaju Timur"),
    "barat": ("32.73.02.1004", "Kelurahan Sukamaju Barat"),
}


def _cli(*argv: str) -> tuple[argparse.Namespace, Path]:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir")
    parser = argparse.ArgumentParser(prog="loket")
    register_sync(parser.add_subparsers(dest="command"), common)
    args = parser.parse_args(argv)
    return args, Path(args.data_dir)


def test_two_desks_sync_through_faults_and_the_city_matches_their_stats(
    tmp_path: Path, live_server: LiveServer, server_db: ServerDatabase, proxy: FaultProxy
) -> None:
    from datetime import UTC, datetime

    codes = {
        key: add_office(server_db, code=code, name=name, now=datetime.now(UTC)).enrollment_code
        for key, (code, name) in OFFICES.items()
    }
    # Desk "timur" enrolls through the library, desk "barat" through `loket enroll`.
    timur = open_database(tmp_path / "timur")
    setup_demo_like_office(timur, code=OFFICES["timur"][0], name=OFFICES["timur"][1])
    enroll_database(timur, make_client(proxy.url), codes["timur"], desk_name="Loket 1")
    barat_dir = tmp_path / "barat"
    barat = open_database(barat_dir)
    setup_demo_like_office(barat, code=OFFICES["barat"][0], name=OFFICES["barat"][1], counters=2)
    barat.close()
    args, data_dir = _cli("enroll", "--data-dir", str(barat_dir), "--server", proxy.url,
                          "--code", codes["barat"], "--name", "Loket barat")  # fmt: skip
    assert args.func(args, data_dir) == 0
    barat = open_database(barat_dir)
    try:
        simulate_day(timur, DAY, 60, 3, seed=11)
        simulate_day(barat, DAY, 45, 2, seed=12)

        proxy.inject(Fault.DROP_AFTER, Fault.ERROR_500, Fault.PASS, Fault.DROP_BEFORE,
                     Fault.ERROR_503, Fault.DROP_AFTER)  # fmt: skip
        proxy.inject(Fault.DROP_AFTER, path="/api/v1/reference")
        report = sync_once(timur, make_client(proxy.url), policy=FAST, batch_size=64)
        assert report.ok, report.error
        barat.close()  # `loket sync --once` opens the data dir itself
        args, data_dir = _cli("sync", "--once", "--data-dir", str(barat_dir))
        assert args.func(args, data_dir) == 0
        barat = open_database(barat_dir)
        assert proxy.pending() == 0

        for db, key in ((timur, "timur"), (barat, "barat")):
            code = OFFICES[key][0]
            assert_server_holds_exactly(server_db, db, code)
            assert city_figures(live_server.url, DAY, code) == desk_figures(db, DAY)
        totals = requests.get(
            f"{live_server.url}/api/v1/stats", params={"date": DAY.isoformat()}, timeout=10
        ).json()["totals"]
        assert totals["offices"] == 2
        assert totals["issued"] == sum(desk_figures(d, DAY)["issued"] for d in (timur, barat))
        page = requests.get(f"{live_server.url}/?date={DAY.isoformat()}", timeout=10).text
        assert OFFICES["timur"][1] in page and OFFICES["barat"][1] in page
    finally:
        timur.close()
        barat.close()
