"""A set-aside list: the events a PC held that the office's log lacked when it parted.

Two kinds of PC write one (``<data>/aside/<folder>/aside.json``): a hub that finds it was
replaced (``promote.set_aside``: its whole file goes with the list) and a replica that
follows a new hub and drops what that hub never had (``truncate``: it may be the last PC
holding them, when the old hub's disk died). The list is a record, not a state: whether
an entry is set aside *now* is asked of the office's log (``still_aside``; the hub does it
for ``loket hub aside``), because a later take-over may bring an event back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.app.desk.reentry import AsideTicket
from loket.core.days import utc_now
from loket.core.tickets import PriorityReason, ticket_label
from loket.store.models import EventRow, Service, TicketRow

ASIDE_DIR = "aside"
ASIDE_FILE = "aside.json"


def entries_after(s: Session, cut: int) -> list[dict[str, Any]]:
    """This PC's events after ``cut``, one entry per ticket they touch (``aside.json``)."""
    entries: dict[str, dict[str, Any]] = {}
    services = {sv.id: sv.name for sv in s.scalars(select(Service))}
    for row in s.scalars(select(EventRow).where(EventRow.seq > cut).order_by(EventRow.seq)):
        entry = entries.get(row.ticket_id)
        if entry is None:
            entry = entries[row.ticket_id] = _entry(s, row, services)
        if row.kind == "issued":
            entry["issued_here"] = True  # a number the new hub never heard of
        entry["events"].append(
            {"seq": row.seq, "id": row.id, "kind": row.kind, "at": row.at.isoformat()}
        )
    return list(entries.values())


def _entry(s: Session, row: EventRow, services: dict[int, str]) -> dict[str, Any]:
    ticket = s.get(TicketRow, row.ticket_id)
    return {
        "id": f"{row.seq}",
        "ticket_id": row.ticket_id,
        "root_id": _root_of(s, row.ticket_id),
        "label": ticket_label(ticket.prefix, ticket.number) if ticket else "?",
        "service_id": ticket.service_id if ticket else None,
        "service": services.get(ticket.service_id, "") if ticket else "",
        "priority_reason": ticket.priority_reason if ticket else None,
        "state": ticket.state if ticket else None,
        "issued_here": False,
        "events": [],
        "reentered_as": None,
        "note": None,
    }


def _root_of(s: Session, ticket_id: str) -> str:
    """The citizen's first ticket: the one a re-entered ticket was issued for, or itself."""
    data = s.scalars(
        select(EventRow.data).where(EventRow.ticket_id == ticket_id, EventRow.kind == "issued")
    ).first()
    root = data.get("reentry_of") if isinstance(data, dict) else None
    return str(root) if root else ticket_id


def aside_ticket(entry: dict[str, Any]) -> AsideTicket:
    """An entry of a set-aside list as the hub checks and re-enters it."""
    reason = entry.get("priority_reason")
    service = entry.get("service_id")
    return AsideTicket(
        ticket_id=str(entry["ticket_id"]),
        root_id=str(entry.get("root_id") or entry["ticket_id"]),
        service_id=int(service) if service is not None else None,
        priority_reason=PriorityReason(reason) if reason else None,
    )


def write_record(folder: Path, record: dict[str, Any]) -> Path:
    """``aside.json`` in ``folder`` (made if needed), written whole then renamed."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ASIDE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return path


def replica_record(data_dir: Path, entries: list[dict[str, Any]], epoch: int, by_epoch: int,
                   by_name: str, cut: int) -> Path:  # fmt: skip
    """What a replica dropped on following a new hub, listed like a replaced hub's."""
    stamp = utc_now().strftime("%Y%m%dT%H%M%S%f")
    record = {"epoch": epoch, "replaced_by": {"url": "", "epoch": by_epoch, "pc_name": by_name},
              "cut_seq": cut, "at": utc_now().isoformat(), "entries": entries,
              "from_replica": True}  # fmt: skip
    return write_record(data_dir / ASIDE_DIR / f"replica-{epoch}-{stamp}", record)


def still_aside(held: set[str], entries: list[dict[str, Any]]) -> set[str]:
    """The ids of the listed events that are set aside now: those the office's log
    (``held``, its event ids) lacks.

    Why a question and not a flag in the file: a set-aside list records what a replaced
    hub held that the office's log lacked *then*; a later take-over that promotes a PC
    whose replica still held one of those events brings it back into the office's log
    (and so to the city). An event is in the office's log or set aside, never both, so
    which of a list is set aside is asked of the office's log each time (issue 13, found
    by the property test).
    """
    return {str(e["id"]) for entry in entries for e in entry.get("events", [])} - held


def back_in_log(held: set[str], entries: list[dict[str, Any]]) -> set[str]:
    """The ids of the entries with an event back in the office's log (``held``): the
    citizen's ticket is in the office again, so re-entering it would give a second one."""
    return {
        str(entry.get("id"))
        for entry in entries
        if any(str(e["id"]) in held for e in entry.get("events", []))
    }
