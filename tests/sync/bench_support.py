"""Helpers of the sync benchmarks (tests/benchmarks/test_sync_*.py): event backlogs cloned
from one simulated day, and a city server in a process of its own."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select

from loket.app.simulate import simulate_day
from loket.store.migrate import open_database
from loket.store.models import EventRow

READY_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class DayLog:
    day: date
    events: list[dict[str, Any]]  # EventRow columns, in seq order


def simulated_day(folder: Path, day: date, tickets: int = 150, seed: int = 1) -> DayLog:
    """One demo office day through the real engine; its event log as plain dicts."""
    db = open_database(folder)
    try:
        simulate_day(db, day, tickets, 3, seed=seed)
        with db.read() as s:
            rows = s.scalars(select(EventRow).order_by(EventRow.seq)).all()
            events = [
                {
                    "id": r.id,
                    "ticket_id": r.ticket_id,
                    "kind": r.kind,
                    "at": r.at,
                    "counter_id": r.counter_id,
                    "user_id": r.user_id,
                    "data": dict(r.data),
                }
                for r in rows
            ]
    finally:
        db.close()
    return DayLog(day, events)


def clone_day(log: DayLog, shift_days: int) -> list[dict[str, Any]]:
    """The same day ``shift_days`` later, with fresh event and ticket UUIDs (a transfer's
    links to other tickets follow), so the server projects it like a real new day."""
    tickets: dict[str, str] = {}

    def ticket(old: str) -> str:
        if old not in tickets:
            tickets[old] = str(uuid.uuid4())
        return tickets[old]

    shift = timedelta(days=shift_days)
    out = []
    for event in log.events:
        data = dict(event["data"])
        for key in ("origin_ticket_id", "successor_id"):
            if data.get(key):
                data[key] = ticket(data[key])
        for key in ("service_day", "due_date"):
            if data.get(key):
                data[key] = (date.fromisoformat(data[key]) + shift).isoformat()
        if data.get("issued_at"):
            data["issued_at"] = (datetime.fromisoformat(data["issued_at"]) + shift).isoformat()
        out.append(
            {
                **event,
                "id": str(uuid.uuid4()),
                "ticket_id": ticket(event["ticket_id"]),
                "at": event["at"] + shift,
                "data": data,
            }
        )
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """``uvicorn --factory loket.server.app:app_from_env`` in its own process(es)."""

    def __init__(self, db_url: str, *, workers: int = 1, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "LOKET_SERVER_DB": db_url, "LOKET_SERVER_RATE": "1000000"}
        self._log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "loket.server.app:app_from_env",
             "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers),
             "--log-level", "warning", "--no-access-log"],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:  # readiness has no event to wait on: poll, bounded
            try:
                if requests.get(f"{self.url}/api/v1/health", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"server did not start; see {log}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
