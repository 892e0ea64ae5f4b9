"""The office's letterhead (kop surat) and signatories: one row per office.

A table of its own rather than columns of ``offices``: the logo is a binary image, read
only when a document is made, never with the office's set-up the desks cache.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from loket.store import models as _models  # noqa: F401 - the table our foreign key names
from loket.store.base import Base


class LetterheadRow(Base):
    __tablename__ = "office_letterheads"

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    government: Mapped[str] = mapped_column(String(200), default="")
    district: Mapped[str] = mapped_column(String(200), default="")
    office: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    head_title: Mapped[str] = mapped_column(String(200), default="Lurah")
    head_name: Mapped[str] = mapped_column(String(200), default="")
    head_nip: Mapped[str] = mapped_column(String(200), default="")
    officer_title: Mapped[str] = mapped_column(String(200), default="Kasi Pelayanan")
    officer_name: Mapped[str] = mapped_column(String(200), default="")
    officer_nip: Mapped[str] = mapped_column(String(200), default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    updated_at: Mapped[datetime]
