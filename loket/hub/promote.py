"""Changing a PC's role in a take-over: promote a client, demote a fenced hub.

Promote (``loket hub promote``, the admin's "Jadikan PC ini PC utama"): the client's
replica is already a complete office database in its data folder, so the PC opens the
next epoch in it and becomes the hub; its own pairing token stays valid (the new hub
holds every PC's token hash), so it can become a client again later.

Demote: a hub that finds a newer epoch stops. Its events after the new hub's starting
point never reached the new hub: they are never merged silently. The whole file is moved
to ``<data>/aside/epoch-N-<time>/`` with ``aside.json`` listing those events ticket by
ticket (``loket hub aside``), each of which an admin can re-enter as a new ticket with a
note; the PC then follows the new hub as a client, with a fresh replica.
"""

from __future__ import annotations

import json
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from loket.app.desk.reentry import AsideTicket
from loket.client.pc import CLIENT, HUB, PcConfig, read_pc, write_pc
from loket.core.days import utc_now
from loket.core.errors import InvalidInput, LoketError, NotFound
from loket.core.tickets import PriorityReason, ticket_label
from loket.hub import epoch as epochs
from loket.store.database import Database, connect
from loket.store.hub_models import HubPc
from loket.store.models import EventRow, Service, TicketRow

ASIDE_DIR = "aside"
ASIDE_FILE = "aside.json"
REPLICA_FILE = "replica.json"
DB_FILES = ("loket.db", "loket.db-wal", "loket.db-shm")


def ensure_self_pc(db: Database, data_dir: Path, office: str) -> PcConfig:
    """This hub's own pairing row and token (it needs one to follow a later hub)."""
    from loket.hub.pairing import digest

    config = read_pc(data_dir)
    with db.write() as s:
        if config.token:
            row = s.scalars(select(HubPc).where(HubPc.token_hash == digest(config.token))).first()
            if row is not None and row.revoked_at is None:
                return config
        base = f"PC utama {epochs.hostname()}"[:90]
        name, n = base, 1
        while s.scalars(select(HubPc).where(HubPc.name == name)).first() is not None:
            n += 1
            name = f"{base} ({n})"
        token = secrets.token_urlsafe(32)
        s.add(HubPc(name=name, token_hash=digest(token), paired_at=utc_now()))
    config = PcConfig(role=HUB, office=office, token=token, pc_name=name,
                      paired_at=utc_now().isoformat())  # fmt: skip
    write_pc(data_dir, config)
    return config


# -- freshness and promotion ---------------------------------------------------------------


@dataclass(frozen=True)
class Freshness:
    last_seq: int
    last_at: datetime | None
    hub_seq: int | None  # what the hub last announced to this replica
    hub_at: datetime | None
    checked_at: datetime | None  # when this replica last heard from the hub
    epoch: int

    @property
    def behind(self) -> int | None:
        return None if self.hub_seq is None else max(self.hub_seq - self.last_seq, 0)

    def as_json(self) -> dict[str, Any]:
        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {"last_seq": self.last_seq, "last_at": iso(self.last_at), "hub_seq": self.hub_seq,
                "hub_at": iso(self.hub_at), "checked_at": iso(self.checked_at),
                "behind": self.behind, "epoch": self.epoch}  # fmt: skip


def read_replica_note(data_dir: Path) -> dict[str, Any]:
    path = data_dir / REPLICA_FILE
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def write_replica_note(data_dir: Path, note: dict[str, Any]) -> None:
    path = data_dir / REPLICA_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(note, indent=2), encoding="utf-8")
    tmp.replace(path)


