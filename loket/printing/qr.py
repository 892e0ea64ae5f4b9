"""The ticket's QR code as a module matrix, one for every printing path.

segno makes the symbol. Error correction M and no "boost": a printer's own QR command
(``GS ( k``) given the same content and level picks the same version, so the picture
the tests draw for a native QR is the one the printer prints.
"""

from __future__ import annotations

import segno

#: ESC/POS ``GS ( k`` function 169 level byte for each segno level.
EC_LEVELS = {"L": 48, "M": 49, "Q": 50, "H": 51}
EC_LEVEL = "M"


def qr_matrix(data: str, level: str = EC_LEVEL) -> list[list[bool]]:
    """Rows of dark (True) modules, without the quiet zone."""
    code = segno.make_qr(data, error=level.lower(), boost_error=False)
    return [[bool(v) for v in row] for row in code.matrix]


def qr_content(ticket_id: str, link_base: str = "") -> str:
    """What a ticket's QR carries.

    With ``link_base`` (the city's ticket page, once citizens can follow their place on
    a phone) a link ``<base>/t/<ticket id>``; until then the ticket's own id, so a
    scanner at the desk can find the ticket (and nobody is sent to a page that does
    not exist yet). Never personal data.
    """
    base = link_base.strip().rstrip("/")
    return f"{base}/t/{ticket_id}" if base else ticket_id
