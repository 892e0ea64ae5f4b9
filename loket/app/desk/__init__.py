"""The queue use cases (issue, call next, call, recall, skip, start, finish, transfer...).

``Desk`` runs each in one transaction on pre-compiled statements; see ``usecases``.
"""

from loket.app.desk.closing import DAY_CLOSED_REASON, CloseResult
from loket.app.desk.estimate import OPEN_COUNTER_WINDOW, RECENT_SERVED
from loket.app.desk.issuing import IssueResult
from loket.app.desk.lookup import parse_label
from loket.app.desk.usecases import Clock, Desk

__all__ = [
    "DAY_CLOSED_REASON",
    "OPEN_COUNTER_WINDOW",
    "RECENT_SERVED",
    "Clock",
    "CloseResult",
    "Desk",
    "IssueResult",
    "parse_label",
]
