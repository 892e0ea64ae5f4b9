"""Pictures of what the thermal printer prints, made from the ESC/POS bytes themselves.

    QT_QPA_PLATFORM=offscreen python -m loket.ui.tools.ticket_pictures resources/screenshots

The bytes ``escpos_bytes`` sends are played back by ``loket.printing.interpret`` and
drawn dot for dot: the README's 58 mm ticket (QR by the printer, ``GS ( k``) and 80 mm
reprint (QR as a raster image, ``GS v 0``). A test runs this into a temp folder.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from loket.printing.escpos import ROLLS, escpos_bytes
from loket.printing.interpret import interpret
from loket.printing.qr import qr_content
from loket.printing.slip import TicketSlip
from loket.ui.devices.printing import localized, paint_escpos
from loket.ui.qapp import application

ISSUED = datetime(2026, 11, 23, 2, 5, tzinfo=UTC)
EXAMPLE = TicketSlip(
    "Kelurahan Padang Pasir Kecamatan Padang Barat Kota Padang",
    "Surat Keterangan Tidak Mampu (SKTM) untuk Beasiswa",
    "C-123",
    ISSUED,
    "Asia/Jakarta",
    7,
    35,
    qr=qr_content("0f8fad5b-d9cb-469f-a165-70867728950e"),
)


def take(folder: Path) -> list[Path]:
    application()
    folder.mkdir(parents=True, exist_ok=True)
    reprint = TicketSlip(
        **{**EXAMPLE.__dict__, "reprinted_at": datetime(2026, 11, 23, 3, 40, tzinfo=UTC)}
    )
    paths = []
    for width, slip, native in ((58, EXAMPLE, True), (80, reprint, False)):
        page = interpret(escpos_bytes(localized(slip), width, native_qr=native), ROLLS[width].dots)
        if page.problems:
            raise ValueError(f"{width} mm: {page.problems}")
        path = folder / f"ticket-{width}mm.png"
        if not paint_escpos(page).save(str(path)):
            raise OSError(f"could not save {path}")
        paths.append(path)
    return paths


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for path in take(Path(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshots")):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
