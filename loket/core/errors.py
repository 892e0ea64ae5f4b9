"""Errors the queue refuses with.

Each error carries a stable ``code`` (for the UI to translate through Qt and for the
city server to report) and an Indonesian default message, because Indonesian is what
operators read when the CLI or a log shows it directly.
"""

from __future__ import annotations


class LoketError(Exception):
    """A refusal a user can act on; never a bug."""

    code = "error"

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class IllegalTransition(LoketError):
    """The ticket is not in a state that allows this move."""

    code = "illegal_transition"


class QuotaExceeded(LoketError):
    code = "quota_exceeded"


class NotFound(LoketError):
    code = "not_found"


class InvalidInput(LoketError):
    code = "invalid_input"


class NotConfigured(LoketError):
    code = "not_configured"
