"""Ingest of a desk's ratings, SKM answers and hand-overs (``POST /api/v1/feedback``,
routed in ``server/routes/feedback.py``).

The same guarantees as the event ingest: one transaction per batch, the desk's row of
marks locked first, a batch that does not continue what is held refused with 409
``gap``, each item kept once by its key (a resend is ``duplicate``), a bad item refused
alone with its reason. A changed row (the citizen tapped another face) arrives with a
higher sequence and replaces the stored one.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core.errors import LoketError
from loket.core.skm import ELEMENT_COUNT, Profile, SkmAnswers, check_rating
from loket.server.admin import AuthedDesk
from loket.server.errors import ApiError
from loket.server.satisfaction_models import (
    DeskFeedbackMark,
    ServerClosure,
    ServerRating,
    ServerSkmResponse,
)
from loket.sync.feedback_schemas import FeedbackIn, FeedbackPush, FeedbackResponse, FeedbackResult
from loket.sync.schemas import MAX_ID, ItemStatus

log = logging.getLogger(__name__)

#: The same bounds as the events': a day far after the server's, or before 2000, is a
#: desk clock gone wrong, not a citizen's answer.
FUTURE_TOLERANCE = timedelta(days=1)
Model = type[ServerRating] | type[ServerSkmResponse] | type[ServerClosure]


def push(s: Session, desk: AuthedDesk, request: FeedbackPush, now: datetime) -> FeedbackResponse:
    if request.office_code != desk.office_code or request.desk_id != desk.id:
        raise ApiError(
            403,
            "wrong_office",
            "Perangkat ini hanya boleh mengirim data kantornya sendiri.",
            office_code=desk.office_code,
        )
    mark = s.scalars(
        select(DeskFeedbackMark).where(DeskFeedbackMark.desk_id == desk.id).with_for_update()
    ).first()
    if mark is None:
        mark = DeskFeedbackMark(desk_id=desk.id, seq=0)
        s.add(mark)
        s.flush()
    if request.after_seq > mark.seq:
        raise ApiError(
            409,
            "gap",
            f"Ada kiriman yang terlewat: server memegang penilaian sampai nomor {mark.seq}.",
            highest_seq=mark.seq,
        )
    results: list[FeedbackResult] = []
    seen: set[tuple[str, str]] = set()
    for item in request.items:
        if (item.kind, item.key) in seen:
            results.append(_result(item, ItemStatus.DUPLICATE))
            continue
        seen.add((item.kind, item.key))
        try:
            status = _store(s, desk, item, now)
        except (LoketError, ValueError, TypeError, KeyError) as exc:
            reason = exc.message if isinstance(exc, LoketError) else str(exc)
            log.warning("rejected feedback seq %d (%s): %s", item.seq, item.kind, reason)
            results.append(_result(item, ItemStatus.REJECTED, reason[:500]))
            continue
        results.append(_result(item, status))
    mark.seq = max(mark.seq, request.items[-1].seq)
    return FeedbackResponse(highest_seq=mark.seq, results=results)


def _result(item: FeedbackIn, status: ItemStatus, reason: str | None = None) -> FeedbackResult:
    return FeedbackResult(seq=item.seq, key=item.key, status=status, reason=reason)


def _day(raw: str, now: datetime) -> date:
    try:
        day = date.fromisoformat(raw)
    except ValueError:  # Python's reason is English and echoes the input
        raise ValueError("tanggal (day) bukan YYYY-MM-DD") from None
    if not 2000 <= day.year <= 2200 or day > (now + FUTURE_TOLERANCE).date():
        raise ValueError(f"tanggal {raw} di luar batas")
    return day


def _no_bool(*values: Any) -> None:
    """JSON ``true`` is no score, though Python's ``True == 1`` let it count as a 1."""
    if any(isinstance(v, bool) for v in values):
        raise ValueError("nilai harus angka 1-4, bukan true/false")


def _id(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_ID:
        raise ValueError(f"{name} tidak valid")
    return value


def _values(desk: AuthedDesk, item: FeedbackIn, now: datetime) -> tuple[Model, dict[str, Any]]:
    """The row a valid item becomes (without the bookkeeping columns); raises if invalid."""
    if "\x00" in item.key:  # the key is a primary key: PostgreSQL's text cannot hold NUL
        raise ValueError("teks berisi karakter NUL")
    data = item.data
    day = _day(item.day, now)
    if item.kind == "rating":
        score = data.get("score")
        _no_bool(score)
        check_rating(score)  # type: ignore[arg-type]
        return ServerRating, {
            "service_day": day,
            "service_id": _id(data.get("service_id"), "service_id"),
            "counter_id": _id(data.get("counter_id"), "counter_id"),
            "score": score,
        }
    if item.kind == "skm":
        scores = data.get("scores")
        if not isinstance(scores, list) or len(scores) != ELEMENT_COUNT:
            raise ValueError(f"kuesioner harus berisi {ELEMENT_COUNT} nilai")
        _no_bool(*scores)
        answers = SkmAnswers(tuple(scores))
        profile = Profile(
            age_band=data.get("age_band"),
            sex=data.get("sex"),
            education=data.get("education"),
            occupation=data.get("occupation"),
        )
        values: dict[str, Any] = {
            "survey_day": day,
            "service_id": _id(data.get("service_id"), "service_id"),
            "age_band": profile.age_band,
            "sex": profile.sex,
            "education": profile.education,
            "occupation": profile.occupation,
        }
        for index, score in enumerate(answers.scores, start=1):
            values[f"u{index}"] = score
        return ServerSkmResponse, values
    if item.kind == "closure":
        try:
            closed_at = datetime.fromisoformat(str(data.get("closed_at")))
        except ValueError:
            raise ValueError("waktu penyerahan (closed_at) bukan ISO 8601") from None
        if closed_at.tzinfo is None:
            from datetime import UTC

            closed_at = closed_at.replace(tzinfo=UTC)
        if not 2000 <= closed_at.year <= 2200:  # year 1 at +14:00 is before UTC's year 1
            raise ValueError("waktu penyerahan di luar batas")
        if closed_at > now + FUTURE_TOLERANCE:
            raise ValueError("waktu penyerahan jauh di depan jam server kota")
        return ServerClosure, {"closed_on": day, "closed_at": closed_at}
    raise ValueError(f"jenis tidak dikenal: {item.kind[:16]!r}")


def _store(s: Session, desk: AuthedDesk, item: FeedbackIn, now: datetime) -> ItemStatus:
    model, values = _values(desk, item, now)
    row: Any = s.get(model, item.key)
    if row is None:
        s.add(
            model(
                **{("id" if model is ServerSkmResponse else "ticket_id"): item.key},
                office_id=desk.office_id,
                desk_id=desk.id,
                seq=item.seq,
                received_at=now,
                **values,
            )
        )
        return ItemStatus.ACCEPTED
    if row.office_id != desk.office_id:
        raise ValueError("kunci ini sudah dipakai kantor lain")
    same = all(getattr(row, name) == value for name, value in values.items())
    newer = row.desk_id != desk.id or item.seq > row.seq
    if same or not newer:
        return ItemStatus.DUPLICATE
    for name, value in values.items():
        setattr(row, name, value)
    row.desk_id, row.seq, row.received_at = desk.id, item.seq, now
    return ItemStatus.ACCEPTED
