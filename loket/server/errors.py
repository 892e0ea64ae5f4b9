"""Refusals the API turns into clear 4xx JSON: ``{"error": {code, message, details}}``."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A request the server refuses; ``message`` is Indonesian, ``code`` is stable."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        **details: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.details = details

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


def not_found() -> ApiError:
    """The refusal of an address that is not there (what Starlette's own 404 says too)."""
    return ApiError(404, "not_found", "Alamat tidak ada.")
