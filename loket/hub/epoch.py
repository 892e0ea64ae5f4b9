"""Epochs: which PC is the office's hub now, and how the others find out.

Every hub serves under an epoch number kept in ``hub_epochs`` (replicated to every
client). The first ``loket hub run`` opens epoch 1; a take-over (``loket hub promote``)
opens the next one, recording the last event the new hub held (``start_seq``). A hub
asks the office's PCs (the addresses and certificates in ``hub_members``, replicated
too) whether one of them serves a higher epoch; if so it stops serving: it is fenced.
A PC proves it is a member by its certificate, whose SHA-256 the office already knows,
so a stranger on the LAN cannot claim an epoch.
"""

from __future__ import annotations

import logging
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text

from loket.core.days import utc_now
from loket.store.database import Database
from loket.store.models import EventRow
from loket.store.takeover_models import HubEpoch, HubMember

log = logging.getLogger(__name__)

#: A new hub's events are numbered from this far past what it held, so no number of
#: the office's sequence is ever given to two events (the old hub may have used some).
SEQ_GAP = 1000
PROBE_TIMEOUT_S = 1.0


@dataclass(frozen=True)
class Term:
    epoch: int
    start_seq: int
    fingerprint: str
    pc_name: str
    host: str
    port: int
    started_at: datetime


#: One term of a lineage: (epoch, start_seq, fingerprint of the PC that served it).
Step = tuple[int, int, str]


@dataclass(frozen=True)
class Candidate:
    """A member that answered as hub."""

    url: str
    fingerprint: str
    epoch: int
    pc_name: str
    epochs: tuple[Step, ...] = ()  # its lineage, as the hub told


def _term(row: HubEpoch) -> Term:
    return Term(row.epoch, row.start_seq, row.fingerprint, row.pc_name, row.host, row.port,
                row.started_at)  # fmt: skip


def current_term(db: Database) -> Term | None:
    with db.read() as s:
        row = s.scalars(select(HubEpoch).order_by(HubEpoch.epoch.desc()).limit(1)).first()
        return _term(row) if row is not None else None


def terms(db: Database) -> list[Term]:
    with db.read() as s:
        return [_term(r) for r in s.scalars(select(HubEpoch).order_by(HubEpoch.epoch))]


def lineage(db: Database) -> list[Step]:
    """The terms this PC's log went through, oldest first (what ``hello`` tells)."""
    return [(t.epoch, t.start_seq, t.fingerprint) for t in terms(db)]


def parse_lineage(told: Any) -> tuple[Step, ...]:
    """A lineage from JSON: ``[epoch, start_seq, fingerprint]`` lists (a hub of the
    first take-over release told ``[epoch, start_seq]``: its fingerprint is unknown)."""
    steps = []
    for item in told if isinstance(told, list) else []:
        if isinstance(item, list) and len(item) in (2, 3):
            try:
                steps.append((int(item[0]), int(item[1]), str(item[2]) if len(item) == 3 else ""))
            except (TypeError, ValueError):
                continue
    return tuple(steps)


def shared_upto(mine: Any, theirs: Any) -> int | None:
    """The last event seq two PCs' logs surely share, from their lineages; None when
    they went through the same terms (one log is then a prefix of the other).

    A take-over opens a term from the replica's last event: every log is the terms'
    prefixes laid end to end. Past the last term both lineages hold, the two logs part
    at the earlier of their next terms' starts; past that point an event's number says
    nothing (two PCs promoted from the same event number their own events alike), so
    every event after it is the one log's and not the other's.
    """
    n = 0
    while n < len(mine) and n < len(theirs) and _same_step(mine[n], theirs[n]):
        n += 1
    starts = [int(steps[n][1]) for steps in (mine, theirs) if n < len(steps)]
    return min(starts) if starts else None


def _same_step(a: Any, b: Any) -> bool:
    if int(a[0]) != int(b[0]) or int(a[1]) != int(b[1]):
        return False
    # Two PCs promoted in the same millisecond could draw the same epoch number.
    return not (a[2] and b[2]) or a[2] == b[2]


def last_seq(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.max(EventRow.seq))) or 0)


def begin_term(db: Database, fingerprint: str, pc_name: str, host: str, port: int) -> Term:
    """The term this hub serves: its own latest, or a new one if another PC held the last."""
    with db.write() as s:
        row = s.scalars(select(HubEpoch).order_by(HubEpoch.epoch.desc()).limit(1)).first()
        if row is not None and row.fingerprint == fingerprint:
            row.host, row.port = host, port
            return _term(row)
        number = next_epoch(row.epoch) if row is not None else 1
        return _open_term(s, number, fingerprint, pc_name, host, port, gap=row is not None)


