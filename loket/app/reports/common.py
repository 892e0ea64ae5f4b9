"""What the head of every report needs: the local time of the office (its office and
letterhead are read in the report's own snapshot)."""

from __future__ import annotations

from datetime import datetime

from loket.app.office import OfficeInfo
from loket.core.days import utc_now


def local_now(office: OfficeInfo, now: datetime | None) -> datetime:
    return (now or utc_now()).astimezone(office.tz).replace(tzinfo=None)
