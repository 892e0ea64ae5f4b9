"""A failure as the person at the window should read it, or None for a bug.

The windows may not import the store (they reach the office through ``loket.client``),
yet an exception escaping a slot must be explained in the same words the command line
uses; this is the one way up from ``loket.store.errors`` for them.
"""

from __future__ import annotations

from loket.store.errors import known_error


def user_message(exc: BaseException) -> str | None:
    """The Indonesian message of a known fault (a refusal, a full disk...), else None."""
    known = known_error(exc)
    return known.message if known is not None else None