def take_over(db: Database, fingerprint: str, pc_name: str, host: str, port: int) -> Term:
    """Open the next epoch on this replica: from now on this PC is the office's hub."""
    with db.write() as s:
        top = s.scalar(select(func.max(HubEpoch.epoch))) or 0
        return _open_term(s, next_epoch(int(top)), fingerprint, pc_name, host, port, gap=True)


def next_epoch(top: int) -> int:
    """Above every epoch this PC knows, and above any a take-over it never heard of could
    have opened before now: two replicas promoted one after the other, the second
    unaware of the first, must not both serve "epoch 2" (the later one must win)."""
    return max(top + 1, time.time_ns() // 1_000_000)


def _open_term(
    s: Any, epoch: int, fingerprint: str, pc_name: str, host: str, port: int, *, gap: bool
) -> Term:
    start = int(s.scalar(select(func.max(EventRow.seq))) or 0)
    row = HubEpoch(epoch=epoch, started_at=utc_now(), start_seq=start, fingerprint=fingerprint,
                   pc_name=pc_name[:100], host=host[:100], port=port)  # fmt: skip
    s.add(row)
    if gap:
        # AUTOINCREMENT continues after sqlite_sequence: move it past the gap.
        s.flush()
        held = s.execute(
            text("SELECT seq FROM sqlite_sequence WHERE name = 'ticket_events'")
        ).scalar()
        if held is None:
            s.execute(
                text("INSERT INTO sqlite_sequence (name, seq) VALUES ('ticket_events', :v)"),
                {"v": start + SEQ_GAP},
            )
        else:
            s.execute(
                text("UPDATE sqlite_sequence SET seq = :v WHERE name = 'ticket_events'"),
                {"v": max(int(held), start + SEQ_GAP)},
            )
    s.flush()
    return _term(row)


def register_member(db: Database, pc_id: int, fingerprint: str, host: str, port: int) -> bool:
    """Record where a PC would serve and with which certificate; True when it changed."""
    with db.write() as s:
        row = s.get(HubMember, pc_id)
        if row is not None and (row.fingerprint, row.host, row.port) == (fingerprint, host, port):
            return False
        if row is None:
            s.add(HubMember(pc_id=pc_id, fingerprint=fingerprint, host=host[:100], port=port,
                            updated_at=utc_now()))  # fmt: skip
        else:
            row.fingerprint, row.host, row.port = fingerprint, host[:100], port
            row.updated_at = utc_now()
        return True


def member_addresses(db: Database) -> list[tuple[str, int, str]]:
    """(host, port, fingerprint) of every PC that could be serving, newest term first."""
    with db.read() as s:
        found: list[tuple[str, int, str]] = [
            (t.host, t.port, t.fingerprint)
            for t in s.scalars(select(HubEpoch).order_by(HubEpoch.epoch.desc()))
        ]
        found += [(m.host, m.port, m.fingerprint) for m in s.scalars(select(HubMember))]
    seen: set[tuple[str, int, str]] = set()
    unique = []
    for item in found:
        if item not in seen and item[0] and item[1]:
            seen.add(item)
            unique.append(item)
    return unique


def known_fingerprints(db: Database) -> set[str]:
    with db.read() as s:
        return set(s.scalars(select(HubMember.fingerprint))) | set(
            s.scalars(select(HubEpoch.fingerprint))
        )


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"https://{shown}:{port}"


def probe(host: str, port: int, fingerprint: str, timeout: float = PROBE_TIMEOUT_S) -> Any:
    """The hello of the hub at host:port if it shows ``fingerprint``; else None."""
    import requests

    from loket.client.lan import pinned_session

    session = pinned_session(fingerprint, connections=1)
    try:
        response = session.get(url_of(host, port) + "/api/v1/hello", timeout=(timeout, timeout))
        if response.status_code != 200:
            return None
        body = response.json()
        return body if isinstance(body, dict) else None
    except (requests.RequestException, ValueError, OSError):
        return None
    finally:
        session.close()


def newer_hub(
    addresses: list[tuple[str, int, str]], than_epoch: int, *, skip_fingerprint: str = ""
) -> Candidate | None:
    """The member serving the highest epoch above ``than_epoch``, asked all at once."""
    targets = [a for a in addresses if a[2] != skip_fingerprint]
    if not targets:
        return None
    with ThreadPoolExecutor(max_workers=min(8, len(targets))) as pool:
        answers = list(pool.map(lambda a: (a, probe(*a)), targets))
    best: Candidate | None = None
    for (host, port, fingerprint), hello in answers:
        if not hello or hello.get("role", "hub") != "hub":
            continue
        try:
            epoch = int(hello.get("epoch") or 0)
        except (TypeError, ValueError):
            continue
        if epoch > than_epoch and (best is None or epoch > best.epoch):
            name = str(hello.get("pc_name") or host)
            told = parse_lineage(hello.get("epochs"))
            best = Candidate(url_of(host, port), fingerprint, epoch, name, told)
    return best


def hostname() -> str:
    return socket.gethostname() or "PC"
