"""Follow-ups (documents due after the service) and the one rule of "overdue"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


def is_overdue(due_date: date, closed_on: date | None, as_of: date) -> bool:
    """The one definition of an overdue follow-up ("Tindak lanjut terlambat").

    Overdue means the document is still not handed over (``closed_on`` is None as of
    ``as_of``) after its due date. A document handed over late is no longer overdue: it
    is "handed over late" (``FollowUp.handed_over_late``), a different figure. The
    dashboard's tile and table, the reports and the CLI all count with this function,
    so they cannot disagree.
    """
    return closed_on is None and due_date < as_of


@dataclass(frozen=True)
class FollowUp:
    """A finished service whose document is due later."""

    ticket_id: str
    label: str
    service_day: date
    service_id: int
    due_date: date
    closed_on: date | None  # office-local date of the hand-over, if by the as-of date

    def is_overdue(self, as_of: date) -> bool:
        """Still open after its due date (see :func:`is_overdue`)."""
        return is_overdue(self.due_date, self.closed_on, as_of)

    @property
    def handed_over_late(self) -> bool:
        return self.closed_on is not None and self.closed_on > self.due_date


@dataclass(frozen=True)
class FollowUpFigures:
    total: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0  # the period's follow-ups open past the due date
    closed_late: int = 0
    backlog_before: int = 0  # open follow-ups from before the period
    backlog_overdue: int = 0  # ... of which past their due date

    @property
    def overdue_total(self) -> int:
        """Every follow-up overdue as of the judging day: the period's and older ones.

        What the dashboard's tile, the report's summary and the CLI show: the number of
        rows marked "Terlambat" in the follow-up table (which lists both).
        """
        return self.overdue + self.backlog_overdue

    @classmethod
    def of(
        cls,
        items: Sequence[FollowUp],
        as_of: date,
        backlog_before: int = 0,
        backlog_overdue: int = 0,
    ) -> FollowUpFigures:
        closed = [f for f in items if f.closed_on is not None]
        return cls(
            total=len(items),
            closed=len(closed),
            open=len(items) - len(closed),
            overdue=sum(1 for f in items if f.is_overdue(as_of)),
            closed_late=sum(1 for f in closed if f.handed_over_late),
            backlog_before=backlog_before,
            backlog_overdue=backlog_overdue,
        )
