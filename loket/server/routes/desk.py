"""The desks' sync API: enroll, push events, pull reference data, heartbeat.

Every route but ``/enroll`` checks the desk's bearer token first (``ctx.authed``: a read
before any write lock, failures throttled per address). Handlers are plain functions
(uvicorn runs them on its thread pool) because the work is database work; the database
serializes what must be serialized.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from sqlalchemy.orm import Session

from loket.server import admin, ingest, reference
from loket.server.admin import AuthedDesk
from loket.server.context import Server, rate_limited
from loket.server.models import DeskRow
from loket.sync.schemas import (
    API_PREFIX,
    MAX_COUNT,
    EnrollRequest,
    EnrollResponse,
    HeartbeatRequest,
    HeartbeatResponse,
    PushRequest,
    PushResponse,
    ReferenceResponse,
)

log = logging.getLogger("loket.server")

router = APIRouter()


@router.post(f"{API_PREFIX}/enroll", response_model=EnrollResponse)
def enroll(body: EnrollRequest, request: Request, ctx: Server) -> EnrollResponse:
    client = ctx.client_of(request)
    wait = ctx.enroll_limiter.acquire(client)
    if wait is not None:
        raise rate_limited(wait)
    with ctx.db.write() as s:
        response = admin.enroll(s, body, ctx.clock())
    log.info("desk %s enrolled for office %s", response.desk_id, response.office.code)
    return response


async def push_body(request: Request) -> PushRequest:
    """The batch parsed and validated from the raw body by pydantic's JSON parser in one go.

    Why not FastAPI's own ``body: PushRequest``: it builds the body as Python dicts with
    the stdlib ``json`` first, then validates those, which took twice as long for a batch
    of 1,000 events (issue 14). Errors keep FastAPI's form (``body.…`` locations, 422).
    """
    raw = await request.body()
    try:
        return PushRequest.model_validate_json(raw)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_input=False)]
        raise RequestValidationError(errors) from None


#: The body's schema in the API documentation (``push_body`` parses it, not FastAPI).
PUSH_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}},
    },
    "responses": {
        "422": {
            "description": "Validation Error",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
            },
        }
    },
}


@router.post(f"{API_PREFIX}/events", response_model=PushResponse, openapi_extra=PUSH_BODY_DOC)
def push(
    body: Annotated[PushRequest, Depends(push_body)], request: Request, ctx: Server
) -> Response:
    desk = ctx.desk_of(request)  # checked before the body was read (``admit_push``)
    with ctx.db.write() as s:
        answer = ingest.push(s, desk, body, ctx.clock())
    # Plain rows dumped once: FastAPI would validate and encode 1,000 items again.
    return Response(answer.to_json(), media_type="application/json")


@router.get(f"{API_PREFIX}/reference", response_model=ReferenceResponse)
def pull_reference(
    request: Request, ctx: Server, cursor: str | None = Query(default=None, max_length=200)
) -> ReferenceResponse:
    desk = ctx.authed(request)
    with ctx.db.write() as s:
        touch(s, desk, ctx.clock())
        return reference.pull(s, desk.office_code, cursor)


@router.post(f"{API_PREFIX}/heartbeat", response_model=HeartbeatResponse)
def heartbeat(body: HeartbeatRequest, request: Request, ctx: Server) -> HeartbeatResponse:
    desk = ctx.authed(request)
    now = ctx.clock()
    with ctx.db.write() as s:
        row = touch(s, desk, now)
        row.app_version = body.app_version
        row.waiting = body.waiting
        row.unsent = body.unsent
        row.clock_skew_seconds = skew_seconds(body.desk_clock, now)
    return HeartbeatResponse(server_time=now)


def touch(s: Session, desk: AuthedDesk, now: datetime) -> DeskRow:
    row = s.get(DeskRow, desk.id)
    assert row is not None
    row.last_seen_at = now
    return row


def skew_seconds(desk_clock: datetime, now: datetime) -> int:
    """The desk's clock minus the server's, clamped to what the column holds.

    A desk set to 1900 or 2200 still syncs: its skew is reported (as the clamp), not fatal.
    """
    try:
        skew = round((desk_clock - now).total_seconds())
    except OverflowError:
        skew = -MAX_COUNT if desk_clock.year < now.year else MAX_COUNT
    return max(-MAX_COUNT, min(MAX_COUNT, skew))
