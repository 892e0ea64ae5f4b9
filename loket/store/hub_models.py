"""Office-hub tables: paired PCs, one-time pairing codes, operator sessions, RPC requests.

They live in the office database (same ``Base``, Alembic revision 0008) because what
they guard changes in the same transactions: ``hub_requests`` is written in the very
transaction of the queue change a LAN client asked for, so a hub killed between its
commit and its answer still knows the request was done (a retry gets the first answer,
never a second ticket). Tokens and sessions are kept only as SHA-256 hashes: a
copy of ``loket.db`` lets nobody act as a paired PC.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from loket.store.base import Base


class HubPc(Base):
    """A PC paired with this hub (a counter, the kiosk, the display...)."""

    __tablename__ = "hub_pcs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    paired_at: Mapped[datetime]
    last_seen: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class HubPairCode(Base):
    """A one-time pairing code an admin showed; short-lived, used at most once.

    The code is kept in clear only while it is live (the hub must check an HMAC made
    with it); it is blanked when used, and dropped a day after it expired.
    """

    __tablename__ = "hub_pair_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by: Mapped[str | None] = mapped_column(String(100))


class HubSession(Base):
    """An operator logged in on a paired PC; the hub acts as this user for that PC."""

    __tablename__ = "hub_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    pc_id: Mapped[int] = mapped_column(Integer, index=True)
    user_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class HubRequest(Base):
    """A LAN request that changed the office, with the answer it got (idempotency)."""

    __tablename__ = "hub_requests"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pc_id: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(index=True)
    response: Mapped[str] = mapped_column(Text)
