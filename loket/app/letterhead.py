"""Reading and saving the office's letterhead (kop surat) and signatories."""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy.orm import Session

from loket.app.admin import require
from loket.app.audit import record
from loket.app.office import load_office
from loket.app.users import UserInfo
from loket.core.days import utc_now
from loket.core.letterhead import Letterhead
from loket.core.roles import Permission
from loket.store.database import Database
from loket.store.letterhead_models import LetterheadRow

_TEXT = tuple(f.name for f in fields(Letterhead) if f.name != "logo")


def letterhead_in(session: Session) -> Letterhead:
    """The office's letterhead; an office that never set one gets the defaults."""
    office = load_office(session)
    row = session.get(LetterheadRow, office.id)
    if row is None:
        return Letterhead()
    return Letterhead(**{name: getattr(row, name) for name in _TEXT}, logo=row.logo)


def load_letterhead(db: Database) -> Letterhead:
    with db.read() as s:
        return letterhead_in(s)


def save_letterhead(db: Database, user: UserInfo, letterhead: Letterhead) -> Letterhead:
    """Check and store the letterhead (admins only); the audit trail names who did it."""
    actor = require(user, Permission.ADMIN_OFFICE)
    clean = letterhead.cleaned()
    with db.write() as s:
        office = load_office(s)
        row = s.get(LetterheadRow, office.id)
        if row is None:
            row = LetterheadRow(office_id=office.id, updated_at=utc_now())
            s.add(row)
        changed = [name for name in _TEXT if getattr(row, name, None) != getattr(clean, name)]
        for name in _TEXT:
            setattr(row, name, getattr(clean, name))
        if row.logo != clean.logo:
            changed.append("logo")
        row.logo = clean.logo
        row.updated_at = utc_now()
        record(s, actor, "letterhead_changed", office.code, fields=changed)
    return clean
