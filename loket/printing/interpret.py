"""Play ESC/POS bytes back as a printer would lay them on the roll.

Only the commands ``escpos`` emits are understood (their meaning as the ESC/POS command
reference gives it); anything else is reported as a problem rather than guessed. A line
that would run past the print width is broken where the printer breaks it, mid-word, and
flagged: the tests assert that this never happens and that no line leaves the roll.
The result is geometry (placed lines and dot images), drawn to a picture by the UI.
"""

from __future__ import annotations

from collections.abc import Callable
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
    printer = _Printer(data, dots)
    try:
        while printer.reader.pos < len(data):
            printer.feed(printer.reader.byte())
    except IndexError:
        printer.page.problems.append("the data ends inside a command")
    if printer.cells:
        printer.page.problems.append("text left in the buffer without LF (never printed)")
    printer.page.height = printer.y
    return printer.page


class _Printer:
    """The printer's state while it reads: the page so far, the line buffer, the head.

    ``feed`` takes one byte; a command byte (ESC, GS) reads its command letter and finds
    its handler in ``_ESC``/``_GS`` (GS ( k's functions in ``_QR``): one method per
    command of the ESC/POS reference, each reading its own parameters.
    """

    def __init__(self, data: bytes, dots: int) -> None:
        self.page = Page(dots)
        self.dots = dots
        self.state = _State()
        self.cells: list[tuple[str, int, int, bool]] = []  # char, magnify w, magnify h, bold
        self.y = 0
        self.reader = _Reader(data)

    def feed(self, b: int) -> None:
        if b == 0x0A:
            self.flush()
        elif b == 0x1B:
            cmd = self.reader.byte()
            handler = _ESC.get(cmd)
            if handler is None:
                self.page.problems.append(f"unknown command ESC {cmd:#04x}")
            else:
                handler(self)
        elif b == 0x1D:
            cmd = self.reader.byte()
            handler = _GS.get(cmd)
            if handler is None:
                self.page.problems.append(f"unknown command GS {cmd:#04x}")
            else:
                handler(self)
        elif b < 0x20:
            self.page.problems.append(f"unknown control byte {b:#04x}")
        else:
            self.char(b)

    def char(self, b: int) -> None:
        """A printable byte into the line buffer; a full line is wrapped, as printers do."""
        char = bytes([b]).decode(self.state.table, errors="replace")
        w, h = self.state.magnify
        used = sum(FONT_A[0] * cw for _, cw, _, _ in self.cells)
        if used + FONT_A[0] * w > self.dots:
            self.flush(broken=True)
        self.cells.append((char, w, h, self.state.bold))

    def place(self, width: int) -> int:
        if self.state.align == 1:
            return (self.dots - width) // 2
        return self.dots - width if self.state.align == 2 else 0

    def flush(self, *, broken: bool = False) -> None:
        """Print the line buffer (an empty one feeds one line)."""
        cells, page = self.cells, self.page
        if not cells:
            self.y += DEFAULT_LINE_SPACING
            return
        width = sum(FONT_A[0] * w for _, w, _, _ in cells)
        mag_w = max(w for _, w, _, _ in cells)
        mag_h = max(h for _, _, h, _ in cells)
        height = FONT_A[1] * mag_h
        text = "".join(c for c, _, _, _ in cells)
        x = self.place(width)
        if x < 0 or x + width > self.dots:
            page.problems.append(f"line leaves the roll: {text!r}")
        page.lines.append(PrintedLine(text, x, self.y, width, height, (mag_w, mag_h),
                                      any(b for *_, b in cells), broken))  # fmt: skip
        if broken:
            page.problems.append(f"the printer had to wrap: {text!r}")
        self.y += max(DEFAULT_LINE_SPACING, height + 6)
        cells.clear()

    def image(self, rows: list[list[bool]], source: str, content: str = "") -> None:
        if self.cells:
            self.page.problems.append(f"{source} image with text still in the line buffer")
            self.flush()
        width = len(rows[0]) if rows else 0
        x = self.place(width)
        if x < 0 or x + width > self.dots:
            self.page.problems.append(f"{source} image {width} dots wide leaves the roll")
        self.page.images.append(DotImage(x, self.y, rows, source, content))
        self.y += len(rows)

    # -- ESC commands ------------------------------------------------------------------

    def esc_reset(self) -> None:  # ESC @
        self.state = _State()

    def esc_table(self) -> None:  # ESC t n
        n = self.reader.byte()
        if n not in _TABLES:
            self.page.problems.append(f"unknown code table {n}")
        self.state.table = _TABLES.get(n, "cp437")

    def esc_align(self) -> None:  # ESC a n
        self.state.align = self.reader.byte() % 48

    def esc_bold(self) -> None:  # ESC E n
        self.state.bold = bool(self.reader.byte() & 1)

    def esc_feed(self) -> None:  # ESC d n: print the buffer and feed n lines
        if self.cells:
            self.flush()
            self.y -= DEFAULT_LINE_SPACING
        self.y += DEFAULT_LINE_SPACING * self.reader.byte()

    # -- GS commands -------------------------------------------------------------------

    def gs_size(self) -> None:  # GS ! n
        n = self.reader.byte()
        self.state.magnify = ((n >> 4) + 1, (n & 0x0F) + 1)
        if max(self.state.magnify) > 8:
            self.page.problems.append(f"GS ! {n:#04x} is out of range")

    def gs_cut(self) -> None:  # GS V m [n]
        m = self.reader.byte()
        if m in (65, 66):
            self.reader.byte()
        if self.cells:
            self.flush()
        self.page.cuts.append(self.y)

    def gs_raster(self) -> None:  # GS v 0 m xL xH yL yH d...
        reader = self.reader
        if reader.byte() != ord("0") or reader.byte() != 0:
            self.page.problems.append("GS v: only GS v 0 in normal mode is emitted")
        xl, xh, yl, yh = reader.take(4)
        width_bytes, rows_count = xl + 256 * xh, yl + 256 * yh
        body = reader.take(width_bytes * rows_count)
        rows = [
            [bool(body[r * width_bytes + c // 8] & (0x80 >> (c % 8)))
             for c in range(width_bytes * 8)]
            for r in range(rows_count)
        ]  # fmt: skip
        self.image(rows, "raster")

    def gs_symbol(self) -> None:  # GS ( k pL pH cn fn ...
        if self.reader.byte() != ord("k"):
            self.page.problems.append("GS ( other than GS ( k")
        pl, ph = self.reader.take(2)
        args = self.reader.take(pl + 256 * ph)
        cn, fn, rest = args[0], args[1], args[2:]
        if cn != 49:
            self.page.problems.append(f"GS ( k symbol {cn} is not QR")
            return
        handler = _QR.get(fn)
        if handler is None:
            self.page.problems.append(f"GS ( k function {fn}")
        else:
            handler(self, rest)

    # -- GS ( k functions of the QR symbol (cn 49) ---------------------------------------

    def qr_model(self, rest: bytes) -> None:  # fn 65
        if rest[0] != 50:
            self.page.problems.append("QR model other than 2")

    def qr_module(self, rest: bytes) -> None:  # fn 67
        self.state.qr_module = rest[0]

    def qr_level(self, rest: bytes) -> None:  # fn 69
        self.state.qr_level = _LEVELS.get(rest[0], "L")

    def qr_store(self, rest: bytes) -> None:  # fn 80
        self.state.qr_data = rest[1:]

    def qr_print(self, _rest: bytes) -> None:  # fn 81
        content = self.state.qr_data.decode("utf-8")
        size = self.state.qr_module
        rows = [
            [dark for dark in row for _ in range(size)]
            for row in qr_matrix(content, self.state.qr_level)
            for _ in range(size)
        ]
        self.image(rows, "qr", content)


_ESC: dict[int, Callable[[_Printer], None]] = {
    ord("@"): _Printer.esc_reset,
    ord("t"): _Printer.esc_table,
    ord("a"): _Printer.esc_align,
    ord("E"): _Printer.esc_bold,
    ord("d"): _Printer.esc_feed,
}
_GS: dict[int, Callable[[_Printer], None]] = {
    ord("!"): _Printer.gs_size,
    ord("V"): _Printer.gs_cut,
    ord("v"): _Printer.gs_raster,
    ord("("): _Printer.gs_symbol,
}
_QR: dict[int, Callable[[_Printer, bytes], None]] = {
    65: _Printer.qr_model,
    67: _Printer.qr_module,
    69: _Printer.qr_level,
    80: _Printer.qr_store,
    81: _Printer.qr_print,
}
