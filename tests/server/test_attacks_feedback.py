"""Odd feedback items on a real server (SQLite and PostgreSQL): each rejected alone.

Found by attacking a running server: a hand-over timed in year 1 at +14:00 (before UTC's
year 1) was a 500 for its whole batch, so the desk's feedback never got through again;
JSON ``true`` counted as a score of 1; Python's English parse errors were the reasons.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import requests
from sqlalchemy import func, select

from loket.server.admin import add_office
from loket.server.satisfaction_models import ServerClosure, ServerRating, ServerSkmResponse

from .live import LiveServer

CODE = "32.73.01.1001"


def test_odd_feedback_items_are_rejected_alone_with_an_indonesian_reason(
    live_server: LiveServer,
) -> None:
    secret = add_office(live_server.db, code=CODE, name="Kelurahan Uji", now=datetime.now(UTC))
    desk = requests.post(f"{live_server.url}/api/v1/enroll",
                         json={"code": secret.enrollment_code}, timeout=10).json()  # fmt: skip
    today = datetime.now(UTC).date().isoformat()
    odd: list[tuple[str, str, dict[str, Any]]] = [
        ("closure", today, {"closed_at": "0001-01-01T00:00:00+14:00"}),
        ("closure", today, {"closed_at": "kemarin"}),
        ("rating", today, {"score": True}),
        ("skm", today, {"scores": [True] * 9}),
        ("rating", "2026-13-45", {"score": 4}),
    ]
    items = [{"seq": i + 1, "kind": kind, "key": str(uuid.uuid4()), "day": day, "data": data}
             for i, (kind, day, data) in enumerate(odd)]  # fmt: skip
    good = {"seq": len(items) + 1, "kind": "rating", "key": str(uuid.uuid4()), "day": today,
            "data": {"score": 4}}  # fmt: skip
    body = {"office_code": CODE, "desk_id": desk["desk_id"], "after_seq": 0,
            "items": [*items, good]}  # fmt: skip
    response = requests.post(f"{live_server.url}/api/v1/feedback", json=body,
                             headers={"Authorization": f"Bearer {desk['token']}"},
                             timeout=10)  # fmt: skip
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["rejected"] * len(odd) + ["accepted"]
    for result in results[:-1]:
        assert "Invalid" not in result["reason"], result["reason"]  # Python's English
    with live_server.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ServerClosure)) == 0
        assert s.scalar(select(func.count()).select_from(ServerSkmResponse)) == 0
        assert s.scalars(select(ServerRating.score)).all() == [4]
