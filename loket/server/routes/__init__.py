"""The city server's routers, one module per area, in the order ``create_app`` includes them.

desk (enroll, events, reference, heartbeat), public (stats, health), feedback, pages
(the city page, an office's page, downloads, logo), docs (Swagger UI), then the online
extras: live state and the phone ticket page, the desks' booking API, the booking pages.
A new endpoint is a function in its area's router (or a new module listed here).
"""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """Imported when an app is built, so importing ``loket.server`` stays light."""
    from loket.server.online import booking_api, booking_pages
    from loket.server.online import routes as online
    from loket.server.routes import desk, docs, feedback, pages, public

    return [
        desk.router,
        public.router,
        feedback.router,
        pages.router,
        docs.router,
        online.router,
        booking_api.router,
        booking_pages.router,
    ]
