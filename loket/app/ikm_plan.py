"""The IKM report's closing sections: the analysis and the follow-up plan of a period.

PermenPANRB 14/2017 ends an IKM report with the unit's analysis of its weakest elements
and its rencana tindak lanjut. A supervisor types both in the dashboard; they are saved
with the period (an office setting keyed by the period's first and last day) and printed
in the IKM report of exactly that period.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from loket.app.admin import require
from loket.app.audit import record
from loket.app.users import UserInfo
from loket.core.days import utc_now
from loket.core.errors import InvalidInput
from loket.core.periods import Period
from loket.core.roles import Permission
from loket.core.settings import IKM_FOLLOW_UP, OfficeSetting
from loket.store.database import Database
from loket.store.settings import read_setting, write_setting

TEXT_LIMIT = 4000


@dataclass(frozen=True)
class IkmFollowUp:
    analysis: str = ""
    plan: str = ""
    by: str = ""  # who saved it last


def _setting(period: Period) -> OfficeSetting[dict[str, Any] | None]:
    return IKM_FOLLOW_UP.at(f"{period.start.isoformat()}:{period.end.isoformat()}")


def load_ikm_follow_up(db: Database, period: Period) -> IkmFollowUp:
    with db.read() as s:
        return ikm_follow_up_in(s, period)


def ikm_follow_up_in(s: Session, period: Period) -> IkmFollowUp:
    value = read_setting(s, _setting(period))
    if value is None:
        return IkmFollowUp()
    return IkmFollowUp(
        str(value.get("analysis", "")), str(value.get("plan", "")), str(value.get("by", ""))
    )


def save_ikm_follow_up(
    db: Database, user: UserInfo, period: Period, analysis: str, plan: str
) -> IkmFollowUp:
    """Save the period's analysis and plan (supervisors and admins)."""
    actor = require(user, Permission.VIEW_FIGURES)
    analysis, plan = analysis.strip(), plan.strip()
    if len(analysis) > TEXT_LIMIT or len(plan) > TEXT_LIMIT:
        raise InvalidInput(f"Teks terlalu panjang (paling banyak {TEXT_LIMIT} huruf).")
    value = {"analysis": analysis, "plan": plan, "by": user.name, "at": utc_now().isoformat()}
    with db.write() as s:
        write_setting(s, _setting(period), value, role=user.role)
        record(s, actor, "ikm_follow_up_saved", period.label())
    return IkmFollowUp(analysis, plan, user.name)