def _when(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def freshness(db: Database, data_dir: Path) -> Freshness:
    with db.read() as s:
        last = s.execute(select(EventRow.seq, EventRow.at).order_by(EventRow.seq.desc())).first()
    note = read_replica_note(data_dir)
    term = epochs.current_term(db)
    hub_seq = note.get("head_seq")
    return Freshness(
        last_seq=int(last[0]) if last else 0,
        last_at=last[1] if last else None,
        hub_seq=int(hub_seq) if isinstance(hub_seq, int) else None,
        hub_at=_when(note.get("head_at")),
        checked_at=_when(note.get("checked_at")),
        epoch=term.epoch if term else 0,
    )


def promote(db: Database, data_dir: Path, host: str, port: int) -> epochs.Term:
    """Make this client the office's hub from its replica (see the module docstring)."""
    from loket.app.office import has_office
    from loket.hub.cert import ensure_certificate

    config = read_pc(data_dir)
    if config.role != CLIENT:
        raise LoketError("PC ini bukan PC klien: hanya PC klien yang dapat menjadi PC utama.")
    if not has_office(db) or epochs.current_term(db) is None:
        raise LoketError(
            "Salinan data kantor di PC ini belum lengkap: PC ini belum pernah tersambung "
            "ke PC utama sejak dipasangkan, jadi tidak dapat menggantikannya."
        )
    cert = ensure_certificate(data_dir)
    term = epochs.take_over(db, cert.fingerprint, config.pc_name or epochs.hostname(), host,
                            port)  # fmt: skip
    write_pc(data_dir, PcConfig(role=HUB, office=config.office, token=config.token,
                                pc_name=config.pc_name, paired_at=config.paired_at))  # fmt: skip
    return term


# -- demotion and what is set aside --------------------------------------------------------


def cut_for(theirs: Any, mine: Any) -> int | None:
    """Where this hub's log parts from the new hub's, from both lineages (see
    ``epoch.shared_upto``): every event of this hub after it is one the new hub lacks.

    Not merely the new hub's start: it may have been promoted from a PC that never saw
    this hub's term, or from a sibling numbering its events alike. None when the new hub
    told no lineage (the caller then sets aside everything of its own term).
    """
    if not theirs:
        return None
    return epochs.shared_upto(list(mine), list(theirs))


def collect_aside(db: Database, cut: int) -> list[dict[str, Any]]:
    """This hub's events after ``cut``, one entry per ticket they touch."""
    entries: dict[str, dict[str, Any]] = {}
    with db.read() as s:
        services = {sv.id: sv.name for sv in s.scalars(select(Service))}
        rows = s.scalars(select(EventRow).where(EventRow.seq > cut).order_by(EventRow.seq))
        for row in rows:
            entry = entries.get(row.ticket_id)
            if entry is None:
                ticket = s.get(TicketRow, row.ticket_id)
                entry = {
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
                entries[row.ticket_id] = entry
            if row.kind == "issued":
                entry["issued_here"] = True  # a number the new hub never heard of
            entry["events"].append(
                {"seq": row.seq, "id": row.id, "kind": row.kind, "at": row.at.isoformat()}
            )
    return list(entries.values())


def _root_of(s: Any, ticket_id: str) -> str:
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


def set_aside(data_dir: Path, epoch: int, by: epochs.Candidate, entries: list[dict[str, Any]],
              cut: int) -> Path:  # fmt: skip
    """Move the closed database into ``aside/`` with the list of what never reached ``by``."""
    stamp = utc_now().strftime("%Y%m%dT%H%M%S")
    folder = data_dir / ASIDE_DIR / f"epoch-{epoch}-{stamp}"
    folder.mkdir(parents=True, exist_ok=True)
    for name in DB_FILES:
        source = data_dir / name
        if source.exists():
            shutil.move(str(source), str(folder / name))
    record = {"epoch": epoch, "replaced_by": {"url": by.url, "epoch": by.epoch,
              "pc_name": by.pc_name}, "cut_seq": cut, "at": utc_now().isoformat(),
              "entries": entries}  # fmt: skip
    (folder / ASIDE_FILE).write_text(json.dumps(record, indent=2, ensure_ascii=False),
                                     encoding="utf-8")  # fmt: skip
    return folder


def become_client(data_dir: Path, by: epochs.Candidate) -> PcConfig:
    config = read_pc(data_dir)
    if not config.token:
        raise LoketError("PC ini tidak punya token pemasangan: pasangkan ulang ke PC utama baru.")
    client = PcConfig(role=CLIENT, hub_url=by.url, fingerprint=by.fingerprint,
                      token=config.token, pc_name=config.pc_name, office=config.office,
                      paired_at=config.paired_at)  # fmt: skip
    write_pc(data_dir, client)
    return client


def aside_records(data_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for path in sorted((data_dir / ASIDE_DIR).glob(f"*/{ASIDE_FILE}")):
        try:
            found.append((path, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    return found


def aside_entries(data_dir: Path) -> list[dict[str, Any]]:
    """Every set-aside entry on this PC, with the take-over it came from."""
    out = []
    for _path, record in aside_records(data_dir):
        for entry in record.get("entries", []):
            out.append({**entry, "epoch": record.get("epoch"), "set_aside_at": record.get("at")})
    return out


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


def in_office_log(data_dir: Path, entries: list[dict[str, Any]]) -> set[str]:
    """``back_in_log`` against this PC's replica of the serving hub (``set()`` when there
    is no readable replica yet)."""
    wanted = {str(e["id"]) for entry in entries for e in entry.get("events", [])}
    if not wanted or not (data_dir / DB_FILES[0]).is_file():
        return set()
    try:
        db = connect(data_dir, readonly=True)
    except LoketError:
        return set()
    try:
        with db.read() as s:
            held = set(s.scalars(select(EventRow.id).where(EventRow.id.in_(wanted))))
    except (LoketError, SQLAlchemyError):
        return set()  # no readable replica: nothing to tell
    finally:
        db.close()
    return back_in_log(held, entries)


def find_aside(data_dir: Path, entry_id: str) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    for path, record in aside_records(data_dir):
        for entry in record.get("entries", []):
            if str(entry.get("id")) == entry_id or entry.get("label") == entry_id:
                return path, record, entry
    raise NotFound(f"Tidak ada kejadian yang disisihkan dengan nomor {entry_id!r}.")


def mark_reentered(path: Path, record: dict[str, Any], entry: dict[str, Any], label: str,
                   note: str, by: str) -> None:  # fmt: skip
    if not note.strip():
        raise InvalidInput("Catatan wajib diisi: tulis mengapa nomor ini dimasukkan ulang.")
    entry["reentered_as"] = label
    entry["note"] = note.strip()
    entry["reentered_by"] = by
    entry["reentered_at"] = utc_now().isoformat()
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
