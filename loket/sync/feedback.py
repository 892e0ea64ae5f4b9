"""The desk's satisfaction outbox: ratings, SKM answers and hand-overs not yet at the city.

Every such row carries ``sync_seq`` (numbered at flush, renumbered when it changes); the
setting ``sync_feedback_seq`` is the highest sequence the server has acknowledged. A run
sends the rows above it in order and moves it only from the server's answer, so an
interrupted run resends and the server, keeping one row per key, never counts twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.core.settings import SYNC_FEEDBACK_SEQ
from loket.core.skm import ELEMENT_COUNT
from loket.store.database import Database
from loket.store.feedback_models import (
    SYNCED_FEEDBACK,
    FollowUpClosureRow,
    RatingRow,
    SkmResponseRow,
)
from loket.store.models import Office
from loket.store.settings import read_setting, write_setting
from loket.sync.feedback_schemas import FeedbackIn, FeedbackResponse
from loket.sync.schemas import ItemStatus


@dataclass(frozen=True)
class FeedbackBatch:
    after_seq: int
    items: list[FeedbackIn]

    @property
    def last(self) -> int:
        return self.items[-1].seq


@dataclass(frozen=True)
class FeedbackAck:
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0


def sent_cursor(s: Session) -> int:
    return read_setting(s, SYNC_FEEDBACK_SEQ)


def set_cursor(db: Database, value: int) -> None:
    """Record what the server holds (also: 0 after an enrollment, so all goes again)."""
    with db.write() as s:
        write_setting(s, SYNC_FEEDBACK_SEQ, int(value))


def unsent_feedback(s: Session) -> int:
    cursor = sent_cursor(s)
    return sum(
        int(s.scalar(select(func.count()).where(model.sync_seq > cursor)) or 0)
        for model in SYNCED_FEEDBACK
    )


def next_feedback_batch(db: Database, size: int) -> FeedbackBatch | None:
    """The ``size`` lowest-numbered rows above the acknowledged sequence, as wire items."""
    with db.read() as s:
        cursor = sent_cursor(s)
        office = s.scalars(select(Office).order_by(Office.id).limit(1)).first()
        tz_name = office.timezone if office is not None else "Asia/Jakarta"
        items: list[FeedbackIn] = []
        for model in SYNCED_FEEDBACK:
            rows = s.scalars(
                select(model).where(model.sync_seq > cursor).order_by(model.sync_seq).limit(size)
            ).all()
            items += [_item(row, tz_name) for row in rows]
    if not items:
        return None
    items.sort(key=lambda item: item.seq)
    return FeedbackBatch(after_seq=cursor, items=items[:size])


def _iso(value: date | datetime) -> str:
    return value.isoformat()


def _item(row: Any, tz_name: str) -> FeedbackIn:
    if isinstance(row, RatingRow):
        return FeedbackIn(
            seq=int(row.sync_seq or 0),
            kind="rating",
            key=row.ticket_id,
            day=_iso(row.service_day),
            data={"score": row.score, "service_id": row.service_id, "counter_id": row.counter_id},
        )
    if isinstance(row, SkmResponseRow):
        return FeedbackIn(
            seq=int(row.sync_seq or 0),
            kind="skm",
            key=str(row.uid),
            day=_iso(row.survey_day),
            data={
                "scores": [getattr(row, f"u{i}") for i in range(1, ELEMENT_COUNT + 1)],
                "service_id": row.service_id,
                "age_band": row.age_band,
                "sex": row.sex,
                "education": row.education,
                "occupation": row.occupation,
            },
        )
    assert isinstance(row, FollowUpClosureRow)
    from loket.core.days import service_day, zone

    return FeedbackIn(
        seq=int(row.sync_seq or 0),
        kind="closure",
        key=row.ticket_id,
        day=_iso(service_day(row.closed_at, zone(tz_name))),
        data={"closed_at": _iso(row.closed_at)},
    )


def acknowledge_feedback(
    db: Database, batch: FeedbackBatch, answer: FeedbackResponse
) -> FeedbackAck:
    """Move the cursor to what the answer covers; count the items' answers."""
    sent = {(item.seq, item.key) for item in batch.items}
    if {(r.seq, r.key) for r in answer.results} != sent:
        from loket.sync.outbox import BadAnswer

        raise BadAnswer("the feedback answer does not match the batch")
    counts = {status: 0 for status in ItemStatus}
    for result in answer.results:
        counts[result.status] += 1
    upto = min(batch.last, answer.highest_seq)
    if upto > batch.after_seq:
        set_cursor(db, upto)
    return FeedbackAck(
        accepted=counts[ItemStatus.ACCEPTED],
        duplicates=counts[ItemStatus.DUPLICATE],
        rejected=counts[ItemStatus.REJECTED],
    )
