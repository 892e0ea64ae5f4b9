"""Protocol v1, satisfaction: one-tap ratings, SKM answers and follow-up hand-overs.

They travel apart from the ticket events (``/api/v1/feedback``) because they are not
moves of the queue and a row can change after it was sent (a second tap replaces the
first face). Each item carries its desk sequence (the desk's outbox position, renumbered
when the row changes) and its key (the ticket's UUID for a rating or a hand-over, the
questionnaire's UUID for an SKM answer): the server keeps one row per key, so a resent
item is answered ``duplicate`` and never counted twice.

No personal data travels: no name, no NIK, no phone, no operator, no free-text
suggestion; an SKM respondent's profile only as PermenPANRB's bands (age band, sex,
education, occupation codes of ``loket.core.skm``). The envelope is lenient like
``EventIn``: one bad item is refused alone and the rest of the batch goes on.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from loket.sync.schemas import MAX_BATCH, MAX_SEQ, ItemStatus, Model

FeedbackKind = Literal["rating", "skm", "closure"]
KINDS: tuple[str, ...] = ("rating", "skm", "closure")


class FeedbackIn(Model):
    seq: int = Field(ge=1, le=MAX_SEQ)
    kind: str = Field(max_length=16)
    key: str = Field(min_length=1, max_length=64)
    #: Office-local date: the rated ticket's service day, the survey day, the hand-over day.
    day: str = Field(max_length=32)
    data: dict[str, Any] = Field(default_factory=dict)


class FeedbackPush(Model):
    """A batch in increasing ``seq`` after ``after_seq`` (what the desk was told is held)."""

    office_code: str = Field(max_length=13)
    desk_id: str = Field(max_length=36)
    after_seq: int = Field(ge=0, le=MAX_SEQ)
    items: list[FeedbackIn] = Field(min_length=1, max_length=MAX_BATCH)

    @model_validator(mode="after")
    def _in_order(self) -> FeedbackPush:
        previous = self.after_seq
        for item in self.items:
            if item.seq <= previous:
                raise ValueError("items must be in strictly increasing seq order after after_seq")
            previous = item.seq
        return self


class FeedbackResult(Model):
    seq: int = Field(ge=0, le=MAX_SEQ)
    key: str
    status: ItemStatus
    reason: str | None = None


class FeedbackResponse(Model):
    #: Every feedback item of this desk up to this sequence is held by the server.
    highest_seq: int = Field(ge=0, le=MAX_SEQ)
    results: list[FeedbackResult]
