"""``loket server offices [--json]``: every office, its PCs, their last sync, revoked/stale.

What a city's IT desk asks first when a kelurahan calls: is the office enrolled, which
PCs does it have, when did each last sync, which were revoked, and which are silent
(stale: not heard from for more than a day, as on the city page).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.server.city import STALE_AFTER
from loket.server.models import DeskRow, OfficeRow


@dataclass(frozen=True)
class DeskLine:
    id: str
    name: str
    enrolled_at: datetime
    last_seen: datetime | None
    last_push: datetime | None
    revoked: bool
    stale: bool
    app_version: str | None
    unsent: int | None
    clock_skew_seconds: int | None


@dataclass(frozen=True)
class OfficeLine:
    code: str
    name: str
    zone: str
    last_sync: datetime | None
    stale: bool
    desks: list[DeskLine]


def office_lines(s: Session, now: datetime) -> list[OfficeLine]:
    offices = s.scalars(select(OfficeRow).order_by(OfficeRow.code)).all()
    desks: dict[int, list[DeskRow]] = {}
    for desk in s.scalars(select(DeskRow).order_by(DeskRow.enrolled_at)):
        desks.setdefault(desk.office_id, []).append(desk)
    out = []
    for office in offices:
        lines = [
            DeskLine(
                d.id,
                d.name,
                d.enrolled_at,
                d.last_seen_at,
                d.last_push_at,
                d.revoked,
                not d.revoked and (d.last_seen_at is None or now - d.last_seen_at > STALE_AFTER),
                d.app_version,
                d.unsent,
                d.clock_skew_seconds,
            )
            for d in desks.get(office.id, [])
        ]
        active = [d for d in lines if not d.revoked]
        seen = [d.last_seen for d in active if d.last_seen is not None]
        out.append(
            OfficeLine(
                office.code,
                office.name,
                office.zone,
                max(seen) if seen else None,
                not active or any(d.stale for d in active),
                lines,
            )
        )
    return out


def _when(at: datetime | None) -> str:
    return at.strftime("%d-%m-%Y %H:%M UTC") if at is not None else "belum pernah"


def render(lines: list[OfficeLine]) -> str:
    if not lines:
        return "Belum ada kantor terdaftar (loket server add-office)."
    text = []
    for o in lines:
        flag = "  ⚠ perlu dicek" if o.stale else ""
        text.append(f"{o.code}  {o.name}  ({o.zone}) · sinkron terakhir {_when(o.last_sync)}{flag}")
        if not o.desks:
            text.append("    (belum ada PC terdaftar)")
        for d in o.desks:
            state = "DICABUT" if d.revoked else ("DIAM > 1 hari" if d.stale else "aktif")
            extra = f" · belum terkirim {d.unsent}" if d.unsent else ""
            text.append(
                f"    {d.name:<20} {state:<14} terakhir {_when(d.last_seen)}{extra} · id {d.id}"
            )
    return "\n".join(text)


def to_json(lines: list[OfficeLine]) -> list[dict[str, Any]]:
    return json.loads(json.dumps([asdict(o) for o in lines], default=_iso))  # type: ignore[no-any-return]


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)
