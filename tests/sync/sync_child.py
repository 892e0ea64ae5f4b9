"""Child process of the SIGKILL test: one sync run of a data dir through a given URL.

Usage: sync_child.py DATA_DIR URL BATCH_SIZE
"""

from __future__ import annotations

import sys
from pathlib import Path

import requests

from loket.store.migrate import open_database
from loket.sync.client import SyncClient, Timeouts
from loket.sync.engine import sync_once
from loket.sync.retry import RetryPolicy


def main() -> int:
    data_dir, url, batch = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    db = open_database(data_dir)
    try:
        client = SyncClient(url, requests.Session(), timeouts=Timeouts(1.0, 60.0))
        report = sync_once(db, client, policy=RetryPolicy(base=0.01, cap=0.05), batch_size=batch)
    finally:
        db.close()
    print("done", report.ok, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
