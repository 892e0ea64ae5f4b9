"""What the head of every report needs: the office, its letterhead, the local time."""

from __future__ import annotations

from datetime import datetime

from loket.app.letterhead import letterhead_in
from loket.app.office import OfficeInfo, load_office
from loket.core.days import utc_now
from loket.core.letterhead import Letterhead
from loket.store.database import Database


def office_of(db: Database) -> OfficeInfo:
    with db.read() as s:
        return load_office(s)


def letterhead_of(db: Database) -> Letterhead:
    with db.read() as s:
        return letterhead_in(s)


def local_now(office: OfficeInfo, now: datetime | None) -> datetime:
    return (now or utc_now()).astimezone(office.tz).replace(tzinfo=None)
