"""Take-over tables: the hub's epochs and the office PCs that can take the hub's place.

Replicated to every client with the rest of the set-up, so any client that is promoted
knows every PC's certificate (the clients follow it without pairing again) and the
history of epochs (an old hub that comes back sees it was replaced and from which event
on: those after ``start_seq`` never reached the new hub and are set aside).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from loket.store.base import Base


class HubEpoch(Base):
    """One hub's term: epoch 1 is the first ``loket hub run``, each take-over adds one."""

    __tablename__ = "hub_epochs"

    epoch: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    started_at: Mapped[datetime]
    #: The last event the new hub held when it took over: later ones of the old hub are
    #: not part of the office's log.
    start_seq: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    pc_name: Mapped[str] = mapped_column(String(100))
    host: Mapped[str] = mapped_column(String(100))
    port: Mapped[int] = mapped_column(Integer)


class HubMember(Base):
    """A PC of the office (its pairing row) with the certificate it would serve with."""

    __tablename__ = "hub_members"

    pc_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    fingerprint: Mapped[str] = mapped_column(String(64))
    host: Mapped[str] = mapped_column(String(100))
    port: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime]
