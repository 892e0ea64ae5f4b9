"""The rules for the names a person types once and every screen then shows.

Why one place: an office's or a service's name is printed on tickets, read aloud, drawn
on the kiosk's buttons and the TV board, and sent to the city, whose enrollment answer
holds at most 200 characters. A 300-character name or one with a line break typed by
a slip broke those layouts (and an office name past 200 broke every enrollment), so it
is refused where it is typed, with a message, whichever screen or command typed it.
"""

from __future__ import annotations

import unicodedata

from loket.core.errors import InvalidInput

#: The longest office name: what the city's enrollment answer (``OfficeRef.name``) holds.
OFFICE_NAME_MAX = 200
#: The longest service name: two lines on a kiosk button, one on the board.
SERVICE_NAME_MAX = 120


def clean_name(value: str, what: str, limit: int) -> str:
    """``value`` without its outer spaces, or ``InvalidInput`` in Indonesian.

    Refused: empty, longer than ``limit`` characters, or holding a control character
    (a line break, a tab, a NUL) that no label, ticket or voice can show.
    """
    text = value.strip()
    if not text:
        raise InvalidInput(f"{what} wajib diisi.")
    if len(text) > limit:
        raise InvalidInput(f"{what} terlalu panjang: {len(text)} karakter, paling banyak {limit}.")
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise InvalidInput(f"{what} tidak boleh berisi baris baru, tab atau karakter kendali.")
    return text
