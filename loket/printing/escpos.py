"""A ticket as ESC/POS bytes that fit the roll.

Checked against the Epson ESC/POS command reference (TM-T20/T82 class, which the
common Xprinter/POS-58/POS-80 clones follow):

- ``ESC @`` initialise; ``ESC t n`` character code table; ``ESC a 1`` centre;
  ``ESC E n`` bold; ``GS ! n`` character size (high nibble: width - 1, low nibble:
  height - 1, each 1..8); ``LF`` print the line; ``ESC d n`` feed n lines;
  ``GS V 65 n`` feed to the cutter (plus n) and cut.
- QR, native: ``GS ( k`` with cn = 49, functions 165 (model 2), 167 (module size),
  169 (error correction), 180 (store data) and 181 (print).
- QR, raster: ``GS v 0 m xL xH yL yH d…`` (rows of xL + 256 xH bytes, most significant
  bit leftmost, 1 = black) for printers without ``GS ( k``.

Font A is 12 × 24 dots: a 58 mm roll prints 384 dots (32 columns), an 80 mm roll 576
dots (48 columns). Every line is wrapped here at word boundaries to the columns of its
own size, so the printer never wraps (its own wrap cuts words), and the size is reset
before the next line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from loket.printing.qr import EC_LEVEL, EC_LEVELS, qr_matrix
from loket.printing.slip import Style, TicketSlip

ESC, GS, LF = b"\x1b", b"\x1d", b"\n"
FONT_A = (12, 24)  # dots wide, dots high
MAX_MAGNIFY = 8  # GS ! allows 1..8 in each direction


@dataclass(frozen=True)
class Roll:
    width_mm: int
    dots: int

    @property
    def columns(self) -> int:
        return self.dots // FONT_A[0]


ROLLS = {58: Roll(58, 384), 80: Roll(80, 576)}


def roll(width_mm: int) -> Roll:
    if width_mm not in ROLLS:
        raise ValueError(f"roll width must be one of {sorted(ROLLS)}")
    return ROLLS[width_mm]


# -- code pages -----------------------------------------------------------------------

#: Python codec -> ``ESC t`` table number (Epson numbering, kept by the clones).
CODE_PAGES = {"cp437": 0, "cp850": 2, "cp858": 19, "cp1252": 16}
DEFAULT_CODE_PAGE = "cp850"  # PC850 Multilingual: on every ESC/POS printer, has ± é ° ·

#: Typography Indonesian text uses that the DOS code pages lack, set as the ASCII a
#: typist would use instead of the printer's "?".
_PLAIN = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "‐": "-",
        "−": "-",
        "‘": "'",
        "’": "'",
        "‚": ",",
        "“": '"',
        "”": '"',
        "„": '"',
        "…": "...",
        "•": "·",
        "€": "EUR",
        "\u00a0": " ",
    }
)


def encode(text: str, code_page: str = DEFAULT_CODE_PAGE) -> bytes:
    """``text`` in the printer's table; what the table lacks loses its accent, not itself."""
    plain = text.translate(_PLAIN)
    out = bytearray()
    for char in plain:
        try:
            out += char.encode(code_page)
        except UnicodeEncodeError:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
            out += base.encode(code_page, errors="replace") if base else b"?"
    return bytes(out)


# -- wrapping -------------------------------------------------------------------------


def wrap(text: str, width: int) -> list[str]:
    """Word wrap to ``width`` characters in as few lines as possible, balanced.

    Balanced: the narrowest width that still needs no more lines, so a centred name
    reads "Mohon menunggu / panggilan. Terima kasih." rather than leaving one word
    alone. Only a word longer than a whole line is split.
    """
    lines = _greedy(text, width)
    if len(lines) < 2:
        return lines
    longest_word = max(len(word) for word in text.split())
    for narrower in range(max(1, longest_word), width):
        candidate = _greedy(text, narrower)
        if len(candidate) == len(lines):
            return candidate
    return lines


