"""``POST /api/v1/feedback``: a desk's ratings, SKM answers and hand-overs (``server.feedback``)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from loket.server import feedback
from loket.server.context import Server
from loket.sync.feedback_schemas import FeedbackPush, FeedbackResponse
from loket.sync.schemas import API_PREFIX

router = APIRouter()


@router.post(f"{API_PREFIX}/feedback", response_model=FeedbackResponse, tags=["desk"])
def push_feedback(body: FeedbackPush, request: Request, ctx: Server) -> FeedbackResponse:
    """Ratings, SKM answers (profile bands only) and hand-overs of the desk's office."""
    desk = ctx.authed(request)
    with ctx.db.write() as s:
        return feedback.push(s, desk, body, ctx.clock())
