"""The short, unguessable link a printed ticket carries to the citizen's phone.

The token is derived from the ticket's id (a random UUID the desk made and the city gets
with the ticket's events), so neither side stores a second secret and both compute the
same token: 16 base32 characters, 80 bits of the id's 122 random bits. Knowing a
ticket's number (A-012) or the office tells nothing about it; the id itself never
leaves the office and the city, and cannot be recovered from the token.
"""

from __future__ import annotations

import base64
import hashlib
import re

TOKEN_LENGTH = 16
TOKEN_PATTERN = re.compile(r"^[a-z2-7]{16}$")
_DOMAIN = b"loket-ticket-link:v1:"


def ticket_token(ticket_id: str) -> str:
    """The link token of a ticket: lower-case base32, ``TOKEN_LENGTH`` characters."""
    digest = hashlib.sha256(_DOMAIN + ticket_id.strip().lower().encode("ascii")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:TOKEN_LENGTH]


def is_token(value: str) -> bool:
    return bool(TOKEN_PATTERN.match(value))


def ticket_link(link_base: str, ticket_id: str) -> str:
    """``<base>/t/<token>``; the base is the city server's public address."""
    return f"{link_base.strip().rstrip('/')}/t/{ticket_token(ticket_id)}"
