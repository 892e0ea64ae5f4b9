"""Qt calls keep Python's singletons alive (issue 10 item 5, the root cause).

shiboken6 6.12.0 returned ``None`` from every void method, and passed ``True``/``False``
to every bool signal, without taking a reference. Python 3.12+ made those objects
immortal, so nobody noticed there; on 3.11 each call dropped one reference and a long
enough run (a register PDF of a busy week: tens of thousands of ``QPainter`` calls)
ended in ``Fatal Python error: none_dealloc`` / ``bool_dealloc``. pyproject.toml keeps
that build out; this test fails at once on any build that does it again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QImage, QPainter

CALLS = 2000
SLACK = 50  # the interpreter's own use of None over the loop, far below CALLS


class _Flag(QObject):
    toggled = Signal(bool)


def test_void_qt_calls_keep_none_referenced(qapp) -> None:  # type: ignore[no-untyped-def]
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    colour = QColor("black")
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        painter.setPen(colour)  # a void method: returns None to Python
    after = sys.getrefcount(None)
    painter.end()
    assert abs(after - before) < SLACK, f"None lost {before - after} references"


def test_bool_signals_keep_true_and_false_referenced(qapp) -> None:  # type: ignore[no-untyped-def]
    flag = _Flag()
    seen: list[bool] = []
    flag.toggled.connect(seen.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for i in range(CALLS):
        flag.toggled.emit(i % 2 == 0)
    seen.clear()
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert abs(after[0] - before[0]) < SLACK and abs(after[1] - before[1]) < SLACK, (
        f"True/False lost {before[0] - after[0]}/{before[1] - after[1]} references"
    )