def _greedy(text: str, width: int) -> list[str]:
    width = max(1, width)
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > width:  # a URL or a very long name: no better place exists
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def number_magnification(label: str, roll_: Roll) -> int:
    """The largest size at which the whole number fits one line (1..8)."""
    return max(1, min(MAX_MAGNIFY, roll_.columns // max(1, len(label))))


# -- QR -------------------------------------------------------------------------------


def _module_dots(modules: int, roll_: Roll) -> int:
    """Module size so the symbol is about half the roll wide (a phone reads it at arm's length)."""
    return max(2, min(8, (roll_.dots // 2) // max(1, modules)))


def qr_native(data: str, roll_: Roll) -> bytes:
    """``GS ( k`` model 2: select model, module size, level, store, print."""
    payload = data.encode("utf-8")
    size = _module_dots(len(qr_matrix(data)), roll_)
    store_len = len(payload) + 3
    return b"".join(
        [
            GS + b"(k" + bytes([4, 0, 49, 65, 50, 0]),  # fn 165: model 2
            GS + b"(k" + bytes([3, 0, 49, 67, size]),  # fn 167: module size in dots
            GS + b"(k" + bytes([3, 0, 49, 69, EC_LEVELS[EC_LEVEL]]),  # fn 169: level M
            GS + b"(k" + bytes([store_len % 256, store_len // 256, 49, 80, 48]) + payload,
            GS + b"(k" + bytes([3, 0, 49, 81, 48]),  # fn 181: print the stored symbol
        ]
    )


def qr_raster(data: str, roll_: Roll) -> bytes:
    """The same symbol as a ``GS v 0`` image the roll's full width, centred in the image."""
    matrix = qr_matrix(data)
    size = _module_dots(len(matrix), roll_)
    quiet = 4 * size
    side = len(matrix) * size
    left = (roll_.dots - side) // 2
    width_bytes = roll_.dots // 8
    rows: list[bytes] = []
    blank = bytes(width_bytes)
    rows += [blank] * quiet
    for module_row in matrix:
        bits = bytearray(width_bytes)
        for col, dark in enumerate(module_row):
            if not dark:
                continue
            for x in range(left + col * size, left + (col + 1) * size):
                bits[x // 8] |= 0x80 >> (x % 8)
        rows += [bytes(bits)] * size
    rows += [blank] * quiet
    height = len(rows)
    header = GS + b"v0" + bytes([0, width_bytes % 256, width_bytes // 256, height % 256,
                                 height // 256])  # fmt: skip
    return header + b"".join(rows)


# -- the ticket -----------------------------------------------------------------------


def size_byte(width: int, height: int) -> bytes:
    return GS + b"!" + bytes([((width - 1) << 4) | (height - 1)])


def escpos_bytes(
    slip: TicketSlip,
    width_mm: int,
    *,
    code_page: str = DEFAULT_CODE_PAGE,
    native_qr: bool = True,
) -> bytes:
    """The ticket for a 58 or 80 mm roll: centred, wrapped, number as large as fits, cut."""
    r = roll(width_mm)
    out = bytearray(ESC + b"@" + ESC + b"t" + bytes([CODE_PAGES[code_page]]) + ESC + b"a\x01")

    def text(value: str, *, magnify: tuple[int, int] = (1, 1), bold: bool = False) -> None:
        out.extend(size_byte(*magnify) + ESC + (b"E\x01" if bold else b"E\x00"))
        for line in wrap(value, r.columns // magnify[0]):
            out.extend(encode(line, code_page) + LF)
        out.extend(size_byte(1, 1) + ESC + b"E\x00")  # back to normal before anything else

    for line in slip.lines():
        if line.style is Style.RULE:
            out.extend(b"-" * r.columns + LF)
        elif line.style is Style.HUGE:
            m = number_magnification(line.text, r)
            text(line.text, magnify=(m, m), bold=True)
        elif line.style in (Style.HEADING, Style.NOTICE):
            text(line.text, magnify=(1, 2), bold=True)
        elif line.style is Style.TITLE:
            text(line.text, bold=True)
        elif line.style is Style.QR:
            out.extend(LF + (qr_native if native_qr else qr_raster)(line.text, r) + LF)
        else:
            text(line.text)
    out.extend(ESC + b"d\x02" + GS + b"VA\x03")  # a margin, then feed to the cutter and cut
    return bytes(out)
