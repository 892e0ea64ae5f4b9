"""Play ESC/POS bytes back as a printer would lay them on the roll.

Only the commands ``escpos`` emits are understood (their meaning as the ESC/POS command
reference gives it); anything else is reported as a problem rather than guessed. A line
that would run past the print width is broken where the printer breaks it, mid-word, and
flagged: the tests assert that this never happens and that no line leaves the roll.
The result is geometry (placed lines and dot images), drawn to a picture by the UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loket.printing.escpos import CODE_PAGES, FONT_A
from loket.printing.qr import EC_LEVELS, qr_matrix

DEFAULT_LINE_SPACING = 30  # dots: 1/6 inch at 180 dpi, 3.75 mm, the reset value

_TABLES = {number: codec for codec, number in CODE_PAGES.items()}
_LEVELS = {byte: letter for letter, byte in EC_LEVELS.items()}


@dataclass(frozen=True)
class PrintedLine:
    text: str
    x: int  # dots from the left edge of the print area
    y: int  # dots from the top of the ticket
    width: int
    height: int
    magnify: tuple[int, int]  # the largest (width, height) multiple on the line
    bold: bool
    broken_by_printer: bool  # the printer had to wrap it (it cuts words)


@dataclass(frozen=True)
class DotImage:
    x: int
    y: int
    rows: list[list[bool]]
    source: str  # "qr" (GS ( k) or "raster" (GS v 0)
    content: str = ""  # a native QR's data

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    @property
    def height(self) -> int:
        return len(self.rows)


@dataclass
class Page:
    dots: int
    lines: list[PrintedLine] = field(default_factory=list)
    images: list[DotImage] = field(default_factory=list)
    cuts: list[int] = field(default_factory=list)
    height: int = 0
    problems: list[str] = field(default_factory=list)

    def text(self) -> list[str]:
        return [line.text for line in self.lines]


@dataclass
class _State:
    align: int = 0
    bold: bool = False
    magnify: tuple[int, int] = (1, 1)
    table: str = "cp437"
    qr_data: bytes = b""
    qr_module: int = 3
    qr_level: str = "L"


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, count: int) -> bytes:
        if self.pos + count > len(self.data):
            raise IndexError("truncated command")
        chunk = self.data[self.pos : self.pos + count]
        self.pos += count
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]


def interpret(data: bytes, dots: int) -> Page:
    """Lay ``data`` out on a roll ``dots`` wide (384 for 58 mm, 576 for 80 mm)."""
    page = Page(dots)
    state = _State()
    cells: list[tuple[str, int, int, bool]] = []  # char, magnify w, magnify h, bold
    y = 0

    def place(width: int) -> int:
        if state.align == 1:
            return (dots - width) // 2
        return dots - width if state.align == 2 else 0

    def flush(*, broken: bool = False) -> None:
        nonlocal y
        if not cells:
            y += DEFAULT_LINE_SPACING
            return
        width = sum(FONT_A[0] * w for _, w, _, _ in cells)
        mag_w = max(w for _, w, _, _ in cells)
        mag_h = max(h for _, _, h, _ in cells)
        height = FONT_A[1] * mag_h
        text = "".join(c for c, _, _, _ in cells)
        x = place(width)
        if x < 0 or x + width > dots:
            page.problems.append(f"line leaves the roll: {text!r}")
        page.lines.append(PrintedLine(text, x, y, width, height, (mag_w, mag_h),
                                      any(b for *_, b in cells), broken))  # fmt: skip
        if broken:
            page.problems.append(f"the printer had to wrap: {text!r}")
        y += max(DEFAULT_LINE_SPACING, height + 6)
        cells.clear()

    def image(rows: list[list[bool]], source: str, content: str = "") -> None:
        nonlocal y
        if cells:
            page.problems.append(f"{source} image with text still in the line buffer")
            flush()
        width = len(rows[0]) if rows else 0
        x = place(width)
        if x < 0 or x + width > dots:
            page.problems.append(f"{source} image {width} dots wide leaves the roll")
        page.images.append(DotImage(x, y, rows, source, content))
        y += len(rows)

    reader = _Reader(data)
    try:
        while reader.pos < len(data):
            b = reader.byte()
            if b == 0x0A:
                flush()
            elif b == 0x1B:
                cmd = reader.byte()
                if cmd == ord("@"):
                    state = _State()
                elif cmd == ord("t"):
                    n = reader.byte()
                    if n not in _TABLES:
                        page.problems.append(f"unknown code table {n}")
                    state.table = _TABLES.get(n, "cp437")
                elif cmd == ord("a"):
                    state.align = reader.byte() % 48
                elif cmd == ord("E"):
                    state.bold = bool(reader.byte() & 1)
                elif cmd == ord("d"):
                    if cells:
                        flush()
                        y -= DEFAULT_LINE_SPACING
                    y += DEFAULT_LINE_SPACING * reader.byte()
                else:
                    page.problems.append(f"unknown command ESC {cmd:#04x}")
            elif b == 0x1D:
                cmd = reader.byte()
                if cmd == ord("!"):
                    n = reader.byte()
                    state.magnify = ((n >> 4) + 1, (n & 0x0F) + 1)
                    if max(state.magnify) > 8:
                        page.problems.append(f"GS ! {n:#04x} is out of range")
                elif cmd == ord("V"):
                    m = reader.byte()
                    if m in (65, 66):
                        reader.byte()
                    if cells:
                        flush()
                    page.cuts.append(y)
                elif cmd == ord("v"):
                    if reader.byte() != ord("0") or reader.byte() != 0:
                        page.problems.append("GS v: only GS v 0 in normal mode is emitted")
                    xl, xh, yl, yh = reader.take(4)
                    width_bytes, rows_count = xl + 256 * xh, yl + 256 * yh
                    body = reader.take(width_bytes * rows_count)
                    rows = [
                        [bool(body[r * width_bytes + c // 8] & (0x80 >> (c % 8)))
                         for c in range(width_bytes * 8)]
                        for r in range(rows_count)
                    ]  # fmt: skip
                    image(rows, "raster")
                elif cmd == ord("("):
                    if reader.byte() != ord("k"):
                        page.problems.append("GS ( other than GS ( k")
                    pl, ph = reader.take(2)
                    args = reader.take(pl + 256 * ph)
                    cn, fn, rest = args[0], args[1], args[2:]
                    if cn != 49:
                        page.problems.append(f"GS ( k symbol {cn} is not QR")
                    elif fn == 65:
                        if rest[0] != 50:
                            page.problems.append("QR model other than 2")
                    elif fn == 67:
                        state.qr_module = rest[0]
                    elif fn == 69:
                        state.qr_level = _LEVELS.get(rest[0], "L")
                    elif fn == 80:
                        state.qr_data = rest[1:]
                    elif fn == 81:
                        content = state.qr_data.decode("utf-8")
                        size = state.qr_module
                        rows = [
                            [dark for dark in row for _ in range(size)]
                            for row in qr_matrix(content, state.qr_level)
                            for _ in range(size)
                        ]
                        image(rows, "qr", content)
                    else:
                        page.problems.append(f"GS ( k function {fn}")
                else:
                    page.problems.append(f"unknown command GS {cmd:#04x}")
            elif b < 0x20:
                page.problems.append(f"unknown control byte {b:#04x}")
            else:
                char = bytes([b]).decode(state.table, errors="replace")
                w, h = state.magnify
                used = sum(FONT_A[0] * cw for _, cw, _, _ in cells)
                if used + FONT_A[0] * w > dots:
                    flush(broken=True)
                cells.append((char, w, h, state.bold))
    except IndexError:
        page.problems.append("the data ends inside a command")
    if cells:
        page.problems.append("text left in the buffer without LF (never printed)")
    page.height = y
    return page
