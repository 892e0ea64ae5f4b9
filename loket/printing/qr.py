"""The ticket's QR code as a module matrix, one for every printing path.

segno makes the symbol. Error correction M and no "boost": a printer's own QR command
(``GS ( k``) given the same content and level picks the same version, so the picture
the tests draw for a native QR is the one the printer prints.
"""

from __future__ import annotations

import segno

from loket.core.links import ticket_link

#: ESC/POS ``GS ( k`` function 169 level byte for each segno level.
EC_LEVELS = {"L": 48, "M": 49, "Q": 50, "H": 51}
EC_LEVEL = "M"


def qr_matrix(data: str, level: str = EC_LEVEL) -> list[list[bool]]:
    """Rows of dark (True) modules, without the quiet zone."""
    code = segno.make_qr(data, error=level.lower(), boost_error=False)
    return [[bool(v) for v in row] for row in code.matrix]


def qr_content(ticket_id: str, link_base: str = "") -> str:
    """What a ticket's QR carries.

    With ``link_base`` (the city's public address, when the office has turned the
    citizen's live position on) a short link ``<base>/t/<token>`` to the ticket's page
    (``loket.core.links``: unguessable, and the ticket's id cannot be read back from
    it); otherwise the ticket's own id, so a scanner at the desk can find the ticket.
    Never personal data.
    """
    return ticket_link(link_base, ticket_id) if link_base.strip() else ticket_id
